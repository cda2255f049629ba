import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import type { ResponseOf } from '@gongjiang/contract';
import {
  api,
  contestDates,
  expectNoHorizontalScroll,
  logIn,
  login,
  publishedContest,
  registerWorker,
  residentId,
  type Session,
} from './support';

/**
 * Stages (预赛 → 决赛, issue 16 item 3): two district preliminaries are judged and published through the API; the city
 * organizer names them as the final's preliminaries in the event form, presses 晋级 on the final's desk on a 375 px
 * phone (and again without JavaScript: nobody twice), and a finalist sees 晋级决赛 with where they came from.
 * Screenshots go to e2e/.artifacts/screenshots/stages-*.png.
 */
const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const CITY_ORGANIZER = '13900000002';
const JUDGE = '13900000014';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };

async function shoot(page: Page, name: string) {
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: path.join(shots, `stages-${name}.png`), fullPage: true });
}

async function browserAs(
  browser: Browser,
  phone: string,
  viewport: { width: number; height: number },
  opts: { password?: string; js?: boolean } = {},
) {
  const phoneLike = viewport.width < 500;
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    javaScriptEnabled: opts.js !== false,
    ...(phoneLike ? { hasTouch: true, isMobile: true } : {}),
  });
  const page = await context.newPage();
  await logIn(page, phone, opts.password);
  return { context, page };
}

type Org = ResponseOf<'listOrgs'>[number];

/** A worker with a complete profile, signed up through the API. */
async function worker(request: APIRequestContext, name: string, employer: Org, tradeId: number, n: number) {
  const { phone, password } = await registerWorker(request, name);
  const s = await login(request, phone, password);
  const idNumber = residentId(`1988${String((n % 12) + 1).padStart(2, '0')}1${n % 9}`, 100 + ((Date.now() + n * 137) % 800));
  await api(
    request,
    'updateMyProfile',
    { body: { name, idNumber, employerOrgId: employer.id, tradeId, skillLevel: 'intermediate', certificateNo: null, unionMember: true } },
    s,
  );
  return { ...s, phone, password, name };
}

/**
 * A district preliminary judged and published through the API: the contestants register while it is open, then its
 * dates are moved into the past as its organizer would (the draw, marks and publication each come after their time).
 */
async function preliminary(
  request: APIRequestContext,
  organizer: Session,
  judge: Session,
  title: string,
  district: Org,
  tradeId: number,
  people: { name: string; employer: Org; score: number }[],
) {
  const { contest, event } = await publishedContest(
    request,
    organizer,
    { title, tier: 'district', orgId: district.id, inPlan: false, days: [-3, 2, 3, 4] },
    {
      tradeId,
      capacity: 20,
      scoring: { theoryWeight: 0.3, practicalWeight: 0.7, criteria: [{ name: '实际操作', maxScore: 100, kind: 'score' }] },
    },
  );
  const regs = [];
  for (const [i, p] of people.entries()) {
    const w = await worker(request, p.name, p.employer, tradeId, i + title.length);
    const reg = await api(request, 'registerForEvent', { params: { id: event.id } }, w);
    regs.push({ ...p, worker: w, registrationId: reg.id });
  }
  await api(request, 'updateContest', { params: { id: contest.id }, body: contestDates(-3, -2, -1, -0.001) }, organizer);
  const draw = await api(request, 'drawBibs', { params: { id: event.id } }, { ...organizer, undeclaredBody: { seed: `e2e-${title}` } });
  const bibOf = (id: number) => draw.assignments.find((a) => a.registrationId === id)!.bib;
  await api(request, 'assignJudge', { params: { id: event.id }, body: { userId: judge.user.id, chief: true } }, organizer);
  const criterionId = (await api(request, 'getScoreSheet', { params: { id: event.id } }, judge)).criteria[0]!.id;
  await api(
    request,
    'saveScores',
    { params: { id: event.id }, body: regs.map((r) => ({ bib: bibOf(r.registrationId), criterionId, score: r.score })) },
    judge,
  );
  await api(request, 'submitScoreSheet', { params: { id: event.id } }, judge);
  await api(
    request,
    'saveTheoryScores',
    { params: { id: event.id }, body: regs.map((r) => ({ bib: bibOf(r.registrationId), score: r.score })) },
    organizer,
  );
  await api(request, 'publishResults', { params: { id: event.id } }, organizer);
  return { contest, event, regs };
}

