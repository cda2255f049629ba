import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { ResponseOf } from '@gongjiang/contract';
import {
  api,
  DEMO_PASSWORD,
  expectNoHorizontalScroll,
  expectPath,
  login,
  logIn,
  moveContest,
  publishedContest,
  registerWorker,
  residentId,
  signedIn,
} from './support';

/**
 * Judging end to end (issue 4): an organizer sets up an event through the API, two judges fill their
 * whole sheets by keyboard on a tablet — one of them with the network cut for part of the time — and
 * every mark reaches the server exactly once; the organizer imports theory scores from a CSV file and
 * publishes; the public results page shows the ranking with names. Screenshots go to
 * e2e/.artifacts/screenshots/judging-*.png.
 */
const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const ORGANIZER = '13900000002'; // city organizer: the whole federation is in scope
const JUDGE_A = '13900000012'; // 陆海峰, 无锡供电公司工会 — chief judge; recused from the contestant of the same employer
const JUDGE_B = '13900000014'; // 华丽娟, 无锡市人民医院工会
const TABLET = { width: 820, height: 1180 };

type Kind = 'score' | 'measurement' | 'judgement';
const CRITERIA: { name: string; maxScore: number; kind: Kind }[] = [
  { name: '操作规范', maxScore: 40, kind: 'score' },
  { name: '作品质量', maxScore: 30, kind: 'score' },
  { name: '尺寸精度', maxScore: 20, kind: 'measurement' },
  { name: '工艺评价', maxScore: 10, kind: 'judgement' },
];

/**
 * The contestants and what each judge gives them, criterion by criterion (CRITERIA order). The first
 * works at judge A's employer, so judge A never sees them. Judgement marks stay within 1 of each other.
 */
const WORKERS = [
  { name: '周铁军', sameEmployerAsA: true, theory: 92, a: null, b: ['38', '27', '20', '3'] },
  { name: '吴晓梅', sameEmployerAsA: false, theory: 85.5, a: ['32.5', '23.5', '20', '3'], b: ['33.5', '24.5', '20', '2'] },
  { name: '孙立新', sameEmployerAsA: false, theory: 78, a: ['28', '20', '0', '1'], b: ['29', '21', '0', '2'] },
  { name: '郑雨桐', sameEmployerAsA: false, theory: 66, a: ['23.5', '17', '20', '1'], b: ['24.5', '18', '20', '1'] },
];

const round2 = (x: number) => Math.round(x * 100 + 1e-9) / 100;

/** domain.md § Scoring with mean aggregation: criterion mark = mean of the judges who may score; judgement = mean ÷ 3 × max. */
function expectedTotal(w: (typeof WORKERS)[number]): { practical: number; total: number } {
  const judges = [w.a, w.b].filter((x): x is string[] => x !== null);
  const practical = CRITERIA.reduce((sum, c, k) => {
    const mean = judges.reduce((s, j) => s + Number(j[k]), 0) / judges.length;
    return sum + (c.kind === 'judgement' ? (mean / 3) * c.maxScore : mean);
  }, 0);
  return { practical: round2(practical), total: round2(w.theory * 0.3 + practical * 0.7) };
}

async function shoot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: path.join(shots, `judging-${name}.png`), fullPage });
}

async function judgeContext(browser: Browser, phone: string): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await signedIn(browser, phone, { viewport: TABLET, redirectTo: '/judging' });
  await expectPath(page, '/judging');
  return { context, page };
}

test.describe.configure({ mode: 'serial' });

