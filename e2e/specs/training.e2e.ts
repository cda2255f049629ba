import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import type { ResponseOf } from '@gongjiang/contract';
import type { SkillLevel } from '@gongjiang/domain';
import {
  api,
  DEMO_PASSWORD,
  expectNoHorizontalScroll,
  login,
  moveContest,
  publishedContest,
  registerWorker,
  residentId,
  signedIn,
} from './support';

/**
 * Training, certificates and promotions end to end (issue 5).
 *
 * 1. An organizer creates a class with three sessions in the browser; 王建国 enrols on his phone, three
 *    more workers through the API; the organizer takes attendance over the three sessions — the last one
 *    partly by self check-in: the session QR is the URL /checkin?t=GJS1%3A<token> (read module by module);
 *    王建国 types the code GJS1:<token>.<window>.<mac> shown beside it on the projector page (it changes every 30 s), 李秀英 opens the URL as her phone's camera would,
 *    logs in and confirms with one tap — then enters exam scores and
 *    completes the class. 王建国 downloads his certificate (a PDF) and its code verifies on the public
 *    /verify page; a forged code shows nothing.
 * 2. A district contest is set up and judged through the API; the organizer previews and applies its
 *    promotions in the browser; the promoted worker's /me/skills shows the new level and "high-skill".
 *
 * Screenshots go to e2e/.artifacts/screenshots/training-*.png.
 */
const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const ORGANIZER = '13900000003'; // 梁溪区总工会 organizer
const CITY_ORGANIZER = '13900000002';
const WORKER = { phone: '13900000101', name: '王建国' }; // 电工, 四级/中级工
const JUDGE = '13900000014';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Beijing wall-clock `YYYY-MM-DDTHH:mm` of an instant (what a datetime-local field holds). */
const beijingLocal = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

async function shoot(page: Page, name: string) {
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: path.join(shots, `training-${name}.png`), fullPage: true });
}

