import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  api,
  expectNoHorizontalScroll,
  expectPath,
  login,
  moveContest,
  publishedContest,
  registerWorker,
  residentId,
  signedIn,
} from './support';

/**
 * Registration end to end (issue 3): an organizer publishes a contest whose event needs approval (through
 * the API); the worker finds it on a phone, registers in one tap and sees it pending; the organizer approves
 * on the desk and draws blind numbers (a second draw is refused); the worker downloads the admission ticket
 * (a real PDF); the organizer checks the worker in on a phone by typing the ticket's QR payload, and a second
 * check-in — without JavaScript — is refused. Screenshots: e2e/.artifacts/screenshots/registration-*.png.
 */
const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const ORGANIZER = '13900000003'; // 梁溪区总工会
const WORKER = '13900000101'; // 王建国, 电工, 四级/中级工, complete profile
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

async function loggedIn(browser: Browser, phone: string, viewport: { width: number; height: number }, javaScriptEnabled = true) {
  const { context, page } = await signedIn(browser, phone, { viewport, javaScriptEnabled });
  // a worker lands on the home page, an organizer on the 管理 workspace
  await expect(page).toHaveURL(phone === ORGANIZER ? /\/admin$/ : /\/$/);
  return { context, page };
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `registration-${name}.png`), fullPage: true });
}