test('two judges score by keyboard on tablets (one offline for a while), the organizer imports theory, publishes, the public sees the ranking', async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36).toUpperCase();
  const contestTitle = `第十届无锡市职工技能大赛·E2E ${stamp}`;

  // ---------- setup through the API ----------
  const organizer = await login(request, ORGANIZER);
  const judgeA = await login(request, JUDGE_A);
  const judgeB = await login(request, JUDGE_B);
  const orgs = await api(request, 'listOrgs', {}, organizer);
  const trades = await api(request, 'listTrades', {});
  const trade = trades[0]!;
  const judgeOrgIds = new Set([judgeA.user.orgId, judgeB.user.orgId]);
  const otherBases = orgs.filter((o) => o.kind === 'base' && !judgeOrgIds.has(o.id));
  expect(otherBases.length).toBeGreaterThanOrEqual(WORKERS.length - 1);
  expect(judgeA.user.orgId).not.toBeNull();

  const { contest, event } = await publishedContest(
    request,
    organizer,
    { title: contestTitle, tier: 'city', inPlan: true, days: [-1, 2, 3, 4] },
    {
      tradeId: trade.id,
      targetLevel: 'senior',
      capacity: 20,
      requiresApproval: true,
      scoring: { theoryWeight: 0.3, practicalWeight: 0.7, aggregation: 'mean', passMark: 60, criteria: CRITERIA },
    },
  );
  const eventId = event.id;
  const criterionIds = CRITERIA.map((c) => event.criteria.find((x) => x.name === c.name)!.id);

  const workers: ((typeof WORKERS)[number] & {
    registrationId: number;
    employer: string;
    bib?: string;
    phone: string;
    password: string;
  })[] = [];
  for (const [i, w] of WORKERS.entries()) {
    const { phone, password } = await registerWorker(request, w.name);
    const s = await login(request, phone, password);
    const employer = w.sameEmployerAsA ? orgs.find((o) => o.id === judgeA.user.orgId)! : otherBases[i]!;
    await api(
      request,
      'updateMyProfile',
      {
        body: {
          name: w.name,
          idNumber: residentId(`1988${String(i + 3).padStart(2, '0')}15`, 100 + ((Date.now() + i * 37) % 800)),
          employerOrgId: employer.id,
          tradeId: trade.id,
          skillLevel: 'intermediate',
          certificateNo: null,
          unionMember: true,
        },
      },
      s,
    );
    const reg = await api(request, 'registerForEvent', { params: { id: eventId } }, s);
    expect(reg.status).toBe('pending');
    await api(request, 'approveRegistration', { params: { id: reg.id } }, organizer);
    workers.push({ ...w, registrationId: reg.id, employer: employer.name, phone, password });
  }
  // registration closes (the draw waits for it), numbers are drawn
  await moveContest(request, organizer, contest.id, 'closed');
  const draw = await api(request, 'drawBibs', { params: { id: eventId } }, { ...organizer, undeclaredBody: { seed: 'e2e-judging' } });
  for (const a of draw.assignments) workers.find((w) => w.registrationId === a.registrationId)!.bib = a.bib;
  const byBib = [...workers].sort((x, y) => x.bib!.localeCompare(y.bib!));
  await api(request, 'assignJudge', { params: { id: eventId }, body: { userId: judgeA.user.id, chief: true } }, organizer);
  await api(request, 'assignJudge', { params: { id: eventId }, body: { userId: judgeB.user.id } }, organizer);

  await test.step('before the contest starts the sheet says from when marks are taken, and a mark is refused', async () => {
    const early = await judgeContext(browser, JUDGE_B);
    await early.page.goto(`/judging/events/${eventId}`);
    await expect(early.page.getByText(/^比赛开始（.+ 北京时间）后才能评分$/)).toBeVisible();
    await expect(early.page.getByRole('button', { name: '提交并锁定' })).toBeDisabled();
    const refused = await request.put(`/api/judging/events/${eventId}/scores`, {
      data: { bib: byBib[0]!.bib, criterionId: criterionIds[0], score: 1 },
      headers: { authorization: `Bearer ${judgeB.token}` },
    });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).code).toBe('TOO_EARLY');
    await early.context.close();
  });
  // the contest starts: the judges mark
  await moveContest(request, organizer, contest.id, 'started');

  // ---------- judge B: the whole sheet by keyboard, Enter (down the column, then the next criterion) ----------
  const b = await judgeContext(browser, JUDGE_B);
  await test.step('judge B enters the full sheet with Enter', async () => {
    const card = b.page.getByRole('listitem').filter({ hasText: contestTitle });
    // work first: the sheet waiting to be scored leads the list
    await expect(b.page.getByRole('main').getByRole('listitem').first()).toContainText(contestTitle);
    await expect(card.getByText('已评 0 / 16 格')).toBeVisible();
    await shoot(b.page, 'judge-events-tablet', false);
    await card.getByRole('link', { name: '进入评分表' }).click();
    await expect(b.page.getByRole('heading', { level: 1, name: '评分表' })).toBeVisible();
    const status = b.page.getByTestId('sync-status');
    await expect(status).toContainText('全部已保存');
    // blind: no contestant's name or employer anywhere on the sheet
    for (const w of workers) await expect(b.page.getByText(w.name)).toHaveCount(0);
    expect(await b.page.getByRole('row').count()).toBe(1 + workers.length);

    await b.page.getByLabel(new RegExp(`^${byBib[0]!.bib} · ${CRITERIA[0]!.name}`)).focus();
    for (const [k] of CRITERIA.entries())
      for (const [r, w] of byBib.entries()) {
        await b.page.keyboard.type(w.b[k]!);
        if (k === 1 && r === 2) await shoot(b.page, 'sheet-mid-entry-tablet', false);
        await b.page.keyboard.press('Enter');
      }
    // Enter on the last cell hands the judge to the submit button
    await expect(b.page.getByRole('button', { name: '提交并锁定' })).toBeFocused();
    await expect(b.page.getByText('已评 16 / 16 格')).toBeVisible();
    await expect(status).toContainText('全部已保存');
    for (const [r, w] of byBib.entries())
      for (const [k, c] of CRITERIA.entries()) {
        const cell = b.page.getByLabel(new RegExp(`^${w.bib} · ${c.name}`));
        await expect(cell, `${r}/${k}`).toHaveValue(w.b[k]!);
      }
  });

  // ---------- judge A: Tab along the rows, with the network cut for part of the time ----------
  const a = await judgeContext(browser, JUDGE_A);
  const sheetA = byBib.filter((w) => !w.sameEmployerAsA);
  await test.step('judge A types row by row with Tab; the network drops half way and comes back', async () => {
    await a.page.getByRole('listitem').filter({ hasText: contestTitle }).getByRole('link', { name: '进入评分表' }).click();
    const status = a.page.getByTestId('sync-status');
    await expect(status).toContainText('全部已保存');
    // recusal (回避): the contestant from judge A's own employer is not on the sheet
    expect(await a.page.getByRole('row').count()).toBe(1 + sheetA.length);
    await expect(a.page.getByRole('rowheader', { name: byBib.find((w) => w.sameEmployerAsA)!.bib! })).toHaveCount(0);

    const cells = sheetA.flatMap((w) => w.a!.map((v) => v));
    const total = cells.length;
    const offlineFrom = CRITERIA.length; // the second row
    const offlineTo = total - 2; // back online two cells before the end
    await a.page.getByLabel(new RegExp(`^${sheetA[0]!.bib} · ${CRITERIA[0]!.name}`)).focus();
    for (const [i, value] of cells.entries()) {
      if (i === offlineFrom) {
        await expect(status).toContainText('全部已保存');
        await a.context.setOffline(true);
      }
      if (i === offlineTo) {
        const queued = a.page.locator('td[data-status="queued"]');
        await expect(status).toContainText('当前离线');
        await expect(a.page.getByText('网络已断开：分数先保存在本设备上')).toBeVisible();
        await expect(status).toContainText(`${offlineTo - offlineFrom} 个待同步`);
        await expect(queued).toHaveCount(offlineTo - offlineFrom);
        await expect(a.page.getByText(`已评 ${offlineTo} / ${total} 格`)).toBeVisible();
        await shoot(a.page, 'sheet-offline-tablet', false);
        await a.context.setOffline(false);
        await expect(status).toContainText('全部已保存');
        await expect(status).not.toContainText('当前离线');
        await expect(a.page.getByText('网络已断开：分数先保存在本设备上')).toBeHidden();
        await expect(queued).toHaveCount(0);
      }
      await a.page.keyboard.type(value);
      await a.page.keyboard.press('Tab');
    }
    await expect(a.page.getByRole('button', { name: '提交并锁定' })).toBeFocused();
    await expect(a.page.getByText(`已评 ${total} / ${total} 格`)).toBeVisible();
    await expect(status).toContainText('全部已保存');
    await expect(a.page.locator('td[data-status="saved"]')).toHaveCount(total);
    // a reload shows what the server has
    await a.page.reload();
    await expect(a.page.getByTestId('sync-status')).toContainText('全部已保存');
    for (const w of sheetA)
      for (const [k, c] of CRITERIA.entries()) await expect(a.page.getByLabel(new RegExp(`^${w.bib} · ${c.name}`))).toHaveValue(w.a![k]!);
  });

  await test.step('every mark arrived exactly once with the typed value (per-judge report and audit log)', async () => {
    const report = await api(request, 'getResultsByJudge', { params: { id: eventId } }, organizer);
    for (const w of workers) {
      const row = report.contestants.find((c) => c.bib === w.bib)!;
      for (const [k, cid] of criterionIds.entries()) {
        const marks = row.criteria.find((c) => c.criterionId === cid)!.marks;
        const ofA = marks.find((x) => x.judgeId === judgeA.user.id)!;
        const ofB = marks.find((x) => x.judgeId === judgeB.user.id)!;
        expect(ofB.score).toBe(Number(w.b[k]));
        if (w.a) expect(ofA.score).toBe(Number(w.a[k]));
        else expect(ofA).toMatchObject({ recused: true, score: null });
      }
    }
    // the audit log has one score.set per cell: no mark was written twice (resends are idempotent)
    const writes = new Map<string, number>();
    for (let pageNo = 1; pageNo < 50; pageNo++) {
      // the raw answer: its x-has-more header says whether another page follows
      const res = await request.get(`/api/audit?entity=score&page=${pageNo}&pageSize=200`, {
        headers: { authorization: `Bearer ${organizer.token}` },
      });
      expect(res.status()).toBe(200);
      const entries = (await res.json()) as ResponseOf<'listAuditEntries'>;
      for (const e of entries) {
        // the contract leaves before/after open (each entity records its own shape); a mark records where it went
        const after = e.after as { eventId: number; bib: string; criterionId: number; judgeId: number } | null;
        if (after?.eventId !== eventId) continue;
        expect(e.action).toBe('score.set');
        const key = `${after.judgeId}|${after.bib}|${after.criterionId}`;
        writes.set(key, (writes.get(key) ?? 0) + 1);
      }
      if (res.headers()['x-has-more'] !== 'true') break;
    }
    expect(writes.size).toBe(workers.length * CRITERIA.length + sheetA.length * CRITERIA.length);
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
  });

  const board = await (async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('手机号').fill(ORGANIZER);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    // an organizer logging in with no destination lands on their workspace (管理), not the public home page
    await expectPath(page, '/admin');
    await page.goto(`/manage/events/${eventId}/results`);
    await expect(page.getByRole('heading', { level: 1, name: '成绩管理' })).toBeVisible();
    await expect(page.getByText(`${contestTitle} · ${trade.name} · ${WORKERS.length} 名选手`)).toBeVisible();
    return { context, page };
  })();

  await test.step('publication waits for the contest to end: said on the board, the button disabled', async () => {
    await expect(board.page.getByText(/^比赛结束（.+ 北京时间）后才能公布成绩$/)).toBeVisible();
    await expect(board.page.getByRole('button', { name: '发布成绩' })).toBeDisabled();
    await shoot(board.page, 'board-publish-wait-1280');
    // the contest day is over; the judges still finish their sheets
    await moveContest(request, organizer, contest.id, 'ended');
    await board.page.reload();
    await expect(board.page.getByText(/后才能公布成绩/)).toHaveCount(0);
  });

  await test.step('publishing is refused while sheets are open', async () => {
    await board.page.getByLabel('我已核对成绩，确认发布').check();
    await board.page.getByRole('button', { name: '发布成绩' }).click();
    await expect(board.page.getByRole('list', { name: '暂不能发布的原因' })).toContainText('2 份评分表尚未提交');
  });

  await test.step('both judges submit (lock) their sheets by keyboard', async () => {
    for (const j of [b, a]) {
      j.page.once('dialog', (d) => void d.accept());
      const submit = j.page.getByRole('button', { name: '提交并锁定' });
      await submit.focus();
      await j.page.keyboard.press('Enter');
      await expect(j.page.getByText('评分表已提交锁定。')).toBeVisible();
      await expect(j.page.getByText('已提交锁定。', { exact: false }).first()).toBeVisible();
      await expect(j.page.getByRole('textbox').first()).toHaveAttribute('readonly', '');
    }
    await shoot(a.page, 'sheet-locked-tablet');
    // the same sheet on a phone: the grid scrolls inside its frame, the page does not
    await b.page.setViewportSize({ width: 375, height: 812 });
    await expectNoHorizontalScroll(b.page);
    await shoot(b.page, 'sheet-locked-375');
    await a.context.close();
    await b.context.close();
  });

  await test.step('the organizer imports theory scores from a CSV file and publishes', async () => {
    const page = board.page;
    await page.reload();
    const tile = (label: string) => page.getByRole('listitem').filter({ has: page.getByRole('progressbar', { name: label, exact: true }) });
    await expect(tile('已提交评分表')).toContainText(/2\s*\/\s*2/);
    await expect(tile('理论成绩')).toContainText(new RegExp(`0\\s*/\\s*${workers.length}`));
    await shoot(page, 'board-before-import-1280');
    await page.getByRole('link', { name: '裁判管理 →' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '裁判管理' })).toBeVisible();
    await expect(page.getByText('剩余 1 名裁判')).toBeVisible();
    await shoot(page, 'judges-1280');
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: '成绩管理' })).toBeVisible();
    // a wrong file first: nothing is written and the rows are named
    await page.getByLabel('理论成绩文件（CSV 或 Excel）').setInputFiles({
      name: 'theory-bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`检录号,理论成绩\r\n${byBib[0]!.bib},101\r\nZ999,80\r\n`, 'utf8'),
    });
    await page.getByRole('button', { name: '导入理论成绩' }).click();
    const errors = page.getByRole('table', { name: '文件中的问题（整份文件未导入）' });
    await expect(errors).toContainText('成绩超出 0–100');
    await expect(errors).toContainText('检录号不存在');

    const csv = ['检录号,理论成绩', ...byBib.map((w) => `${w.bib},${w.theory}`)].join('\r\n');
    await page
      .getByLabel('理论成绩文件（CSV 或 Excel）')
      .setInputFiles({ name: 'theory.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`, 'utf8') });
    await page.getByRole('button', { name: '导入理论成绩' }).click();
    await expect(page.getByText(`已导入 ${workers.length} 行理论成绩`)).toBeVisible();
    await expect(tile('理论成绩')).toContainText(new RegExp(`${workers.length}\\s*/\\s*${workers.length}`));
    await expect(page.getByText('汇总方式：平均分')).toBeVisible();
    await shoot(page, 'board-ready-1280');
    await page.setViewportSize({ width: 375, height: 812 });
    await expectNoHorizontalScroll(page);
    await shoot(page, 'board-ready-375');
    await page.setViewportSize({ width: 1280, height: 900 });

    // an irreversible step says what it will do and asks to be confirmed (a required box: also without JavaScript)
    await expect(page.getByText(/^发布后，\d+ 名选手的成绩和名次向所有人公开/)).toBeVisible();
    await page.getByLabel('我已核对成绩，确认发布').check();
    await page.getByRole('button', { name: '发布成绩' }).click();
    await expect(page.getByText('成绩已发布，公示页面现已公开姓名与名次。')).toBeVisible();
    await expect(page.getByRole('link', { name: '查看公示页面' })).toBeVisible();
    await board.context.close();
  });

  await test.step('the public results page shows the ranking with names (375 px and 1280 px)', async () => {
    const ranked = [...workers].map((w) => ({ ...w, ...expectedTotal(w) })).sort((x, y) => y.total - x.total);
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: width < 500 ? 812 : 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(`/results/${eventId}`);
      await expect(page.getByRole('heading', { level: 1, name: '成绩公示' })).toBeVisible();
      await expect(page.getByText(`${contestTitle} · ${trade.name}`)).toBeVisible();
      const table = page.getByRole('region', { name: '成绩排名' });
      const rows = table.locator('tbody tr');
      await expect(rows).toHaveCount(workers.length);
      for (const [i, w] of ranked.entries()) {
        const row = rows.nth(i);
        await expect(row.locator('td').first()).toContainText(String(i + 1));
        await expect(row).toContainText(w.name);
        await expect(row).toContainText(w.bib!);
        await expect(row).toContainText(w.total.toFixed(2));
        await expect(row).toContainText(w.practical.toFixed(2));
      }
      await expect(page.getByRole('list', { name: '前三名' }).getByRole('listitem').first()).toContainText(ranked[0]!.name);
      await expectNoHorizontalScroll(page);
      await shoot(page, `public-results-${width}`);
      await context.close();
    }
  });

  await test.step('a contestant reads their own rank, total and scores in 我的报名 on a phone', async () => {
    const ranked = [...workers].map((w) => ({ ...w, ...expectedTotal(w) })).sort((x, y) => y.total - x.total);
    const rank = 2;
    const me = ranked[rank - 1]!;
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', hasTouch: true });
    const page = await context.newPage();
    await logIn(page, me.phone, me.password);
    await page.goto('/me/registrations');
    const mine = page.getByRole('region', { name: `我的成绩 · ${contestTitle}` });
    await expect(mine).toContainText(`第 ${rank} 名`);
    await expect(mine).toContainText(me.total.toFixed(2));
    await expect(mine).toContainText(me.practical.toFixed(2));
    await expect(mine).toContainText(me.theory.toFixed(2));
    await mine.getByRole('link', { name: '查看成绩榜' }).click();
    await expectPath(page, `/results/${eventId}`);
    await page.goBack();
    await mine.scrollIntoViewIfNeeded();
    await expectNoHorizontalScroll(page);
    await shoot(page, 'my-result-375');
    await context.close();
  });
});