/** Every control a thumb has to hit is at least 44 × 44 CSS px (inline links in running text excepted). */
async function expectTapTargets(page: Page) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main a, main button, main select, main input:not([type=hidden]):not([type=checkbox])')]
      .filter((el) => el.offsetParent !== null && !el.closest('p'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.height < 44 || r.width < 44))
      .map(
        ({ el, r }) =>
          `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
      ),
  );
  expect(small).toEqual([]);
}

async function browserLogin(browser: Browser, phone: string, viewport: { width: number; height: number }, password = DEMO_PASSWORD) {
  const { context, page } = await signedIn(browser, phone, { viewport, password });
  await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
  return { context, page };
}

type Org = ResponseOf<'listOrgs'>[number];

/** A fresh worker with a complete profile, through the API. */
async function apiWorker(request: APIRequestContext, name: string, employer: Org, tradeId: number, level: SkillLevel, n: number) {
  const { phone, password } = await registerWorker(request, name);
  const s = await login(request, phone, password);
  await api(
    request,
    'updateMyProfile',
    {
      body: {
        name,
        idNumber: residentId(`1987${String((n % 12) + 1).padStart(2, '0')}2${n % 9}`, 100 + ((Date.now() + n * 131) % 800)),
        employerOrgId: employer.id,
        tradeId,
        skillLevel: level,
        certificateNo: null,
        unionMember: true,
      },
    },
    s,
  );
  return { ...s, phone, password, name };
}

test.describe.configure({ mode: 'serial' });

test('an organizer runs a class end to end (QR self check-in included); the worker’s certificate PDF verifies publicly, a forged code does not', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36).toUpperCase();
  const title = `电工技能提升培训班·E2E ${stamp}`;
  const now = Date.now();
  // Sessions 1 and 2 are over (attendance taken afterwards); session 3 began 5 minutes ago, so its
  // self check-in is open (from the start, never before: 409 TOO_EARLY) and a scan now counts as present.
  const starts = [floorMinute(now - 2 * DAY), floorMinute(now - DAY), floorMinute(now - 5 * MINUTE)];
  const ends = starts.map((s) => s + 3 * 3600_000);

  const orgs = await api(request, 'listOrgs', {}, await login(request, CITY_ORGANIZER));
  const trades = await api(request, 'listTrades', {});
  const electrician = trades.find((t) => t.name === '电工') ?? trades[0]!;
  const bases = orgs.filter((o) => o.kind === 'base');

  // ---------- the organizer creates the class in the browser ----------
  const org = await browserLogin(browser, ORGANIZER, DESKTOP);
  let classId = 0;
  await test.step('create a class with three sessions', async () => {
    const { page } = org;
    await page.goto('/manage/trainings');
    await page.getByRole('link', { name: '新建培训班' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '新建培训班' })).toBeVisible();
    await page.getByLabel('培训班名称').fill(title);
    await page.getByLabel('工种').selectOption({ label: electrician.name });
    await page.getByLabel('目标等级').selectOption({ label: '三级/高级工' });
    await page.getByLabel('名额').fill('30');
    await page.getByLabel('地点').fill('梁溪区职工培训中心 302 教室');
    await page.getByLabel('报名开始（北京时间）').fill(beijingLocal(floorMinute(now - 3 * DAY)));
    await page.getByLabel('报名截止（北京时间）').fill(beijingLocal(floorMinute(now + DAY)));
    for (const [i, s] of starts.entries()) {
      await page.getByLabel(`第 ${i + 1} 课次开始`).fill(beijingLocal(s));
      await page.getByLabel(`第 ${i + 1} 课次结束`).fill(beijingLocal(ends[i]!).slice(11));
    }
    await expect(page.getByLabel('出勤要求（%）')).toHaveValue('80');
    await expect(page.getByLabel('合格分数线')).toHaveValue('60');
    await page.getByRole('button', { name: '发布培训班' }).click();
    await expect(page).toHaveURL(/\/manage\/trainings\/\d+\?created=1$/);
    await expect(page.getByText('培训班已发布。')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    classId = Number(/\/manage\/trainings\/(\d+)/.exec(page.url())![1]);
  });

  const detail = await api(request, 'getTraining', { params: { id: classId } });
  expect(detail.status).toBe('published');
  expect(detail.sessions.map((s) => new Date(s.startsAt).getTime())).toEqual(starts);
  expect(detail.sessions.map((s) => new Date(s.endsAt).getTime())).toEqual(ends);

  // ---------- 王建国 enrols on his phone ----------
  const worker = await browserLogin(browser, WORKER.phone, PHONE);
  await test.step('王建国 enrols at 375 px', async () => {
    const { page } = worker;
    await page.goto(`/trainings?q=${encodeURIComponent(stamp)}`);
    await page.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('heading', { name: '课程安排（共 3 课次）' })).toBeVisible();
    await page.getByRole('button', { name: '报名参加' }).click();
    await expect(page.getByText('报名成功。')).toBeVisible();
    await expect(page.getByText('已报名', { exact: true })).toBeVisible();
    await shoot(page, 'class-375');
    await expectTapTargets(page);
  });

  // ---------- three more workers through the API ----------
  const others: { name: string; level: SkillLevel }[] = [
    { name: '李秀英', level: 'senior' }, // completes; already at the target, so a certificate and no promotion
    { name: '陈志强', level: 'intermediate' }, // misses two sessions
    { name: '赵敏', level: 'junior' }, // theory 59.5: one half point short
  ];
  const viaApi: Awaited<ReturnType<typeof apiWorker>>[] = [];
  for (const [i, w] of others.entries()) {
    const s = await apiWorker(request, w.name, bases[(i + 3) % bases.length]!, electrician.id, w.level, i + 1);
    const e = await api(request, 'enrol', { params: { id: classId } }, s);
    expect(e.status).toBe('enrolled');
    viaApi.push(s);
  }

  // ---------- attendance over three sessions ----------
  const { page } = org;
  const sheet = page.getByRole('table', { name: /课次考勤/ });
  const mark = (name: string, status: '出勤' | '迟到' | '缺勤' | '请假') =>
    sheet.getByRole('radio', { name: `${name} ${status}`, exact: true });
  const saveSession = async (n: number) => {
    await page.getByRole('button', { name: `保存第 ${n} 课次考勤` }).click();
    await expect(page.getByText('已保存。')).toBeVisible();
  };
  const openSession = async (n: number) => {
    await page
      .getByRole('navigation', { name: '课次' })
      .getByRole('link', { name: new RegExp(`第 ${n} 课次`) })
      .click();
    await expect(page.getByRole('link', { name: new RegExp(`第 ${n} 课次`) })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('table', { name: `第 ${n} 课次考勤` })).toBeVisible();
  };

  await test.step('sessions 1 and 2 by the organizer', async () => {
    await page.reload();
    await openSession(1);
    await mark(WORKER.name, '出勤').check();
    await mark('李秀英', '出勤').check();
    await mark('陈志强', '出勤').check();
    await mark('赵敏', '出勤').check();
    await saveSession(1);
    await expect(page.getByRole('link', { name: /第 1 课次/ })).toContainText('已记 4/4');
    await expect(page.getByRole('link', { name: /第 2 课次/ })).toContainText('已记 0/4');

    await openSession(2);
    await mark(WORKER.name, '迟到').check();
    await mark('李秀英', '出勤').check();
    await mark('陈志强', '缺勤').check();
    await mark('赵敏', '出勤').check();
    await saveSession(2);

    // the same sheet on a phone: nothing wider than the screen, every radio a comfortable target
    await page.setViewportSize(PHONE);
    await expect(mark(WORKER.name, '迟到')).toBeChecked();
    await shoot(page, 'attendance-375');
    // the whole 44 px cell is the target: a tap on its corner marks the row
    const cell = mark('陈志强', '请假').locator('xpath=ancestor::label');
    const box = (await cell.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
    await cell.click({ position: { x: 3, y: 3 } });
    await expect(mark('陈志强', '请假')).toBeChecked();
    await mark('陈志强', '缺勤').check();
    await saveSession(2);
    // session 2 is over: its code checks nobody in any more, so no QR is offered for it
    await expect(page.getByText('本课次已结束，签到码已失效，请直接记录考勤。')).toBeVisible();
    await expect(page.getByRole('link', { name: '打开投屏页（签到二维码）' })).toHaveCount(0);
    await page.setViewportSize(DESKTOP);
  });

  let code = '';
  let checkinUrl = '';
  /** the projector page, open beside the desk: its code changes every 30 s, so each use reads the one shown now */
  let projector: Page | undefined;
  const fresh = async () => {
    code = (await projector!.getByTestId('checkin-code').innerText()).trim();
    checkinUrl = `${new URL(projector!.url()).origin}/checkin?t=${encodeURIComponent(code)}`;
    return code;
  };
  await test.step('session 3: 王建国 checks himself in with the session code on his phone', async () => {
    await openSession(3);
    const link = page.getByRole('link', { name: '打开投屏页（签到二维码）' });
    projector = await page.context().newPage();
    await projector.goto((await link.getAttribute('href'))!);
    await fresh();
    expect(code).toMatch(/^GJS1:[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]+$/);
    // the QR is the check-in page's address on this site with the code shown beside it, so any camera opens it
    expect(checkinUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkin\?t=GJS1%3A[A-Za-z0-9_.-]+$/);
    const qr = await page.request.get(`/api/trainings/${classId}/sessions/${detail.sessions[2]!.id}/qr.png`);
    expect(qr.status()).toBe(200);
    expect(qr.headers()['content-type']).toBe('image/png');
    // and the QR image really encodes it: read the PNG's modules in the browser, compare with the URL's matrix
    const img = projector.getByRole('img', { name: '第 3 课次签到二维码' });
    await expect(img).toBeVisible();
    const shown = await projector.evaluate(() => [document.querySelector('[data-testid=checkin-code]')!.textContent!.trim(), document.querySelector<HTMLImageElement>('[data-testid=projector-qr]')!.src]);
    const expected = QRCode.create(`${new URL(projector.url()).origin}/checkin?t=${encodeURIComponent(shown[0]!)}`, { errorCorrectionLevel: 'M' }).modules;
    // the image drawn for the window the page shows (its ?w=), whichever it is by now
    const scanned = await projector.evaluate(async ([src, size]) => {
      const el = new Image();
      el.src = src;
      await el.decode();
      const canvas = document.createElement('canvas');
      canvas.width = el.naturalWidth;
      canvas.height = el.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(el, 0, 0);
      const scale = el.naturalWidth / (size + 4); // margin: 2 modules each side
      const dark: number[] = [];
      for (let r = 0; r < size; r++)
        for (let c = 0; c < size; c++) {
          const [red] = ctx.getImageData(Math.floor((c + 2.5) * scale), Math.floor((r + 2.5) * scale), 1, 1).data;
          dark.push(red! < 128 ? 1 : 0);
        }
      return dark;
    }, [shown[1]!, expected.size] as const);
    expect(scanned).toEqual(Array.from(expected.data, (d) => (d ? 1 : 0)));

    const w = worker.page;
    await w.goto(`/trainings/${classId}`);
    await w.getByRole('link', { name: '上课签到' }).click();
    await expect(w.getByRole('heading', { level: 1, name: '培训签到' })).toBeVisible();
    await w.getByLabel('签到码').fill(await fresh());
    await w.getByRole('button', { name: '签到' }).click();
    const done = w.getByRole('status').filter({ hasText: '签到成功：出勤' });
    await expect(done).toBeVisible();
    await expect(done).toContainText(title);
    await shoot(w, 'checkin-375');
    await expectTapTargets(w);
    // a pasted check-in link works in the field too (a re-scan changes nothing)
    await w.goto('/checkin');
    await fresh();
    await w.getByLabel('签到码').fill(checkinUrl);
    await w.getByRole('button', { name: '签到' }).click();
    await expect(w.getByRole('status').filter({ hasText: '签到成功：出勤' })).toBeVisible();
    // text that is no code is refused here; a forged code by the API, with a clear message
    await w.goto('/checkin');
    await w.getByLabel('签到码').fill('签到码在哪');
    await w.getByRole('button', { name: '签到' }).click();
    await expect(w.getByText('这不是签到码或签到链接，请核对后重新输入。')).toBeVisible();
    // a forged code in a link is looked up before anything is offered: no confirm button, the field to retype it
    await w.goto('/checkin?t=GJS1:forged-token');
    await expect(w.getByText('没有找到这个签到码对应的课次，请核对后重新输入。')).toBeVisible();
    await expect(w.getByRole('button', { name: '确认签到' })).toHaveCount(0);
    await expect(w.getByLabel('签到码')).toHaveValue('GJS1:forged-token');
    // the link again after checking in: the page says so instead of offering the button
    await fresh();
    await w.goto(checkinUrl);
    await expect(w.getByText('本次课您已签到：出勤。')).toBeVisible();
    await expect(w.getByText(title)).toBeVisible();
    await expect(w.getByRole('button', { name: '确认签到' })).toHaveCount(0);
  });

  await test.step('session 3: 李秀英 scans the QR with her phone camera, logs in and confirms with one tap', async () => {
    const li = viaApi[0]!;
    const phone = await browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      hasTouch: true,
      isMobile: true,
    });
    const p = await phone.newPage();
    // the camera app opens the URL in the phone's browser; she is not logged in there yet
    await fresh();
    await p.goto(checkinUrl);
    await expect(p).toHaveURL(/\/login\?redirectTo=/);
    await p.getByLabel('手机号').fill(li.phone);
    await p.getByLabel('密码').fill(li.password);
    await p.getByRole('button', { name: '登录' }).click();
    // back on the check-in page with the code kept; opening it recorded nothing
    await expect(p).toHaveURL(checkinUrl);
    await expect(p.getByRole('heading', { level: 1, name: '培训签到' })).toBeVisible();
    await expect(p.getByTestId('checkin-confirm-code')).toHaveText(code);
    // the page says which class and session the code is for before she taps
    await expect(p.getByText(title)).toBeVisible();
    await expect(p.getByText(/第 \d 次课 · /)).toBeVisible();
    const orgSession = await login(request, ORGANIZER);
    const sheetNow = () => api(request, 'getAttendance', { params: { id: classId } }, orgSession);
    expect((await sheetNow()).enrolments.find((e) => e.name === '李秀英')!.attendance[2]).toBeNull();
    await p.reload();
    expect((await sheetNow()).enrolments.find((e) => e.name === '李秀英')!.attendance[2]).toBeNull();
    await shoot(p, 'checkin-confirm-375');
    await expectTapTargets(p);
    const confirm = p.getByRole('button', { name: '确认签到' });
    const box = (await confirm.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    await confirm.tap();
    const done = p.getByRole('status').filter({ hasText: '签到成功：出勤' });
    await expect(done).toBeVisible();
    await expect(done).toContainText(title);
    expect((await sheetNow()).enrolments.find((e) => e.name === '李秀英')!.attendance[2]).toBe('present');
    await phone.close();
  });

  await test.step('session 3: the organizer sees both self check-ins and marks the others', async () => {
    await page.reload();
    await expect(page.getByRole('table', { name: '第 3 课次考勤' })).toBeVisible();
    await expect(mark(WORKER.name, '出勤')).toBeChecked();
    await expect(mark('李秀英', '出勤')).toBeChecked();
    await mark('陈志强', '请假').check();
    await mark('赵敏', '迟到').check();
    await saveSession(3);
    await expect(mark(WORKER.name, '出勤')).toBeChecked();
    await shoot(page, 'attendance-1280');
  });

  await test.step('exam scores', async () => {
    const scores: [string, string, string][] = [
      [WORKER.name, '86', '78.5'],
      ['李秀英', '60', '60'],
      ['陈志强', '90', '92'],
      ['赵敏', '59.5', '88'],
    ];
    for (const [name, theory, practical] of scores) {
      await page.getByLabel(`${name} 理论`).fill(theory);
      await page.getByLabel(`${name} 实操`).fill(practical);
    }
    await page.getByRole('button', { name: '保存成绩' }).click();
    await expect(page.getByText('已保存。')).toBeVisible();
    await expect(page.getByLabel('赵敏 理论')).toHaveValue('59.5');
  });

  await test.step('complete the class', async () => {
    const outcome = page.getByRole('table', { name: '结业' });
    const row = (name: string) => outcome.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
    // the preview before completion: exactly 80 % is not met with 2 of 3 sessions; 60 points exactly passes
    await expect(row(WORKER.name)).toContainText('3/3');
    await expect(row(WORKER.name)).toContainText('结业');
    await expect(row('陈志强')).toContainText('1/3');
    await expect(row('陈志强')).toContainText('未结业');
    await expect(row('赵敏')).toContainText('未结业');
    await expect(row('李秀英')).not.toContainText('未结业');

    // session 3 is still running: completion waits for its end, said before the click, the button disabled
    await expect(page.getByText(/^最后一次课结束（.+ 北京时间）后才能结业$/)).toBeVisible();
    await expect(page.getByRole('button', { name: '确认结业并发证' })).toBeDisabled();
    await page.setViewportSize(PHONE);
    await shoot(page, 'complete-wait-375');
    await page.setViewportSize(DESKTOP);
    // the class ends early today: the organizer corrects session 3's end through the API, then completes
    await api(
      request,
      'updateTrainingSession',
      { params: { id: classId, sessionId: detail.sessions[2]!.id }, body: { endsAt: new Date().toISOString() } },
      await login(request, ORGANIZER),
    );
    await page.reload();
    await expect(page.getByText(/后才能结业/)).toHaveCount(0);
    await expect(page.getByText(/^将为 2 名学员确认结业并发放 2 张结业证书（共 4 名学员，2 名未达到结业条件）/)).toBeVisible();
    await page.getByLabel('我已核对考勤和成绩，确认结业并发证').check();
    await page.getByRole('button', { name: '确认结业并发证' }).click();
    await expect(page.getByText('已结业：合格学员已获发证书，达到目标等级的已晋升。')).toBeVisible();
    await expect(row(WORKER.name)).toContainText('晋升 四级/中级工 → 三级/高级工');
    await expect(row(WORKER.name)).toContainText(/证书编号 GJ-\d{4}-\d{6}/);
    await expect(row('李秀英')).toContainText(/证书编号 GJ-\d{4}-\d{6}/);
    await expect(row('李秀英')).not.toContainText('晋升');
    await expect(row('陈志强')).not.toContainText('证书编号');
    await expect(row('赵敏')).not.toContainText('证书编号');
    await expect(page.getByRole('button', { name: '确认结业并发证' })).toHaveCount(0);
    // a completed class shows no check-in code any more
    await expect(page.getByText('培训班已结业，签到码已停用。')).toBeVisible();
    await expect(page.getByRole('link', { name: '打开投屏页（签到二维码）' })).toHaveCount(0);
    await shoot(page, 'completed-1280');
  });

  let verifyCode = '';
  await test.step('王建国 sees his new level, downloads the certificate PDF and verifies it', async () => {
    const w = worker.page;
    await w.goto('/me/skills');
    await expect(w.getByTestId('skill-level')).toHaveText('三级/高级工');
    await expect(w.getByText('高技能人才', { exact: true })).toBeVisible();
    const history = w.getByRole('region', { name: '晋升记录' });
    await expect(history.getByRole('listitem').first()).toContainText(`培训班 · ${title}`);
    const cert = w.getByRole('region', { name: '我的证书' }).getByRole('listitem').filter({ hasText: title });
    await expect(cert).toHaveCount(1);
    await shoot(w, 'skills-after-class-375');
    await expectTapTargets(w);

    const link = cert.getByRole('link', { name: '下载证书 PDF' });
    const href = (await link.getAttribute('href'))!;
    verifyCode = decodeURIComponent(/\/download\/certificates\/([^/]+)\/pdf$/.exec(href)![1]!);
    const [download] = await Promise.all([w.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await w.request.get(href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);

    await cert.getByRole('link', { name: '核验页面' }).click();
    await expect(w.getByText('证书真实有效')).toBeVisible();
  });

  await test.step('the public verification page (no login) shows the certificate; a forged code shows nothing', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', hasTouch: true, isMobile: true });
    const p = await context.newPage();
    await p.goto('/verify');
    await p.getByLabel('核验码').fill(verifyCode);
    await p.getByRole('button', { name: '核验' }).click();
    await expect(p).toHaveURL(new RegExp(`/verify/${encodeURIComponent(verifyCode)}$`));
    const result = p.getByRole('region', { name: '证书真实有效' });
    await expect(result).toBeVisible();
    await expect(result).toContainText('王*国');
    await expect(result).not.toContainText('王建国');
    await expect(result).toContainText('三级/高级工');
    await expect(result).toContainText(`培训班 · ${title}`);
    await expect(result).toContainText(/GJ-\d{4}-\d{6}/);
    await shoot(p, 'verify-375');
    await expectTapTargets(p);

    const forged = verifyCode.slice(0, -2) + (verifyCode.endsWith('AA') ? 'BB' : 'AA');
    await p.getByLabel('核验码').fill(forged);
    await p.getByRole('button', { name: '核验' }).click();
    await expect(p.getByRole('alert')).toContainText('证书不存在或无效');
    await expect(p.getByText('证书真实有效')).toHaveCount(0);
    await expect(p.getByText('王*国')).toHaveCount(0);
    await expect(p.getByText(title)).toHaveCount(0);
    expect((await p.request.get(`/api/certificates/${encodeURIComponent(forged)}`)).status()).toBe(404);
    await shoot(p, 'verify-forged-375');
    await context.close();
  });

  await worker.context.close();
  await org.context.close();
  void viaApi;
});

test('after a contest’s promotions are applied in the browser, the worker’s page shows the new level and high-skill', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36).toUpperCase();
  const contestTitle = `梁溪区职工职业技能竞赛·E2E ${stamp}`;
  const organizer = await login(request, CITY_ORGANIZER);
  const judge = await login(request, JUDGE);
  const orgs = await api(request, 'listOrgs', {}, organizer);
  const trades = await api(request, 'listTrades', {});
  const trade = trades.find((t) => t.name === '钳工') ?? trades[0]!;
  const district = orgs.find((o) => o.name === '梁溪区总工会') ?? orgs.find((o) => o.kind === 'district')!;
  const bases = orgs.filter((o) => o.kind === 'base' && o.id !== judge.user.orgId);

  // ---------- an in-plan district contest, judged and published through the API ----------
  const { contest, event } = await publishedContest(
    request,
    organizer,
    { title: contestTitle, tier: 'district', orgId: district.id, inPlan: true, days: [-2, 1, 2, 3] },
    {
      tradeId: trade.id,
      targetLevel: 'senior',
      capacity: 10,
      requiresApproval: false,
      scoring: {
        theoryWeight: 0.3,
        practicalWeight: 0.7,
        aggregation: 'mean',
        passMark: 60,
        criteria: [{ name: '实际操作', maxScore: 100, kind: 'score' }],
      },
    },
  );
  // the district template: ranks 1–6 go to senior (capped at senior)
  expect(event.promotionRules).toEqual([expect.objectContaining({ targetLevel: 'senior', capLevel: 'senior' })]);

  const contestants = [
    { name: '孙晓东', theory: 88, practical: 90 }, // passes: 四级/中级工 → 三级/高级工
    { name: '钱小红', theory: 40, practical: 50 }, // 47 points: not passed
  ];
  const people: (Awaited<ReturnType<typeof apiWorker>> & (typeof contestants)[number] & { registrationId: number })[] = [];
  for (const [i, c] of contestants.entries()) {
    const s = await apiWorker(request, c.name, bases[(i + 1) % bases.length]!, trade.id, 'intermediate', i + 7);
    const reg = await api(request, 'registerForEvent', { params: { id: event.id } }, s);
    expect(reg.status).toBe('confirmed');
    people.push({ ...s, ...c, registrationId: reg.id });
  }
  // registration closes, the numbers are drawn, the contest is held and ends: each step at its time
  await moveContest(request, organizer, contest.id, 'closed');
  const draw = await api(
    request,
    'drawBibs',
    { params: { id: event.id } },
    { ...organizer, undeclaredBody: { seed: `e2e-training-${stamp}` } },
  );
  const bibOf = (p: (typeof people)[number]) => draw.assignments.find((a) => a.registrationId === p.registrationId)!.bib;
  await api(request, 'assignJudge', { params: { id: event.id }, body: { userId: judge.user.id, chief: true } }, organizer);
  await moveContest(request, organizer, contest.id, 'started');
  const sheet = await api(request, 'getScoreSheet', { params: { id: event.id } }, judge);
  const criterionId = sheet.criteria[0]!.id;
  const saved = await api(
    request,
    'saveScores',
    { params: { id: event.id }, body: people.map((p) => ({ bib: bibOf(p), criterionId, score: p.practical })) },
    judge,
  );
  expect(saved.every((s) => s.ok)).toBe(true);
  await api(request, 'submitScoreSheet', { params: { id: event.id } }, judge);
  await api(
    request,
    'saveTheoryScores',
    { params: { id: event.id }, body: people.map((p) => ({ bib: bibOf(p), score: p.theory })) },
    organizer,
  );
  await moveContest(request, organizer, contest.id, 'ended');
  await api(request, 'publishResults', { params: { id: event.id } }, organizer);

  // ---------- the organizer previews and applies in the browser ----------
  const org = await browserLogin(browser, CITY_ORGANIZER, DESKTOP);
  const { page } = org;
  await test.step('preview', async () => {
    await page.goto(`/manage/promotions/event/${event.id}`);
    await expect(page.getByRole('heading', { level: 1, name: '赛项晋升' })).toBeVisible();
    await expect(page.getByText(contestTitle)).toBeVisible();
    await expect(page.getByText('尚未执行晋升，以下为预览。')).toContainText('将晋升 1 人，其中成为高技能人才 1 人。');
    const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
    await expect(row('孙晓东')).toContainText('四级/中级工 → 三级/高级工');
    await expect(row('孙晓东')).toContainText('高技能人才');
    await expect(row('孙晓东')).toContainText('将晋升');
    await expect(row('钱小红')).toContainText('未达合格线');
    await shoot(page, 'promotions-preview-1280');
  });

  await test.step('apply', async () => {
    // irreversible: it says what will happen and will not go without the box ticked (the browser holds the form back)
    await expect(page.getByText('将为 1 名职工执行晋升（其中 1 名成为高技能人才）', { exact: false })).toBeVisible();
    await page.getByRole('button', { name: '执行晋升' }).click();
    expect(await page.getByLabel('我已核对名单，确认执行晋升').evaluate((box) => (box as HTMLInputElement).validity.valueMissing)).toBe(
      true,
    );
    await expect(page.getByText(/已执行晋升：/)).toHaveCount(0);
    await page.getByLabel('我已核对名单，确认执行晋升').check();
    await page.getByRole('button', { name: '执行晋升' }).click();
    await expect(page.getByText('已执行晋升：1 人。')).toBeVisible();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^孙晓东/ }) });
    await expect(row).toContainText('已晋升');
    await expect(row).toContainText(/GJ-\d{4}-\d{6}/);
    const today = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric' }).format(
      new Date(),
    );
    await expect(page.getByText(`已于 ${today} 执行晋升。`)).toContainText('本赛项的晋升已全部执行');
    await expect(page.getByRole('button', { name: '执行晋升' })).toHaveCount(0);
    await shoot(page, 'promotions-applied-1280');
  });

  await test.step('the tracker finds the promotion (contest, became high-skill) and exports it', async () => {
    await page.getByRole('link', { name: '晋升记录' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '晋升记录' })).toBeVisible();
    await page.getByLabel('来源').selectOption({ label: '技能大赛' });
    await page.getByLabel('只看晋升为高技能人才').check();
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/source=contest/);
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^孙晓东/ }) });
    await expect(row).toContainText('四级/中级工 → 三级/高级工');
    await expect(row).toContainText(contestTitle);
    await expect(page.getByRole('rowheader', { name: /^钱小红/ })).toHaveCount(0);
    // only contest promotions under this filter
    await expect(page.getByRole('table').getByText('培训班', { exact: false })).toHaveCount(0);
    const href = (await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href'))!;
    expect(href).toContain('source=contest');
    const csv = await page.request.get(href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain('孙晓东');
  });
  await org.context.close();

  await test.step('the worker’s page shows the new level and high-skill', async () => {
    const w = people[0]!;
    const { context, page: p } = await browserLogin(browser, w.phone, PHONE, w.password);
    await p.goto('/me/skills');
    await expect(p.getByTestId('skill-level')).toHaveText('三级/高级工');
    await expect(p.getByText('高技能人才', { exact: true })).toBeVisible();
    const history = p.getByRole('region', { name: '晋升记录' }).getByRole('listitem');
    await expect(history).toHaveCount(1);
    await expect(history.first()).toContainText('四级/中级工 → 三级/高级工');
    await expect(history.first()).toContainText(`技能大赛 · ${contestTitle}`);
    await shoot(p, 'skills-after-contest-375');
    // my registrations: the result is published and registration long closed, so nothing to cancel any more
    await p.goto('/me/registrations');
    const mine = p.getByRole('listitem').filter({ hasText: contestTitle });
    await expect(mine).toBeVisible();
    await expect(mine.getByRole('button', { name: /取消报名/ })).toHaveCount(0);
    await context.close();

    // the one who did not pass keeps the level
    const other = await api(request, 'getMe', {}, people[1]!);
    expect(other.profile?.skillLevel).toBe('intermediate');
  });
});
