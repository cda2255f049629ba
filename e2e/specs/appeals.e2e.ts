import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  api,
  contestDates,
  expectNoHorizontalScroll,
  expectPath,
  login,
  publishedContest,
  registerWorker,
  residentId,
  type Session,
  signedIn,
} from './support';

/**
 * Appeals (申诉, issue 16 item 4) on a 375 px phone: results are published; a contestant appeals from 我的报名 (without
 * JavaScript); the organizer upholds it on the results board with a reason — the results are withdrawn (the public page
 * and the contestant's own result are gone); the chief judge reopens the sheet, re-marks, and the organizer publishes
 * anew; a second contestant appeals and the chief judge, coming from the scoring sheet, dismisses it. Screenshots go to
 * e2e/.artifacts/screenshots/appeals-*.png.
 */
const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const ORGANIZER = '13900000002'; // city organizer
const CHIEF = '13900000013'; // a demo judge, made chief of this event
const PHONE = { width: 375, height: 812 };

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `appeals-${name}.png`), fullPage: true });
}

async function phone(browser: Browser, who: { phone: string; password?: string }, javaScriptEnabled = true) {
  return signedIn(browser, who.phone, { viewport: PHONE, password: who.password, javaScriptEnabled });
}

test('a contestant appeals, the organizer upholds it and the results are withdrawn, then published anew; a second appeal is dismissed', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36).toUpperCase();
  const contestTitle = `职工技能大赛申诉·E2E ${stamp}`;
  const organizer = await login(request, ORGANIZER);
  const chief = await login(request, CHIEF);
  const orgs = await api(request, 'listOrgs', {}, organizer);
  const trade = (await api(request, 'listTrades', {}))[0]!;
  const employer = orgs.find((o) => o.kind === 'base' && o.id !== chief.user.orgId)!;

  // registration open now; the contest's dates are moved past its end below, as the organizer would after the day
  const { contest, event } = await publishedContest(
    request,
    organizer,
    { title: contestTitle, tier: 'city', inPlan: true, days: [-1, 2, 3, 4] },
    { tradeId: trade.id, capacity: 10, scoring: { criteria: [{ name: '实操', maxScore: 100, kind: 'score' }] }, appealHours: 24 },
  );
  expect(event.appealHours).toBe(24);
  const criterionId = event.criteria[0]!.id;
  const workers: { name: string; phone: string; password: string; session: Session; registrationId: number; bib?: string }[] = [];
  for (const [i, name] of ['顾申诉', '钱复核'].entries()) {
    const { phone: p, password } = await registerWorker(request, name);
    const session = await login(request, p, password);
    await api(
      request,
      'updateMyProfile',
      {
        body: {
          name,
          idNumber: residentId(`1987${String(i + 4).padStart(2, '0')}12`, 100 + ((Date.now() + i * 41) % 800)),
          employerOrgId: employer.id,
          tradeId: trade.id,
          skillLevel: 'intermediate',
          certificateNo: null,
          unionMember: true,
        },
      },
      session,
    );
    const reg = await api(request, 'registerForEvent', { params: { id: event.id } }, session);
    workers.push({ name, phone: p, password, session, registrationId: reg.id });
  }
  await api(request, 'updateContest', { params: { id: contest.id }, body: contestDates(-3, -2, -1, -0.01) }, organizer);
  const draw = await api(request, 'drawBibs', { params: { id: event.id } }, { ...organizer, undeclaredBody: { seed: `appeals-${stamp}` } });
  for (const a of draw.assignments) workers.find((w) => w.registrationId === a.registrationId)!.bib = a.bib;
  await api(request, 'assignJudge', { params: { id: event.id }, body: { userId: chief.user.id, chief: true } }, organizer);
  const mark = (bib: string, score: number) => ({ bib, criterionId, score });
  await api(request, 'saveScores', { params: { id: event.id }, body: [mark(workers[0]!.bib!, 70), mark(workers[1]!.bib!, 80)] }, chief);
  await api(request, 'submitScoreSheet', { params: { id: event.id } }, chief);
  await api(request, 'saveTheoryScores', { params: { id: event.id }, body: workers.map((w) => ({ bib: w.bib!, score: 80 })) }, organizer);
  await api(request, 'publishResults', { params: { id: event.id } }, organizer);
  const [gu, qian] = workers as [(typeof workers)[0], (typeof workers)[0]];

  await test.step('the contestant appeals from 我的报名, without JavaScript, and sees it awaiting a decision', async () => {
    const { context, page } = await phone(browser, gu, false);
    await page.goto('/me/registrations');
    const card = page.getByRole('listitem').filter({ hasText: contestTitle });
    await expect(card.getByRole('region', { name: `我的成绩 · ${contestTitle}` })).toContainText('第 2 名');
    await expect(card.getByText(/对成绩有异议，可在 .+ 前提出申诉/)).toBeVisible();
    await card.getByText('申诉', { exact: true }).click();
    await card.getByRole('button', { name: '提交申诉' }).click();
    // an empty reason is refused by the browser (required); a blank one by the page
    await card.getByLabel('申诉理由').fill('   ');
    await card.getByRole('button', { name: '提交申诉' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: contestTitle }).getByText('请填写申诉理由')).toBeVisible();
    const again = page.getByRole('listitem').filter({ hasText: contestTitle });
    await again.getByLabel('申诉理由').fill('实操第 2 工位设备故障，耽误约 10 分钟，申请复核评分');
    await again.getByRole('button', { name: '提交申诉' }).click();
    await expect(page.getByText('申诉已提交，请等待裁判长或组织者处理')).toBeVisible();
    const appeal = page.getByRole('region', { name: `申诉 · ${contestTitle}` });
    await expect(appeal).toContainText('申诉处理中');
    await expect(appeal).toContainText('实操第 2 工位设备故障');
    await expect(page.getByRole('listitem').filter({ hasText: contestTitle }).getByRole('button', { name: '提交申诉' })).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await shoot(page, 'worker-filed-375');
    await context.close();
  });

  await test.step('the organizer upholds it on the results board with a reason: the results are withdrawn', async () => {
    const { context, page } = await phone(browser, { phone: ORGANIZER });
    await page.goto(`/manage/events/${event.id}/results`);
    const section = page.getByRole('region', { name: '申诉' });
    await expect(section.getByText('1 项待处理')).toBeVisible();
    await expect(section).toContainText(`检录号 ${gu.bib}`);
    await expect(section).not.toContainText(gu.name);
    await shoot(page, 'board-open-375');
    // a blank reason is refused by the page (an empty one by the browser: the field is required)
    await section.getByLabel(`处理理由（检录号 ${gu.bib}）`).fill('  ');
    page.once('dialog', (d) => void d.accept());
    await section.getByRole('button', { name: '申诉成立，撤回成绩' }).click();
    await expect(section.getByText('请填写处理理由')).toBeVisible();
    await section.getByLabel(`处理理由（检录号 ${gu.bib}）`).fill('经查设备故障属实，该选手实操成绩需重新评定');
    page.once('dialog', (d) => void d.accept());
    await section.getByRole('button', { name: '申诉成立，撤回成绩' }).click();
    await expect(page.getByText(/申诉成立，成绩已撤回/)).toBeVisible();
    await expect(page.getByText(/成绩已于 .+ 因申诉成立撤回/)).toBeVisible();
    await expect(section).toContainText('处理意见：经查设备故障属实');
    await expect(page.getByRole('button', { name: '发布成绩' })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await shoot(page, 'board-upheld-375');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shoot(page, 'board-upheld-1280');
    await context.close();
  });

  await test.step('withdrawn: the public page and the contestant’s own result are gone', async () => {
    const res = await request.get(`/api/events/${event.id}/results`);
    expect(res.status()).toBe(404);
    const anonymous = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    const pub = await anonymous.newPage();
    await pub.goto(`/results/${event.id}`);
    await expect(pub.getByText('成绩尚未公布')).toBeVisible();
    await expect(pub.getByText(/因申诉成立已撤回复核/)).toBeVisible();
    await expect(pub.getByText(gu.name)).toHaveCount(0);
    await anonymous.close();

    const { context, page } = await phone(browser, gu);
    await page.goto('/me/registrations');
    await expect(page.getByRole('region', { name: `我的成绩 · ${contestTitle}` })).toHaveCount(0);
    const appeal = page.getByRole('region', { name: `申诉 · ${contestTitle}` });
    await expect(appeal).toContainText('申诉成立');
    await expect(appeal).toContainText('处理意见：经查设备故障属实');
    await expect(appeal).toContainText('成绩已撤回复核');
    await shoot(page, 'worker-upheld-375');
    await context.close();
  });

  await test.step('the chief judge reopens the sheet with a reason and re-marks; the organizer publishes anew', async () => {
    await api(
      request,
      'unlockScoreSheet',
      { params: { id: event.id }, body: { judgeId: chief.user.id, reason: '申诉成立，重新评定' } },
      chief,
    );
    await api(request, 'saveScores', { params: { id: event.id }, body: [mark(gu.bib!, 90)] }, chief);
    await api(request, 'submitScoreSheet', { params: { id: event.id } }, chief);
    const { context, page } = await phone(browser, { phone: ORGANIZER });
    await page.goto(`/manage/events/${event.id}/results`);
    await page.getByLabel('我已核对成绩，确认发布').check();
    await page.getByRole('button', { name: '发布成绩' }).click();
    await expect(page.getByText('成绩已发布，公示页面现已公开姓名与名次。')).toBeVisible();
    await expect(page.getByText(/因申诉成立撤回/)).toHaveCount(0);
    await context.close();

    const worker = await phone(browser, gu);
    await worker.page.goto('/me/registrations');
    await expect(worker.page.getByRole('region', { name: `我的成绩 · ${contestTitle}` })).toContainText('第 1 名');
    // publishing anew starts a new window
    await expect(worker.page.getByText(/对成绩有异议，可在 .+ 前提出申诉/)).toBeVisible();
    await shoot(worker.page, 'worker-republished-375');
    await worker.context.close();
  });

  await test.step('a second contestant appeals; the chief judge, from the scoring sheet, dismisses it: the results stand', async () => {
    await api(request, 'fileAppeal', { params: { id: qian.registrationId }, body: { reason: '理论成绩与本人估分相差较大' } }, qian.session);
    const { context, page } = await phone(browser, { phone: CHIEF });
    await page.goto(`/judging/events/${event.id}`);
    await page.getByRole('link', { name: '申诉处理 →' }).click();
    await expectPath(page, `/judging/events/${event.id}/appeals`);
    const section = page.getByRole('region', { name: '申诉' });
    await expect(section).toContainText(`检录号 ${qian.bib}`);
    await section.getByLabel(`处理理由（检录号 ${qian.bib}）`).fill('理论成绩经核对阅卷记录无误');
    await section.getByRole('button', { name: '驳回申诉' }).click();
    await expect(page.getByText('已驳回申诉，成绩维持不变。')).toBeVisible();
    await expect(section).toContainText('申诉驳回');
    await expectNoHorizontalScroll(page);
    await shoot(page, 'chief-dismissed-375');
    await context.close();

    expect((await request.get(`/api/events/${event.id}/results`)).status()).toBe(200);
    const worker = await phone(browser, qian);
    await worker.page.goto('/me/registrations');
    await expect(worker.page.getByRole('region', { name: `我的成绩 · ${contestTitle}` })).toBeVisible();
    const appeal = worker.page.getByRole('region', { name: `申诉 · ${contestTitle}` });
    await expect(appeal).toContainText('申诉驳回');
    await expect(appeal).toContainText('理论成绩经核对阅卷记录无误');
    await shoot(worker.page, 'worker-dismissed-375');
    await worker.context.close();
  });
});
