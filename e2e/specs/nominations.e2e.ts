import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { api, DEMO_PASSWORD, expectNoHorizontalScroll, login, publishedContest, registerWorker, residentId, signedIn } from './support';

/**
 * Quotas and unit nominations (issue 16 item 1), on a 375 px phone: the city organizer makes an event nomination-only
 * and allots 2 seats to 无锡供电公司工会 on the event's desk; the union's organizer nominates three of its workers — two are
 * registered, the third is refused (名额已用完); a nominated worker sees 单位推荐 in 我的报名 and declines (放弃参赛), which
 * gives the seat back to the union; the public contest page explains the nomination-only event without a 立即报名
 * button. Screenshots: e2e/.artifacts/screenshots/nominations-*.png (375 and 1280 px).
 */
const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const CITY = '13900000002'; // 无锡市总工会
const UNION = '13900000004'; // 无锡供电公司工会
const UNION_NAME = '无锡供电公司工会';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

async function loggedIn(browser: Browser, phone: string, password = DEMO_PASSWORD, viewport = PHONE, javaScriptEnabled = true) {
  return signedIn(browser, phone, { viewport, password, javaScriptEnabled });
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `nominations-${name}.png`), fullPage: true });
}

test('an organizer sets quotas, a union organizer nominates three into a quota of two, the worker sees the nomination and declines', async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36).toUpperCase();
  const title = `无锡市职工电工技能大赛·推荐 ${stamp}`;

  // ---------- setup through the API: a city contest, nomination-only; three workers of the union ----------
  const city = await login(request, CITY);
  const trades = await api(request, 'listTrades', {});
  const electrician = trades.find((t) => t.name === '电工')!;
  const { contest, event } = await publishedContest(
    request,
    city,
    { title, tier: 'city', inPlan: true, venue: '无锡技师学院', days: [-1, 6, 10, 11] },
    { tradeId: electrician.id, capacity: 10, registrationMode: 'nomination', eligibility: { unionMemberOnly: true } },
  );
  expect(event.registrationMode).toBe('nomination');
  const orgs = await api(request, 'listOrgs', {}, city);
  const union = orgs.find((o) => o.name === UNION_NAME)!;
  const other = orgs.find((o) => o.kind === 'base' && o.id !== union.id)!;
  const names = [`赵推荐${stamp}`, `钱推荐${stamp}`, `孙推荐${stamp}`];
  const workers: { phone: string; password: string; name: string }[] = [];
  for (const [i, name] of names.entries()) {
    const w = await registerWorker(request, name);
    const s = await login(request, w.phone, w.password);
    await api(
      request,
      'updateMyProfile',
      {
        body: {
          name,
          idNumber: residentId(`1988030${i + 1}`, 100 + ((Date.now() + i * 71) % 800)),
          employerOrgId: union.id,
          tradeId: electrician.id,
          skillLevel: 'intermediate',
          certificateNo: null,
          unionMember: true,
        },
      },
      s,
    );
    workers.push(w);
  }

  await test.step('the city organizer allots 2 seats to the union on the event’s desk (375 px)', async () => {
    const { context, page } = await loggedIn(browser, CITY);
    await page.goto(`/manage/events/${event.id}/registrations`);
    await expect(page.getByText('报名方式：')).toContainText('单位推荐');
    const panel = page.getByRole('region', { name: '单位名额' });
    await expect(panel.getByText('尚未给任何单位分配名额')).toBeVisible();
    // a city-sized tree: the picker finds the union by name first (ORG_PICKER_LIMIT is low in the e2e run)
    await panel.getByRole('searchbox', { name: '按名称查找组织' }).fill('供电公司');
    await panel.getByRole('button', { name: '查找' }).click();
    await panel.getByLabel('单位', { exact: true }).selectOption({ label: UNION_NAME });
    await panel.getByLabel('名额数').fill('2');
    await panel.getByRole('button', { name: '保存单位名额' }).click();
    await expect(panel.getByText('单位名额已保存')).toBeVisible();
    await expect(panel.getByRole('row', { name: new RegExp(UNION_NAME) })).toContainText('0 / 2');
    await expect(panel.getByText('已分配 2 / 总名额 10')).toBeVisible();
    await expectNoHorizontalScroll(page);
    await shoot(page, 'quotas-375');
    // seats adding up to more than the capacity are refused with the API's reason, nothing saved
    await panel.getByRole('searchbox', { name: '按名称查找组织' }).fill(other.name);
    await panel.getByRole('button', { name: '查找' }).click();
    await panel.getByLabel('单位', { exact: true }).selectOption({ label: other.name });
    await panel.getByLabel('名额数').fill('9');
    await panel.getByRole('button', { name: '保存单位名额' }).click();
    await expect(panel.getByText(/输入有误.*11/)).toBeVisible();
    await expect(panel.getByRole('row')).toHaveCount(2);
    await expect(panel.getByRole('row', { name: new RegExp(UNION_NAME) })).toContainText('0 / 2');
    await context.close();
  });

  await test.step('the union organizer nominates three workers into the quota of two: each outcome in Chinese', async () => {
    const { context, page } = await loggedIn(browser, UNION);
    await page.goto('/manage/nominations');
    const card = page.getByRole('listitem').filter({ hasText: title });
    await expect(card).toContainText('0 / 2');
    await shoot(page, 'list-375');
    await card.getByRole('link', { name: '推荐职工' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '推荐报名' })).toBeVisible();
    await page.getByLabel('查找本单位职工（姓名或手机号）').fill(stamp);
    await page.getByRole('button', { name: '查找' }).click();
    for (const name of names) await page.getByRole('checkbox', { name: new RegExp(name) }).check();
    await page.getByRole('button', { name: '提交推荐' }).click();
    const outcome = page.getByRole('status', { name: '推荐结果' });
    await expect(outcome.getByText('成功 2 人，未成功 1 人')).toBeVisible();
    await expect(outcome.getByText('推荐成功，已确认参赛')).toHaveCount(2);
    await expect(outcome.getByRole('listitem').filter({ hasText: names[2]! })).toContainText('本单位名额已用完');
    await expect(page.getByRole('region', { name: '单位名额' })).toContainText('2 / 2');
    await expectNoHorizontalScroll(page);
    await shoot(page, 'nominate-375');
    await page.setViewportSize(DESKTOP);
    await shoot(page, 'nominate-1280');
    await context.close();
  });

  await test.step('the nominated worker sees 单位推荐 in 我的报名 and declines with confirmation', async () => {
    const { context, page } = await loggedIn(browser, workers[0]!.phone, workers[0]!.password);
    await page.goto('/me/registrations');
    const item = page.getByRole('listitem').filter({ hasText: title });
    await expect(item.getByText('单位推荐', { exact: true })).toBeVisible();
    await expect(item.getByText(`${UNION_NAME}推荐`)).toBeVisible();
    await expect(item.getByText('已确认')).toBeVisible();
    await item.getByText('放弃参赛', { exact: true }).click();
    await expect(item.getByText('确认放弃参赛吗？')).toBeVisible();
    await shoot(page, 'decline-375');
    await item.getByRole('button', { name: /确认放弃参赛/ }).click();
    await expect(page.getByText('已放弃参赛，名额已退回推荐单位')).toBeVisible();
    await expect(item.getByText('已取消')).toBeVisible();
    await expectNoHorizontalScroll(page);
    await context.close();
  });

  await test.step('the seat went back to the union: the desk shows 1 / 2', async () => {
    const quotas = await api(request, 'listEventQuotas', { params: { id: event.id } }, city);
    expect(quotas).toEqual([expect.objectContaining({ orgId: union.id, seats: 2, used: 1 })]);
    const { context, page } = await loggedIn(browser, CITY, DEMO_PASSWORD, DESKTOP);
    await page.goto(`/manage/events/${event.id}/registrations`);
    await expect(page.getByRole('region', { name: '单位名额' }).getByRole('row', { name: new RegExp(UNION_NAME) })).toContainText('1 / 2');
    await shoot(page, 'quotas-1280');
    await context.close();
  });

  await test.step('the public contest page explains the nomination-only event: no 立即报名, also without JavaScript', async () => {
    const { context, page } = await loggedIn(browser, workers[2]!.phone, workers[2]!.password, PHONE, false);
    await page.goto(`/contests/${contest.id}`);
    await expect(page.getByText('本项目由各单位推荐报名')).toBeVisible();
    await expect(page.getByText('如需参赛，请联系所在单位工会推荐')).toBeVisible();
    await expect(page.getByRole('button', { name: /立即报名|报名/ })).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await shoot(page, 'contest-375');
    await context.close();
  });

  await test.step('the decline works without JavaScript too', async () => {
    const { context, page } = await loggedIn(browser, workers[1]!.phone, workers[1]!.password, PHONE, false);
    await page.goto('/me/registrations');
    const item = page.getByRole('listitem').filter({ hasText: title });
    await item.getByText('放弃参赛', { exact: true }).click();
    await item.getByRole('button', { name: /确认放弃参赛/ }).click();
    await expect(page.getByText('已放弃参赛，名额已退回推荐单位')).toBeVisible();
    await context.close();
    const quotas = await api(request, 'listEventQuotas', { params: { id: event.id } }, city);
    expect(quotas[0]!.used).toBe(0);
  });
});
