import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { api, contestDates, DEMO_PASSWORD, expectNoHorizontalScroll, logIn, login, uniquePhone } from './support';

/**
 * 操作记录: a district organizer changes a contest's venue and opens an account through the API, then reads both
 * in the audit trail in the browser — who, when, old → new, the phone masked — and pages through it.
 * Screenshots: e2e/.artifacts/screenshots/audit-*.png.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const ORGANIZER = { phone: '13900000003', password: DEMO_PASSWORD, name: '陆佳' };

test('an organizer reads who changed what in the audit trail (phone and desktop)', async ({ page, request }) => {
  const organizer = await login(request, ORGANIZER.phone, ORGANIZER.password);
  const orgId = organizer.user.orgId!;
  const contest = await api(
    request,
    'createContest',
    {
      body: {
        title: '梁溪区职工电工技能竞赛（记录测试）',
        tier: 'district',
        orgId,
        inPlan: true,
        venue: '梁溪区职工技能实训基地',
        ...contestDates(1, 10, 20, 21),
      },
    },
    organizer,
  );
  const contestId = contest.id;
  // registration now closes at 16:00 Beijing time (08:00 UTC) nine days from now: the trail shows Beijing time, never UTC ISO
  const closes = new Date(Date.now() + 9 * 86400_000);
  closes.setUTCHours(8, 0, 0, 0);
  await api(
    request,
    'updateContest',
    { params: { id: contestId }, body: { venue: '无锡技师学院实训楼', registrationClosesAt: closes.toISOString() } },
    organizer,
  );
  const judgePhone = uniquePhone();
  const orgs = await api(request, 'listOrgs', { query: { under: orgId, kind: 'base', limit: 1 } }, organizer);
  await api(
    request,
    'createUser',
    { body: { phone: judgePhone, name: '裴志远', password: 'Judge-2026!', roles: ['judge'], orgId: orgs[0]!.id } },
    organizer,
  );

  await page.setViewportSize({ width: 375, height: 812 });
  await logIn(page, ORGANIZER.phone);
  await page.goto('/manage/dashboard');
  await page.getByRole('navigation', { name: '管理导航' }).getByRole('link', { name: '记录' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '操作记录' })).toBeVisible();

  // newest first: the account, then the venue change
  const entries = page.locator('.entries > li');
  await expect(entries.first()).toContainText('开设账号');
  await expect(entries.first()).toContainText(`${judgePhone.slice(0, 3)}****${judgePhone.slice(-4)}`);
  await expect(page.getByText(judgePhone)).toHaveCount(0);
  const venue = entries.filter({ hasText: '修改比赛' }).first();
  await expect(venue).toContainText(ORGANIZER.name);
  const row = venue.locator('.row').filter({ hasText: '地点' });
  await expect(row.locator('.before')).toHaveText('原值 梁溪区职工技能实训基地');
  await expect(row.locator('.after')).toHaveText('新值 无锡技师学院实训楼');
  const closing = venue.locator('.row').filter({ hasText: '报名截止' });
  await expect(closing.locator('.after')).toContainText('16:00');
  await expect(closing.locator('.after')).toContainText(`${closes.getUTCFullYear()}年`);
  await expect(closing).not.toContainText('T08:00');
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: path.join(dir, 'audit-375.png'), fullPage: false });

  // filtered to the contest: its creation and the change, and a link to it
  await page.getByLabel('对象类型').selectOption({ label: '比赛' });
  await page.getByLabel('对象编号').fill(String(contestId));
  await page.getByRole('button', { name: '查询' }).click();
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText('修改比赛');
  await expect(entries.nth(1)).toContainText('创建比赛');
  await entries.nth(0).getByRole('link', { name: '查看' }).click();
  await expect(page).toHaveURL(new RegExp(`/manage/contests/${contestId}$`));

  // one event's history, from its registration desk: the event's own entries
  const trades = await api(request, 'listTrades', {});
  const ev = await api(
    request,
    'addContestEvent',
    { params: { id: contestId }, body: { tradeId: trades[0]!.id, capacity: 40, requiresApproval: false, targetLevel: 'senior' } },
    organizer,
  );
  const eventId = ev.id;
  await api(request, 'updateEvent', { params: { id: eventId }, body: { capacity: 30 } }, organizer);
  await page.goto(`/manage/events/${eventId}/registrations`);
  await page.getByRole('link', { name: '操作记录' }).click();
  await expect(page).toHaveURL(new RegExp(`/manage/audit\\?eventId=${eventId}$`));
  await expect(page.getByText(`赛项 #${eventId} 的全部记录`)).toBeVisible();
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText('修改赛项');
  const capacity = entries.nth(0).locator('.row').filter({ hasText: '名额' });
  await expect(capacity.locator('.before')).toHaveText('原值 40');
  await expect(capacity.locator('.after')).toHaveText('新值 30');
  await expect(entries.nth(1)).toContainText('添加赛项');
  // recorded words in the reader's language: the level and yes/no, not senior / false
  await expect(entries.nth(1).locator('.row').filter({ hasText: '目标等级' }).locator('.after')).toHaveText('新值 三级/高级工');
  await expect(entries.nth(1).locator('.row').filter({ hasText: '需要审核' }).locator('.after')).toHaveText('新值 否');

  // the whole trail pages backwards
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/manage/audit');
  await expect(entries).toHaveCount(30);
  await page.screenshot({ path: path.join(dir, 'audit-1280.png'), fullPage: false });
  await page.getByRole('link', { name: '较早' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText('第 2 页')).toBeVisible();
});