test('two published preliminaries feed a final: 晋级 on the final’s desk on a phone, and the finalist sees 晋级决赛', async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36).toUpperCase();
  const organizer = await login(request, CITY_ORGANIZER);
  const judge = await login(request, JUDGE);
  const orgs = await api(request, 'listOrgs', {}, organizer);
  const trades = await api(request, 'listTrades', {});
  const trade = trades.find((t) => t.name === '钳工') ?? trades[0]!;
  const districts = orgs.filter((o) => o.kind === 'district').slice(0, 2);
  expect(districts).toHaveLength(2);
  const baseUnder = (d: Org) =>
    orgs.find((o) => o.kind === 'base' && o.parentId === d.id && o.id !== judge.user.orgId) ??
    orgs.find((o) => o.kind === 'base' && o.id !== judge.user.orgId)!;

  const a = await preliminary(request, organizer, judge, `${districts[0]!.name}钳工预赛·E2E ${stamp}`, districts[0]!, trade.id, [
    { name: '周立强', employer: baseUnder(districts[0]!), score: 95 },
    { name: '吴海燕', employer: baseUnder(districts[0]!), score: 88 },
    { name: '郑国平', employer: baseUnder(districts[0]!), score: 70 },
  ]);
  const b = await preliminary(request, organizer, judge, `${districts[1]!.name}钳工预赛·E2E ${stamp}`, districts[1]!, trade.id, [
    { name: '冯建华', employer: baseUnder(districts[1]!), score: 91 },
    { name: '陈志远', employer: baseUnder(districts[1]!), score: 80 },
  ]);

  // the city final, still open for registration, capacity 2
  const finalTitle = `无锡市钳工决赛·E2E ${stamp}`;
  const { contest, event } = await publishedContest(
    request,
    organizer,
    { title: finalTitle, tier: 'city', inPlan: false, days: [-1, 5, 6, 7] },
    { tradeId: trade.id, capacity: 2 },
  );

  const org = await browserAs(browser, CITY_ORGANIZER, DESKTOP);
  await test.step('the organizer names the preliminaries in the final’s event form', async () => {
    const { page } = org;
    await page.goto(`/manage/contests/${contest.id}?edit=${event.id}`);
    const stages = page.getByRole('group', { name: '晋级来源（决赛）' });
    await expect(stages).toBeVisible();
    await stages.getByLabel('预赛赛项 1').selectOption({ label: `${a.contest.title} · 钳工` });
    await stages.getByLabel('预赛 1 人数或百分比').fill('2');
    await stages.getByLabel('预赛赛项 2').selectOption({ label: `${b.contest.title} · 钳工` });
    await stages.getByLabel('预赛 2 晋级方式').selectOption('topPercent');
    await stages.getByLabel('预赛 2 人数或百分比').fill('50');
    await stages.scrollIntoViewIfNeeded();
    await shoot(page, 'event-form-1280');
    await page.getByRole('button', { name: '保存修改' }).click();
    await expect(page).toHaveURL(/updated=/);
    const ev = await api(request, 'getEvent', { params: { id: event.id } }, organizer);
    expect(ev.qualifiesFrom).toEqual([
      { eventId: a.event.id, topN: 2 },
      { eventId: b.event.id, topPercent: 50 },
    ]);
  });
  await org.context.close();

  const phone = await browserAs(browser, CITY_ORGANIZER, PHONE);
  await test.step('晋级 on the final’s desk at 375 px: three advance beyond the two seats', async () => {
    const { page } = phone;
    await page.goto(`/manage/events/${event.id}/registrations`);
    const panel = page.getByRole('region', { name: '晋级决赛' });
    await expect(panel).toContainText(a.contest.title);
    await expect(panel).toContainText('前 2 名');
    await expect(panel).toContainText('前 50%');
    await expect(panel.getByText('成绩已公布')).toHaveCount(2);
    await panel.getByRole('button', { name: '晋级' }).click();
    await expect(panel.getByRole('status')).toContainText('已晋级 3 人');
    const outcome = panel.getByRole('list').last();
    await expect(outcome).toContainText('周立强');
    await expect(outcome).toContainText(`来自 ${a.contest.title} · 钳工 第 1 名`);
    const advanced = (name: string) => outcome.getByRole('listitem').filter({ hasText: name });
    await expect(advanced('吴海燕')).toContainText(`来自 ${a.contest.title} · 钳工 第 2 名`);
    await expect(advanced('冯建华')).toContainText(`来自 ${b.contest.title} · 钳工 第 1 名`);
    await expect(outcome).not.toContainText('郑国平');
    await shoot(page, 'advance-375');
    await panel.screenshot({ path: path.join(shots, 'stages-advance-panel-375.png') });
    // the desk: confirmed beyond capacity, each row says where from
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: '冯建华' });
    await expect(row).toContainText(`来自 ${b.contest.title} · 钳工 第 1 名`);
    await expect(row).toContainText('已确认');
    await shoot(page, 'desk-375');
    await page.getByRole('table').screenshot({ path: path.join(shots, 'stages-desk-table-375.png') });
  });
  await phone.context.close();

  await test.step('again without JavaScript: nobody is registered twice', async () => {
    const noJs = await browserAs(browser, CITY_ORGANIZER, PHONE, { js: false });
    await noJs.page.goto(`/manage/events/${event.id}/registrations`);
    await noJs.page.getByRole('button', { name: '晋级', exact: true }).click();
    await expect(noJs.page.getByText('没有新的晋级选手')).toBeVisible();
    const ev = await api(request, 'getEvent', { params: { id: event.id } }, organizer);
    expect({ capacity: ev.capacity, confirmed: ev.confirmed }).toEqual({ capacity: 3, confirmed: 3 });
    await noJs.context.close();
  });

  await test.step('the finalist sees 晋级决赛 in 我的报名 on a phone', async () => {
    const finalist = a.regs[0]!.worker;
    const w = await browserAs(browser, finalist.phone, PHONE, { password: finalist.password });
    await w.page.goto('/me/registrations');
    const card = w.page.getByRole('listitem').filter({ hasText: finalTitle });
    await expect(card).toContainText('晋级决赛');
    await expect(card).toContainText(`来自 ${a.contest.title} · 钳工 第 1 名`);
    await expect(w.page.getByRole('listitem').filter({ hasText: a.contest.title }).filter({ hasNotText: finalTitle })).not.toContainText(
      '晋级决赛',
    );
    await shoot(w.page, 'my-registrations-375');
    await w.context.close();
  });

  await test.step('the final’s desk at 1280 px', async () => {
    const desk = await browserAs(browser, CITY_ORGANIZER, DESKTOP);
    await desk.page.goto(`/manage/events/${event.id}/registrations`);
    await expect(desk.page.getByRole('region', { name: '晋级决赛' })).toBeVisible();
    await shoot(desk.page, 'desk-1280');
    await desk.context.close();
  });
});
