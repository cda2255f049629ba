import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, expectError, type TestApp } from './helper';
import { makeWorkers } from './fixtures';
import { yearRows } from './support/year';

/**
 * GET /api/stats/annual.xlsx and GET /api/stats/org-trail on a small hand-built year.
 *
 * Tree: federation ─┬─ district (d1) ─┬─ base (b1)
 *                   │                 └─ otherBase (b2)
 *                   └─ otherDistrict (d2) ── baseInOther (b3)
 */
describe('annual report workbook', () => {
  let t: TestApp;
  let city: { authorization: string };
  let d1: { authorization: string };
  let admin: { authorization: string };

  const rows = yearRows(() => t.database);
  const contest = (orgId: number, startsAt: string) => rows.contest(orgId, 'published', startsAt);
  const { event } = rows;
  const registration = (eventId: number, workerId: number, status = 'confirmed') => rows.registration(eventId, workerId, status);
  const training = (orgId: number, tradeId: number, firstSessionAt: string) => rows.training(orgId, tradeId, 'published', firstSessionAt);
  const enrolment = (classId: number, workerId: number) => rows.enrolment(classId, workerId, 'enrolled');

  const download = (auth: { authorization: string } | undefined, query: string) =>
    t.app.inject({ method: 'GET', url: `/api/stats/annual.xlsx?${query}`, headers: auth ?? {} });
  const open = async (body: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as never);
    return wb;
  };
  const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

  beforeAll(async () => {
    t = await buildTestApp();
    const { fitter, electrician } = t.trades;
    const { federation, district, base, otherBase, baseInOther } = t.orgs;
    city = (await t.user(['organizer'], federation)).auth;
    d1 = (await t.user(['organizer'], district)).auth;
    admin = (await t.user(['admin'], null)).auth;
    const w = (await makeWorkers(t, 5)).map((x) => x.id);

    // 2025: a March contest in b1 (fitter + electrician, 3 confirmed, 1 cancelled) and a June one in b3 (fitter, 1).
    const c1 = await contest(base, '2025-03-10T01:00:00Z');
    const e1 = await event(c1, fitter);
    const e2 = await event(c1, electrician);
    await registration(e1, w[0]!);
    await registration(e1, w[1]!);
    await registration(e1, w[2]!, 'cancelled');
    await registration(e2, w[3]!);
    await registration(await event(await contest(baseInOther, '2025-06-15T01:00:00Z'), fitter), w[4]!);
    // An April class in b2 (electrician) with two trainees.
    const k = await training(otherBase, electrician, '2025-04-02T01:00:00Z');
    await enrolment(k, w[0]!);
    await enrolment(k, w[1]!);
    // 2024: one contest of the federation itself, for the previous-year column.
    await registration(await event(await contest(federation, '2024-06-01T01:00:00Z'), fitter), w[0]!);
  });

  it('has one sheet per breakdown with Chinese headers and the figures of GET /api/stats/annual', async () => {
    const res = await download(city, 'year=2025');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("''")[1] ?? '')).toBe('无锡市总工会-2025年度统计.xlsx');
    const wb = await open(res.rawPayload);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['总览', '按工种', '按单位', '按月份']);

    const overview = wb.getWorksheet('总览')!;
    expect(rowValues(overview, 3)).toEqual(['指标', '计量单位', '2025年', '2024年', '增减', '增减率']);
    // contests 2 (last year 1, +100%), trades 2, participants 4 (the cancelled one is not counted), classes 1, trainees 2
    expect(rowValues(overview, 4)).toEqual(['举办技能比赛', '场', 2, 1, 1, 1]);
    expect(rowValues(overview, 5)).toEqual(['覆盖工种', '个', 2, 1, 1, 1]);
    expect(rowValues(overview, 6)).toEqual(['参赛职工', '人次', 4, 1, 3, 3]);
    expect(rowValues(overview, 7)).toEqual(['举办技能培训班', '期', 1, 0, 1, '—']);
    expect(rowValues(overview, 8)).toEqual(['培训职工', '人次', 2, 0, 2, '—']);

    const trades = wb.getWorksheet('按工种')!;
    expect(rowValues(trades, 1)).toEqual([
      '工种代码',
      '工种',
      '举办技能比赛(场)',
      '参赛职工(人次)',
      '举办技能培训班(期)',
      '培训职工(人次)',
      '晋升技术等级(人次)',
      '晋升高技能人才(人)',
    ]);
    // by trade code: fitter 6-20-01-01 (2 contests, 3 participants), electrician 6-31-01-03 (1 contest, 1 participant, the class)
    expect(rowValues(trades, 2)).toEqual(['6-20-01-01', '钳工', 2, 3, 0, 0, 0, 0]);
    expect(rowValues(trades, 3)).toEqual(['6-31-01-03', '电工', 1, 1, 1, 2, 0, 0]);

    const orgs = wb.getWorksheet('按单位')!;
    expect(rowValues(orgs, 1).slice(0, 4)).toEqual(['单位', '类型', '举办技能比赛(场)', '覆盖工种(个)']);
    expect(rowValues(orgs, 2)).toEqual(['梁溪区总工会', '区(市)总工会', 1, 2, 3, 1, 2, 0, 0]);
    expect(rowValues(orgs, 3)).toEqual(['滨湖区总工会', '区(市)总工会', 1, 1, 1, 0, 0, 0, 0]);
    expect(rowValues(orgs, 4)).toEqual(['无锡市总工会（本级）', '本级', 0, 0, 0, 0, 0, 0, 0]);
    expect(rowValues(orgs, 5)).toEqual(['合计', '', 2, 2, 4, 1, 2, 0, 0]);

    const months = wb.getWorksheet('按月份')!;
    expect(rowValues(months, 1)[0]).toBe('月份');
    expect(months.rowCount).toBe(14); // header, 12 months, 全年
    expect(rowValues(months, 4)).toEqual(['3月', 1, 3, 0, 0, 0, 0]);
    expect(rowValues(months, 5)).toEqual(['4月', 0, 0, 1, 2, 0, 0]);
    expect(rowValues(months, 14)).toEqual(['全年', 2, 4, 1, 2, 0, 0]);
  });

  it('counts only the chosen subtree: a district organizer gets their district by default', async () => {
    const res = await download(d1, 'year=2025');
    expect(res.statusCode, res.body).toBe(200);
    const wb = await open(res.rawPayload);
    expect(rowValues(wb.getWorksheet('总览')!, 4)).toEqual(['举办技能比赛', '场', 1, 0, 1, '—']);
    const orgs = wb.getWorksheet('按单位')!;
    expect(rowValues(orgs, 2)[0]).toBe('无锡供电公司工会');
  });

  it('answers 404 for an organisation outside the subtree, 401 without a token, 400 for a bad year', async () => {
    expectError(await download(d1, `year=2025&orgId=${t.orgs.otherDistrict}`), 404, 'NOT_FOUND');
    expectError(await download(d1, `year=2025&orgId=999999`), 404, 'NOT_FOUND');
    expect((await download(undefined, 'year=2025')).statusCode).toBe(401);
    expectError(await download(city, 'year=1999'), 400, 'VALIDATION');
    const worker = (await t.user(['worker'], t.orgs.base)).auth;
    expect((await download(worker, 'year=2025')).statusCode).toBe(403);
    // an admin reaches any organisation
    expect((await download(admin, `year=2025&orgId=${t.orgs.otherDistrict}`)).statusCode).toBe(200);
  });

  it('gives the breadcrumb trail from the top of the caller’s subtree down to the chosen organisation', async () => {
    const trail = async (auth: { authorization: string }, orgId?: number) =>
      t.app.inject({ method: 'GET', url: `/api/stats/org-trail${orgId ? `?orgId=${orgId}` : ''}`, headers: auth });
    const names = async (auth: { authorization: string }, orgId?: number) => {
      const res = await trail(auth, orgId);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { name: string }[]).map((o) => o.name);
    };
    expect(await names(city, t.orgs.base)).toEqual(['无锡市总工会', '梁溪区总工会', '无锡供电公司工会']);
    expect(await names(d1, t.orgs.base)).toEqual(['梁溪区总工会', '无锡供电公司工会']);
    expect(await names(d1)).toEqual(['梁溪区总工会']);
    expect(await names(admin, t.orgs.baseInOther)).toEqual(['无锡市总工会', '滨湖区总工会', '中国船舶重工集团公司第七〇二研究所工会']);
    expectError(await trail(d1, t.orgs.otherDistrict), 404, 'NOT_FOUND');
  });
});
