import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { api, DEMO_ADMIN, expectNoHorizontalScroll, login, logIn, publishedContest, registerWorker, residentId } from './support';

/**
 * Notifications on a 375 px phone: a worker waiting for a seat is moved up when the seat holder cancels, and finds it in
 * 收件箱 — delivered by the server's own job loop (JOBS_POLL_MS, every 500 ms), not by the test. The header shows the
 * unread count; the worker marks it read without JavaScript; turns on SMS on the profile page; the admin sees the job
 * queue. Screenshots: e2e/.artifacts/screenshots/inbox-*.png.
 */
const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const ORGANIZER = '13900000003'; // 梁溪区总工会

async function waitingWorker(request: APIRequestContext) {
  const organizer = await login(request, ORGANIZER);
  const trades = await api(request, 'listTrades', {});
  const trade = trades.find((t) => t.name === '焊工') ?? trades[0]!;
  const title = `梁溪区职工焊工技能竞赛·候补 ${Date.now().toString(36).toUpperCase()}`;
  const { event } = await publishedContest(
    request,
    organizer,
    { title, tier: 'district', inPlan: true, days: [-1, 10, 20, 21] },
    { tradeId: trade.id, capacity: 1, eligibility: { unionMemberOnly: false } },
  );
  const orgs = await api(request, 'listOrgs', {}, organizer);
  const people = [];
  for (const [i, name] of ['钱焊工', '孙焊工'].entries()) {
    const w = await registerWorker(request, name);
    const s = await login(request, w.phone, w.password);
    const body = {
      name,
      idNumber: residentId(`1991061${i}`, 100 + ((Date.now() + i * 37) % 800)),
      employerOrgId: orgs.find((o) => o.kind === 'base')!.id,
      tradeId: trade.id,
      skillLevel: 'intermediate' as const,
      certificateNo: null,
      unionMember: true,
    };
    await api(request, 'updateMyProfile', { body }, s);
    const reg = await api(request, 'registerForEvent', { params: { id: event.id } }, s);
    people.push({ ...w, session: s, reg });
  }
  expect(people.map((p) => p.reg.status)).toEqual(['confirmed', 'waitlisted']);
  return { title, holder: people[0]!, waiting: people[1]! };
}

test('a worker moved up from the waiting list finds it in the inbox on a phone', async ({ browser, request }) => {
  const { title, holder, waiting } = await waitingWorker(request);
  const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await phone.newPage();
  await logIn(page, waiting.phone, waiting.password);
  // the seat holder's own confirmation reached them; the waiting worker has nothing yet
  await page.goto('/me/inbox');
  await expect(page.getByRole('heading', { level: 1, name: '收件箱' })).toBeVisible();

  await api(request, 'cancelRegistration', { params: { id: holder.reg.id } }, holder.session);

  await test.step('the server’s job loop delivers it within seconds: the page shows it after a reload', async () => {
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('heading', { name: '候补转正：你已获得参赛名额' })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 15_000, intervals: [250, 500, 1000] });
    await expect(page.getByText(title).first()).toBeVisible();
    await expect(page.getByRole('link', { name: '1 条未读通知' })).toBeVisible();
    await expect(page.getByText('未读', { exact: true })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: path.join(shots, 'inbox-375.png'), fullPage: true });
  });

  await test.step('“查看详情” leads to 我的报名, where the seat is confirmed', async () => {
    await page.getByRole('link', { name: '查看详情' }).click();
    await expect(page).toHaveURL(/\/me\/registrations$/);
    await expect(page.getByText(title).first()).toBeVisible();
  });
  await phone.close();

  await test.step('marked read without JavaScript: the badge goes', async () => {
    const noJs = await browser.newContext({ viewport: { width: 375, height: 812 }, javaScriptEnabled: false, locale: 'zh-CN' });
    const p = await noJs.newPage();
    await logIn(p, waiting.phone, waiting.password); // the login form works without JavaScript too
    await p.goto('/me/inbox');
    await p.getByRole('button', { name: /^标为已读/ }).click();
    await expect(p.getByText('已标为已读')).toBeVisible();
    await expect(p.getByRole('link', { name: '收件箱', exact: true })).toBeVisible();
    await expect(p.getByText('未读', { exact: true })).toHaveCount(0);
    await noJs.close();
  });

  await test.step('the SMS opt-in on the profile page, and the inbox at 1280 px', async () => {
    const wide = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const p = await wide.newPage();
    await logIn(p, waiting.phone, waiting.password);
    await p.goto('/profile');
    const box = p.getByRole('checkbox', { name: /重要通知同时发短信/ });
    await expect(box).not.toBeChecked();
    await box.check();
    await p.getByRole('button', { name: '保存短信设置' }).click();
    await expect(p.getByText('已开启短信通知')).toBeVisible();
    await p.reload();
    await expect(p.getByRole('checkbox', { name: /重要通知同时发短信/ })).toBeChecked();
    await p.getByRole('region', { name: '短信通知' }).screenshot({ path: path.join(shots, 'inbox-sms-setting-1280.png') });
    await p.goto('/me/inbox');
    await expect(p.getByRole('heading', { name: '候补转正：你已获得参赛名额' })).toBeVisible();
    await p.screenshot({ path: path.join(shots, 'inbox-1280.png'), fullPage: true });
    await wide.close();
  });

  await test.step('the admin’s job queue page', async () => {
    const admin = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
    const p = await admin.newPage();
    await logIn(p, DEMO_ADMIN);
    await p.goto('/admin/jobs');
    await expect(p.getByRole('heading', { level: 1, name: '后台任务' })).toBeVisible();
    await expect(p.getByText('失败', { exact: true })).toBeVisible();
    await expectNoHorizontalScroll(p);
    await p.screenshot({ path: path.join(shots, 'inbox-admin-jobs-375.png'), fullPage: true });
    await admin.close();
  });
});
