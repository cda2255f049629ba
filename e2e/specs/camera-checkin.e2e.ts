import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { api, DEMO_PASSWORD, expectNoHorizontalScroll, login, moveContest, publishedContest, registerWorker, residentId } from './support';

/**
 * Issue 17 items 2 and 3 on a phone:
 * - an organizer checks a contestant in WITH THE CAMERA: Chromium's fake camera is fed the QR image taken out of the
 *   contestant's real ticket PDF (a link to /manage/check-in?code=GJT1%3A…); the page reads it, checks in, shows the
 *   blind number large, and does not post the same code again while it stays in view; the ticket link opened on a staff
 *   phone asks for one tap, and a second check-in is refused visibly (已检录, with the time);
 * - the projector page shows a class session's QR, changing every 30 s; a code two windows old is refused on the
 *   worker's phone with "二维码已过期，请扫描现场最新二维码", the current one checks in.
 * Screenshots: e2e/.artifacts/screenshots/camera-*.png.
 */
const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const ORGANIZER = '13900000003'; // 梁溪区总工会
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const WINDOW_MS = 30_000;
const MINUTE = 60_000;

async function shoot(page: Page, name: string) {
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: path.join(shots, `camera-${name}.png`), fullPage: true });
}

async function logIn(browser: Browser, phone: string, password: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(viewport.width < 500 ? { hasTouch: true, isMobile: true } : {}),
  });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
  return { context, page };
}

/**
 * A Y4M video (YUV4MPEG2, I420) of `luma` (width × height, 0–255) for --use-file-for-fake-video-capture: the picture is
 * grey (U = V = 128), a few identical frames that Chromium loops.
 */
function writeY4m(file: string, luma: Uint8Array, width: number, height: number) {
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(luma), chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: 10 }, () => frame)]));
}