test('a worker registers on a phone, the organizer approves, draws and checks them in; double draw and double check-in are refused', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36).toUpperCase();
  const title = `梁溪区职工电工技能竞赛·E2E ${stamp}`;

  // ---------- setup through the API: a published contest whose event needs approval ----------
  const organizer = await login(request, ORGANIZER);
  const trades = await api(request, 'listTrades', {});
  const electrician = trades.find((t) => t.name === '电工');
  expect(electrician, 'the demo trades include 电工').toBeTruthy();
  const { contest, event } = await publishedContest(
    request,
    organizer,
    { title, tier: 'district', inPlan: true, venue: '梁溪区职工技能实训基地', days: [-1, 5, 8, 9] },
    {
      tradeId: electrician!.id,
      targetLevel: 'senior',
      capacity: 12,
      requiresApproval: true,
      eligibility: { minLevel: 'junior', maxLevel: 'senior', minAge: 18, maxAge: 55, unionMemberOnly: true },
    },
  );

  const worker = await loggedIn(browser, WORKER, PHONE);
  const wp = worker.page;

  await test.step('the worker finds the contest with the filters and opens it', async () => {
    await wp.goto('/contests');
    await expect(wp.getByRole('heading', { level: 1 })).toBeVisible();
    await wp.getByLabel('关键词').fill(stamp);
    // on a phone the other filters fold away under one line, so the list starts near the top
    await expect(wp.getByLabel('只看正在报名')).toBeHidden();
    await wp.getByText('更多筛选条件').click();
    await wp.getByLabel('只看正在报名').check();
    await wp.getByRole('button', { name: '筛选', exact: true }).click();
    await expect(wp).toHaveURL(/open=1/);
    // a filter set keeps the fold open and says so
    await expect(wp.getByText('更多筛选条件（已选 1 项）')).toBeVisible();
    await expect(wp.getByLabel('只看正在报名')).toBeChecked();
    await expect(wp.getByText('共 1 项')).toBeVisible();
    await expectNoHorizontalScroll(wp);
    await shoot(wp, 'contests-filtered-375');
    await wp.getByRole('link', { name: title }).click();
    await expect(wp).toHaveURL(new RegExp(`/contests/${contest.id}$`));
    await expect(wp.getByRole('heading', { level: 1, name: title })).toBeVisible();
  });

  const card = wp.getByRole('article', { name: '电工' });
  // the same contest open in a second tab, from before the registration
  const stale = await worker.context.newPage();
  await stale.goto(`/contests/${contest.id}`);
  await test.step('seats, eligibility and one-tap registration; the status is pending', async () => {
    await expect(card.getByText('12 / 12')).toBeVisible();
    await expect(card.getByText('报名需组织者审核')).toBeVisible();
    await expect(card.getByText('仅限工会会员')).toBeVisible();
    await expect(card.getByText('18–55 周岁')).toBeVisible();
    await expect(card.getByText('您符合报名条件')).toBeVisible();
    await expectNoHorizontalScroll(wp);
    await card.getByRole('button', { name: '立即报名' }).click();
    await expect(card.getByRole('status')).toContainText('报名已提交，请等待组织者审核。');
    await expect(card.getByText('待审核', { exact: true })).toBeVisible();
    await expect(card.getByText('11 / 12')).toBeVisible();
    await expect(card.getByRole('button', { name: '立即报名' })).toHaveCount(0);
    await expectNoHorizontalScroll(wp);
    await shoot(wp, 'contest-375');
  });

  await test.step('registering twice is refused with a readable reason (the API says ALREADY_REGISTERED)', async () => {
    const again = await worker.context.request.post(`/contests/${contest.id}?/register`, {
      form: { eventId: String(event.id) },
      headers: { origin: new URL(wp.url()).origin, accept: 'application/json' },
    });
    const body = JSON.stringify(await again.json());
    expect(body).toContain('ALREADY_REGISTERED');
    // the tab opened before still offers 立即报名; tapping it says why not and the card catches up with the registration
    const behind = stale.getByRole('article', { name: '电工' });
    await behind.getByRole('button', { name: '立即报名' }).click();
    await expect(behind.getByRole('alert')).toContainText('您已报名该赛项。');
    await expect(behind.getByText('待审核', { exact: true })).toBeVisible();
    await expect(behind.getByText('11 / 12')).toBeVisible();
    await expect(behind.getByRole('button', { name: '立即报名' })).toHaveCount(0);
    await stale.close();
  });

  await test.step('my registrations shows it pending, cancellable until registration closes', async () => {
    await wp.goto('/me/registrations');
    const mine = wp.getByRole('listitem').filter({ hasText: title });
    await expect(mine.getByText('待审核', { exact: true })).toBeVisible();
    await expect(mine.getByText('审核通过后可下载准考证')).toBeVisible();
    await expect(mine.getByText(/前可取消$/)).toBeVisible();
    await expect(mine.getByRole('button', { name: /取消报名/ })).toBeVisible();
    await expect(mine.getByRole('link', { name: '下载准考证' })).toHaveCount(0);
    await expectNoHorizontalScroll(wp);
    await shoot(wp, 'my-registrations-pending-375');
  });

  const desk = await loggedIn(browser, ORGANIZER, DESKTOP);
  const dp = desk.page;
  const deskUrl = `/manage/events/${event.id}/registrations`;

  await test.step('the organizer finds the registration on the desk (masked ID) and approves it', async () => {
    await dp.goto(deskUrl);
    await expect(dp.getByRole('heading', { level: 1, name: '报名审核台' })).toBeVisible();
    await expect(dp.getByText(title)).toBeVisible();
    await dp.getByLabel('状态').selectOption('pending');
    await dp.getByLabel('搜索').fill('王建国');
    await dp.getByRole('button', { name: '查询' }).click();
    await expect(dp).toHaveURL(/status=pending/);
    const row = dp.getByRole('row').filter({ hasText: '王建国' });
    await expect(row).toHaveCount(1);
    // resident IDs are masked: 6 digits, 8 stars, the last 4
    await expect(row).toContainText(/\d{6}\*{8}\d{3}[\dX]/);
    expect(await row.innerText()).not.toMatch(/\d{17}[\dX]/);
    // a rejection without a reason is refused next to the form
    await row.getByRole('checkbox').check();
    await dp.getByRole('button', { name: '驳回所选' }).click();
    await expect(dp.getByRole('alert').filter({ hasText: '驳回报名需要填写原因。' })).toBeVisible();
    await row.getByRole('checkbox').check();
    await dp.getByRole('button', { name: '通过所选' }).click();
    await expect(dp.getByRole('status').filter({ hasText: '已通过 1 条报名。' })).toBeVisible();
    await dp.goto(deskUrl);
    await expect(dp.getByRole('row').filter({ hasText: '王建国' }).getByText('已确认')).toBeVisible();
  });

  await test.step('confirmed before the draw: the ticket can be had, and says its number is still to come', async () => {
    await wp.goto('/me/registrations');
    const mine = wp.getByRole('listitem').filter({ hasText: title });
    await expect(mine.getByText('已确认', { exact: true })).toBeVisible();
    await expect(mine.getByRole('link', { name: '下载准考证' })).toHaveAccessibleDescription(/^检录号尚待抽签/);
  });

  await test.step('the export links give a CSV and an XLSX file', async () => {
    const csvLink = dp.getByRole('link', { name: '导出 CSV' });
    await expect(csvLink).toHaveAttribute('rel', 'external');
    const csv = await desk.context.request.get((await csvLink.getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect((await csv.body()).toString('utf8')).toContain('王建国');
    const xlsx = await desk.context.request.get((await dp.getByRole('link', { name: '导出 Excel' }).getAttribute('href'))!);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  await test.step('while registration is open the draw says from when it is allowed, its button disabled', async () => {
    await dp.goto(deskUrl);
    await expect(dp.getByText(/^报名截止（.+ 北京时间）后才能抽签$/)).toBeVisible();
    await expect(dp.getByRole('button', { name: '开始抽签' })).toBeDisabled();
    await dp.setViewportSize(PHONE);
    await shoot(dp, 'desk-draw-wait-375');
    await dp.setViewportSize(DESKTOP);
    // registration closes: the organizer moves the dates through the API, and the draw is allowed
    await moveContest(request, organizer, contest.id, 'closed');
    await dp.reload();
    await expect(dp.getByText(/后才能抽签/)).toHaveCount(0);
    await expect(dp.getByRole('button', { name: '开始抽签' })).toBeEnabled();
  });

  await test.step('the organizer draws blind numbers once; a second draw (from a stale tab) is refused with the API message', async () => {
    const stale = await desk.context.newPage();
    await stale.goto(deskUrl);
    await dp.getByLabel('抽签种子（可选）').fill(`E2E-${stamp}`);
    await dp.getByLabel(/确认现在抽签/).check();
    await dp.getByRole('button', { name: '开始抽签' }).click();
    await expect(dp.getByRole('status').filter({ hasText: '抽签完成：1 名选手已分配检录号。' })).toBeVisible();
    await expect(dp.getByText(`E2E-${stamp}`)).toBeVisible();
    await expect(dp.getByRole('row').filter({ hasText: '王建国' }).getByText('检录号 A001')).toBeVisible();
    await expect(dp.getByRole('button', { name: '开始抽签' })).toHaveCount(0);
    await expectNoHorizontalScroll(dp);
    await shoot(dp, 'desk-1280');

    await stale.getByLabel(/确认现在抽签/).check();
    await stale.getByRole('button', { name: '开始抽签' }).click();
    await expect(stale.getByRole('alert').filter({ hasText: '该赛项已抽签' })).toBeVisible();
    await stale.close();
  });

  let payload = '';
  await test.step('the worker sees the blind number and downloads the admission ticket (a PDF)', async () => {
    await wp.goto('/me/registrations');
    const mine = wp.getByRole('listitem').filter({ hasText: title });
    await expect(mine.getByText('已确认', { exact: true })).toBeVisible();
    await expect(mine.getByText('检录号 A001')).toBeVisible();
    await expect(mine.getByText(/检录号尚待抽签/)).toHaveCount(0);
    const [download] = await Promise.all([wp.waitForEvent('download'), mine.getByRole('link', { name: '下载准考证' }).click()]);
    const file = path.join(shots, `registration-ticket-${stamp}.pdf`);
    await download.saveAs(file);
    const pdf = fs.readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // the ticket prints the code its QR link carries (…/manage/check-in?code=GJT1%3A<code>, renderTicket); typed as GJT1:<code>
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
    expect(text).toContain('准考证');
    expect(text).toContain('王建国');
    const code = /核验码\s*([A-Za-z0-9_-]{8,})/.exec(text)?.[1];
    expect(code, text).toBeTruthy();
    payload = `GJT1:${code}`;
    fs.rmSync(file);
    await shoot(wp, 'my-registrations-375');
  });

  await test.step('the organizer checks the worker in on a phone by typing the QR payload and Enter', async () => {
    const phone = await loggedIn(browser, ORGANIZER, PHONE);
    const cp = phone.page;
    await cp.goto('/manage/check-in');
    await cp.getByLabel('检录赛项').selectOption(String(event.id));
    await cp.getByRole('button', { name: '进入' }).click();
    await expect(cp).toHaveURL(new RegExp(`event=${event.id}`));
    const input = cp.getByLabel('准考证二维码');
    await expect(input).toBeFocused();
    await expect(cp.getByText('已检录 0 人')).toBeVisible();
    await input.pressSequentially(payload);
    await input.press('Enter');
    const done = cp.getByRole('status').filter({ hasText: '检录成功' });
    await expect(done).toContainText('王建国');
    await expect(done).toContainText('A001');
    await expect(input).toBeFocused();
    await expect(input).toHaveValue('');
    await expect(cp.getByText('已检录 1 人')).toBeVisible();
    await expect(cp.getByRole('listitem').filter({ hasText: '王建国' })).toContainText('A001');
    await expectNoHorizontalScroll(cp);
    await shoot(cp, 'check-in-375');
    await phone.context.close();
  });

  await test.step('a second check-in is refused with the API message (without JavaScript)', async () => {
    const noJs = await loggedIn(browser, ORGANIZER, PHONE, false);
    const np = noJs.page;
    await np.goto(`/manage/check-in?event=${event.id}`);
    await expect(np.getByLabel('准考证二维码')).toBeFocused();
    await np.getByLabel('准考证二维码').fill(payload);
    await np.getByRole('button', { name: '检录', exact: true }).click();
    // a second check-in: amber 已检录 with the time of the first, not the red of a bad ticket
    await expect(np.getByRole('alert').filter({ hasText: '已检录' })).toContainText(/该选手已于 \d{2}:\d{2} 检录/);
    await expect(np).toHaveURL(new RegExp(`event=${event.id}`));
    await expect(np.getByText('已检录 1 人')).toBeVisible();
    await expect(np.getByLabel('准考证二维码')).toBeFocused();
    await shoot(np, 'check-in-refused-375');
    await noJs.context.close();
  });

  await test.step('the contest page shows the worker confirmed with the blind number', async () => {
    await wp.goto(`/contests/${contest.id}`);
    const c = wp.getByRole('article', { name: '电工' });
    await expect(c.getByText('已确认', { exact: true })).toBeVisible();
    await expect(c.getByText('检录号 A001')).toBeVisible();
    await expect(c.getByText('已检录')).toBeVisible();
  });

  await worker.context.close();
  await desk.context.close();
});

test('the contest page explains why a worker cannot register, without JavaScript', async ({ browser, request }) => {
  const organizer = await login(request, ORGANIZER);
  const trades = await api(request, 'listTrades', {});
  const stamp = Date.now().toString(36).toUpperCase();
  // one event above the worker's level, one whose registration the API would refuse for the same reason
  const { contest } = await publishedContest(
    request,
    organizer,
    { title: `梁溪区高技能人才挑战赛·E2E ${stamp}`, tier: 'district', inPlan: false, days: [-1, 5, 8, 9] },
    { tradeId: trades[0]!.id, capacity: 5, eligibility: { minLevel: 'technician' } },
  );

  const worker = await loggedIn(browser, WORKER, PHONE, false);
  await worker.page.goto(`/contests/${contest.id}`);
  const card = worker.page.getByRole('article').first();
  await expect(card.getByText(/您的技能等级（四级\/中级工）低于本赛项要求（二级\/技师及以上）/)).toBeVisible();
  await expect(card.getByRole('button', { name: '立即报名' })).toHaveCount(0);
  await expectNoHorizontalScroll(worker.page);
  await worker.context.close();

  const fresh = await loggedIn(browser, '13900000102', PHONE, false);
  await fresh.page.goto(`/contests/${contest.id}`);
  await expect(fresh.page.getByText('报名前请先完善个人资料（身份证号、工作单位、工种）。')).toBeVisible();
  await fresh.page.getByRole('link', { name: '去完善个人资料' }).click();
  await expect(fresh.page).toHaveURL(/\/profile$/);
  await fresh.context.close();

  // a technician with a complete profile registers in one tap, without JavaScript, and gets a confirmed seat
  const tech = await registerWorker(request, '钱技师');
  const techSession = await login(request, tech.phone, tech.password);
  const orgs = await api(request, 'listOrgs', {}, techSession);
  await api(
    request,
    'updateMyProfile',
    {
      body: {
        name: '钱技师',
        idNumber: residentId('19850315'),
        employerOrgId: orgs.find((o) => o.kind === 'base')!.id,
        tradeId: trades[0]!.id,
        skillLevel: 'technician',
        unionMember: true,
      },
    },
    techSession,
  );
  const noJs = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', javaScriptEnabled: false });
  const np = await noJs.newPage();
  await np.goto(`/login?redirectTo=/contests/${contest.id}`);
  await np.getByLabel('手机号').fill(tech.phone);
  await np.getByLabel('密码').fill(tech.password);
  await np.getByRole('button', { name: '登录' }).click();
  await expectPath(np, `/contests/${contest.id}`);
  const techCard = np.getByRole('article').first();
  await expect(techCard.getByText('5 / 5')).toBeVisible();
  await techCard.getByRole('button', { name: '立即报名' }).click();
  await expect(techCard.getByRole('status')).toContainText('报名成功，您已确认参赛。');
  await expect(techCard.getByText('已确认', { exact: true })).toBeVisible();
  await expect(techCard.getByText('4 / 5')).toBeVisible();
  await noJs.close();
});