test('an organizer checks a contestant in with the phone camera; a class code expires after its window', async ({ browser, request }) => {
  test.setTimeout(240_000);
  fs.mkdirSync(shots, { recursive: true });
  const stamp = Date.now().toString(36).toUpperCase();
  const title = `梁溪区职工电工竞赛·扫码 ${stamp}`;
  const classTitle = `电工培训班·动态签到码 ${stamp}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-camera-'));

  // ---------- setup through the API: a confirmed, numbered contestant of a contest, and a class under way ----------
  const organizer = await login(request, ORGANIZER);
  const electrician = (await api(request, 'listTrades', {})).find((t) => t.name === '电工')!;
  const orgs = await api(request, 'listOrgs', {}, organizer);
  const employer = orgs.find((o) => o.kind === 'base')!;
  const name = `扫码测${stamp.slice(-2)}`;
  const { phone, password } = await registerWorker(request, name);
  const worker = await login(request, phone, password);
  await api(
    request,
    'updateMyProfile',
    {
      body: {
        name,
        idNumber: residentId('19880312'),
        employerOrgId: employer.id,
        tradeId: electrician.id,
        skillLevel: 'intermediate',
        certificateNo: null,
        unionMember: true,
      },
    },
    worker,
  );
  const { contest, event } = await publishedContest(
    request,
    organizer,
    { title, tier: 'district', inPlan: true, venue: '梁溪区职工技能实训基地', days: [-1, 5, 8, 9] },
    { tradeId: electrician.id, capacity: 10 },
  );
  const registration = await api(request, 'registerForEvent', { params: { id: event.id } }, worker);
  expect(registration.status).toBe('confirmed');
  await moveContest(request, organizer, contest.id, 'closed');
  const draw = await api(request, 'drawBibs', { params: { id: event.id } }, { ...organizer, undeclaredBody: { seed: `camera-${stamp}` } });
  const bib = draw.assignments[0]!.bib;

  const now = Date.now();
  const created = await api(
    request,
    'createTraining',
    {
      body: {
        title: classTitle,
        tradeId: electrician.id,
        targetLevel: 'senior',
        orgId: organizer.user.orgId!,
        capacity: 10,
        enrolOpensAt: new Date(now - 86_400_000).toISOString(),
        enrolClosesAt: new Date(now + 86_400_000).toISOString(),
        sessions: [{ startsAt: new Date(now - 5 * MINUTE).toISOString(), endsAt: new Date(now + 120 * MINUTE).toISOString() }],
      },
    },
    organizer,
  );
  await api(request, 'enrol', { params: { id: created.id } }, worker);
  const sessionId = (await api(request, 'getTraining', { params: { id: created.id } })).sessions[0]!.id;

  // ---------- the ticket the contestant downloads: its QR image, taken out of the PDF ----------
  let qrPng = '';
  let ticketLink = '';
  await test.step('the ticket PDF carries a QR image and the code printed beside it', async () => {
    const res = await request.get(`/api/registrations/${registration.id}/ticket.pdf`, {
      headers: { authorization: `Bearer ${worker.token}` },
    });
    expect(res.status()).toBe(200);
    const pdf = path.join(tmp, 'ticket.pdf');
    fs.writeFileSync(pdf, await res.body());
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString('utf8');
    const code = /核验码\s*([A-Za-z0-9_-]{8,})/.exec(text)?.[1];
    expect(code, text).toBeTruthy();
    ticketLink = `/manage/check-in?code=${encodeURIComponent(`GJT1:${code}`)}`;
    execFileSync('pdfimages', ['-png', pdf, path.join(tmp, 'img')]);
    // the QR is the ticket's one square image
    const images = fs.readdirSync(tmp).filter((f) => f.startsWith('img') && f.endsWith('.png'));
    qrPng = images.map((f) => path.join(tmp, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
    expect(qrPng).toBeTruthy();
  });

  // ---------- the projector page: the class session's QR, changing every 30 s ----------
  const desk = await logIn(browser, ORGANIZER, DEMO_PASSWORD, DESKTOP);
  const projector = desk.page;
  let oldCode = '';
  await test.step('the projector page shows the session QR large, with a countdown and a full-screen button', async () => {
    await projector.goto(`/manage/trainings/${created.id}?session=${sessionId}`);
    await projector.getByRole('link', { name: '打开投屏页（签到二维码）' }).click();
    await expect(projector).toHaveURL(new RegExp(`/manage/trainings/${created.id}/sessions/${sessionId}/projector$`));
    await expect(projector.getByRole('heading', { level: 1, name: classTitle })).toBeVisible();
    const img = projector.getByRole('img', { name: '第 1 课次签到二维码' });
    await expect(img).toBeVisible();
    expect((await img.boundingBox())!.width).toBeGreaterThanOrEqual(400);
    await expect(projector.getByTestId('projector-countdown')).toHaveText(/^\d+ 秒后更换$/);
    await expect(projector.getByRole('button', { name: '全屏' })).toBeVisible();
    // without JavaScript the page reloads itself when the code changes
    const html = await (await projector.context().request.get(projector.url())).text();
    expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="\d+"\s*\/?><\/noscript>/);
    oldCode = (await projector.getByTestId('checkin-code').innerText()).trim();
    expect(oldCode).toMatch(/^GJS1:[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]{8}$/);
    await shoot(projector, 'projector-1280');
    await projector.setViewportSize(PHONE);
    await shoot(projector, 'projector-375');
    await projector.setViewportSize(DESKTOP);
  });

  // ---------- the camera: Chromium's fake device shows the ticket's QR ----------
  await test.step('the organizer turns the camera on at the venue and the ticket checks in, shown large', async () => {
    const feed = path.join(tmp, 'ticket-qr.y4m');
    // the QR image on a white 640 × 480 picture, its luma read from a canvas (the PNG decoded by a browser)
    const helper = await browser.newPage();
    const luma = await helper.evaluate(
      async (dataUrl: string) => {
        const img = new Image();
        img.src = dataUrl;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = 640;
        canvas.height = 480;
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, 640, 480);
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(img, 200, 120, 240, 240); // in the middle, with a wide quiet zone (the scanner reads the central square)
        const { data } = ctx.getImageData(0, 0, 640, 480);
        const y: number[] = [];
        for (let i = 0; i < data.length; i += 4) y.push(Math.round(0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!));
        return y;
      },
      `data:image/png;base64,${fs.readFileSync(qrPng).toString('base64')}`,
    );
    await helper.close();
    writeY4m(feed, Uint8Array.from(luma), 640, 480);

    // the file must exist when the browser starts: a browser of its own for this step
    const camBrowser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${feed}`,
      ],
    });
    try {
      const baseURL = test.info().project.use.baseURL!;
      const context = await camBrowser.newContext({
        baseURL,
        viewport: PHONE,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        hasTouch: true,
        isMobile: true,
        permissions: ['camera'],
      });
      const cp = await context.newPage();
      await cp.goto('/login');
      await cp.getByLabel('手机号').fill(ORGANIZER);
      await cp.getByLabel('密码').fill(DEMO_PASSWORD);
      await cp.getByRole('button', { name: '登录' }).click();
      await expect(cp.getByRole('button', { name: '退出', exact: true })).toBeVisible();
      await cp.goto(`/manage/check-in?event=${event.id}`);
      await expect(cp.getByText('已检录 0 人')).toBeVisible();
      await cp.getByRole('button', { name: '用摄像头扫码' }).click();
      const done = cp.getByTestId('checkin-result');
      await expect(done).toContainText('检录成功', { timeout: 20_000 });
      await expect(done).toContainText(bib);
      await expect(done).toContainText(name);
      await expect(done).toContainText(title);
      await expect(cp.getByText('已检录 1 人')).toBeVisible();
      await expect(cp.getByRole('button', { name: '关闭摄像头' })).toBeVisible();
      await shoot(cp, 'scan-375');
      // the ticket stays in front of the camera: it is not posted again (no 已检录 refusal replaces the result)
      await cp.waitForTimeout(5000);
      await expect(done).toContainText('检录成功');
      expect(await api(request, 'listCheckIns', { params: { id: event.id } }, organizer)).toHaveLength(1);
      await cp.setViewportSize(DESKTOP);
      await shoot(cp, 'scan-1280');
      await cp.setViewportSize(PHONE);
      await cp.getByRole('button', { name: '关闭摄像头' }).click();

      // the ticket's QR is a link: a staff phone's own camera app opens it; one tap confirms, and a second check-in is refused
      await cp.goto(ticketLink);
      await expect(cp.getByTestId('checkin-link-code')).toHaveText(/^GJT1:/);
      await cp.getByRole('button', { name: '确认检录' }).click();
      const refused = cp.getByTestId('checkin-result');
      await expect(refused).toContainText('已检录');
      await expect(refused).toContainText(/该选手已于 \d{2}:\d{2} 检录/);
      await expect(refused).toHaveClass(/already/);
      await shoot(cp, 'already-375');
      await context.close();
    } finally {
      await camBrowser.close();
    }
  });

  await test.step('without a camera the page says so and the typed field stays', async () => {
    const { context, page } = await logIn(browser, ORGANIZER, DEMO_PASSWORD, PHONE);
    await page.goto(`/manage/check-in?event=${event.id}`);
    await page.getByRole('button', { name: '用摄像头扫码' }).click();
    await expect(page.getByTestId('camera-problem')).toContainText(/摄像头/);
    await expect(page.getByLabel('准考证二维码')).toBeVisible();
    await context.close();
  });

  // ---------- a class code two windows old is refused on the worker's phone; the current one works ----------
  await test.step('the projector has drawn a new code by itself', async () => {
    await expect(projector.getByTestId('checkin-code')).not.toHaveText(oldCode, { timeout: 35_000 });
  });
  await test.step('an expired class code is refused on the phone with the Chinese message', async () => {
    const window = Number(oldCode.split('.')[1]);
    const expiredAt = (window + 2) * WINDOW_MS + 500;
    // the old code works for its window and the next: wait until the one after
    if (Date.now() < expiredAt) await new Promise((r) => setTimeout(r, expiredAt - Date.now()));
    const { context, page } = await logIn(browser, phone, password, PHONE);
    await page.goto(`/checkin?t=${encodeURIComponent(oldCode)}`);
    await expect(page.getByText('二维码已过期，请扫描现场最新二维码')).toBeVisible();
    await expect(page.getByRole('button', { name: '确认签到' })).toHaveCount(0);
    await shoot(page, 'class-expired-375');
    // the code the projector shows now checks in
    const fresh = (await projector.getByTestId('checkin-code').innerText()).trim();
    await page.goto(`/checkin?t=${encodeURIComponent(fresh)}`);
    await page.getByRole('button', { name: '确认签到' }).click();
    await expect(page.getByRole('status').filter({ hasText: '签到成功' })).toBeVisible();
    await context.close();
  });
  await desk.context.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
