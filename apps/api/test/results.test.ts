import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { parseCsv } from '../src/services/table-import';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers, moveContestTo } from './fixtures';
import { BIG_EVENT_SCORING, fillBigEvent } from './support/big-event';
import { auditsOf } from './support/rows';

const t = await buildTestApp();
const { app, database } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
type Auth = { authorization: string };
const SECRET_NAME = '公示前隐名';

/**
 * Five drawn contestants — three employed by `base`, two by `otherBase` — and three judges:
 * A (chief, conflicts with nobody), B (employer otherBase: recuses those two), C (employer base:
 * recuses those three). Criteria are the default scheme: score 20, measurement 40, score 30, judgement 10.
 */
async function judgedEvent(opts: { judges?: boolean } = {}) {
  const { contestId, eventId, event } = await makeContest(t, organizer.auth, { capacity: 20 });
  const workers = [...(await makeWorkers(t, 3, { orgId: t.orgs.base })), ...(await makeWorkers(t, 2, { orgId: t.orgs.otherBase }))];
  for (const w of workers) {
    await database.tx((tx) => tx.run(sql`update users set name = ${`${SECRET_NAME}${w.id}`} where id = ${w.id}`));
    expect((await app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: w.auth })).statusCode).toBe(201);
  }
  // registration closes, numbers are drawn, the contest starts: marks and theory scores may come in
  await moveContestTo(t, organizer.auth, contestId, 'closed');
  await app.inject({ method: 'POST', url: `/api/events/${eventId}/draw`, headers: organizer.auth, payload: { seed: `s${eventId}` } });
  await moveContestTo(t, organizer.auth, contestId, 'started');
  const bibOf = async (w: { id: number }) =>
    (await database.read.get<{ bib: string }>(sql`select bib from registrations where worker_id = ${w.id} and event_id = ${eventId}`))!.bib;
  const baseBibs = await Promise.all(workers.slice(0, 3).map(bibOf));
  const otherBibs = await Promise.all(workers.slice(3).map(bibOf));
  const judgeA = await t.user(['judge'], t.orgs.baseInOther);
  const judgeB = await t.user(['judge'], t.orgs.otherBase);
  const judgeC = await t.user(['judge'], t.orgs.base);
  if (opts.judges !== false) {
    for (const [j, chief] of [
      [judgeA, true],
      [judgeB, false],
      [judgeC, false],
    ] as const) {
      expect(
        (
          await app.inject({
            method: 'POST',
            url: `/api/events/${eventId}/judges`,
            headers: organizer.auth,
            payload: { userId: j.id, chief },
          })
        ).statusCode,
      ).toBe(201);
    }
  }
  const criteria = (event.scoring.criteria as { id: number }[]).map((c) => c.id);
  return { contestId, eventId, criteria, workers, baseBibs, otherBibs, judgeA, judgeB, judgeC };
}

/** The same marks on every given bib: one value per criterion, in criteria order. */
async function fill(eventId: number, auth: Auth, criteria: number[], bibs: string[], values: number[]) {
  const items = bibs.flatMap((bib) => criteria.map((criterionId, i) => ({ bib, criterionId, score: values[i]! })));
  const r = await app.inject({ method: 'PUT', url: `/api/judging/events/${eventId}/scores/batch`, headers: auth, payload: items });
  expect(
    r.json().every((x: { ok: boolean }) => x.ok),
    r.body,
  ).toBe(true);
}
const submit = async (eventId: number, auth: Auth) => {
  const r = await app.inject({ method: 'POST', url: `/api/judging/events/${eventId}/submit`, headers: auth });
  expect(r.statusCode, r.body).toBe(200);
};
const putTheory = (eventId: number, rows: unknown, auth: Auth = organizer.auth) =>
  app.inject({ method: 'PUT', url: `/api/events/${eventId}/theory-scores`, headers: auth, payload: rows as object });
const theoryCount = async (eventId: number) =>
  (await database.read.get<{ n: number }>(sql`select count(*) as n from theory_scores where event_id = ${eventId}`))!.n;
/** the theory-score audit records of an event, oldest first */
const theoryAudits = (eventId: number) => auditsOf(database, 'theory_score.set', { eventId });

/** A: 16/40/24/2 on all; B: 18/40/27/3 on base; C: 14/0/21/2 on otherBase; everyone submits. */
async function scoreEverything(ev: Awaited<ReturnType<typeof judgedEvent>>) {
  await fill(ev.eventId, ev.judgeA.auth, ev.criteria, [...ev.baseBibs, ...ev.otherBibs], [16, 40, 24, 2]);
  await fill(ev.eventId, ev.judgeB.auth, ev.criteria, ev.baseBibs, [18, 40, 27, 3]);
  await fill(ev.eventId, ev.judgeC.auth, ev.criteria, ev.otherBibs, [14, 0, 21, 2]);
  for (const j of [ev.judgeA, ev.judgeB, ev.judgeC]) await submit(ev.eventId, j.auth);
}
const theoryRows = (ev: Awaited<ReturnType<typeof judgedEvent>>) => [
  { bib: ev.baseBibs[0]!, score: 90 },
  { bib: ev.baseBibs[1]!, score: 80 },
  { bib: ev.baseBibs[2]!, score: 70 },
  { bib: ev.otherBibs[0]!, score: 95 },
  { bib: ev.otherBibs[1]!, score: 30 },
];

describe('theory scores: all or nothing, every row problem listed', () => {
  it('PUT refuses the whole list when any row is wrong, listing unknown, out-of-range and duplicate rows; then saves and audits', async () => {
    const ev = await judgedEvent({ judges: false });
    const [a, b, c] = ev.baseBibs;
    const bad = await putTheory(ev.eventId, [
      { bib: a, score: 88 },
      { bib: 'Z999', score: 70 },
      { bib: b, score: 100.5 },
      { bib: c, score: 60 },
      { bib: c, score: 61 },
    ]);
    expectError(bad, 400, 'VALIDATION');
    expect(bad.json().errors).toEqual([
      { row: 2, bib: 'Z999', problem: 'unknown_bib' },
      { row: 3, bib: b, problem: 'out_of_range' },
      { row: 4, bib: c, problem: 'duplicate_bib' },
      { row: 5, bib: c, problem: 'duplicate_bib' },
    ]);
    expect(bad.json().message).toContain('Z999');
    expect(await theoryCount(ev.eventId)).toBe(0);

    const ok = await putTheory(ev.eventId, [
      { bib: a, score: 88 },
      { bib: b!.toLowerCase(), score: 75.5 },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ rows: 2, changed: 2, unchanged: 0 });
    const again = await putTheory(ev.eventId, [
      { bib: a, score: 88 },
      { bib: b, score: 76 },
    ]);
    expect(again.json()).toMatchObject({ changed: 1, unchanged: 1 });
    const audits = await theoryAudits(ev.eventId);
    expect(audits.map((x) => [x.before?.score ?? null, x.after!.score])).toEqual([
      [null, 88],
      [null, 75.5],
      [75.5, 76],
    ]);
    expectError(await putTheory(ev.eventId, [{ bib: a, score: '90' }]), 400, 'VALIDATION');
    const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
    expectError(await putTheory(ev.eventId, [{ bib: a, score: 90 }], outsider.auth), 404, 'NOT_FOUND');
  });

  const importFile = (eventId: number, payload: string | Buffer | object, contentType: string) =>
    app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/theory-scores/import`,
      headers: { ...organizer.auth, 'content-type': contentType },
      payload: payload as string,
    });

  it('imports CSV (text/csv with BOM and CRLF, or JSON {csv}), reporting file row numbers and writing nothing on error', async () => {
    const ev = await judgedEvent({ judges: false });
    const [a, b, c] = ev.baseBibs;
    const badCsv = `\ufeff姓名,检录号,理论成绩\r\n"张,三",${a},88\r\n李四,Z001,90\r\n\r\n王五,${b},abc\r\n赵六,${c},-1\r\n`;
    const bad = await importFile(ev.eventId, badCsv, 'text/csv');
    expectError(bad, 400, 'VALIDATION');
    expect(bad.json().errors).toEqual([
      { row: 3, bib: 'Z001', problem: 'unknown_bib' },
      { row: 5, bib: b, problem: 'not_a_number' },
      { row: 6, bib: c, problem: 'out_of_range' },
    ]);
    expect(await theoryCount(ev.eventId)).toBe(0);

    const good = await importFile(ev.eventId, `\ufeffbib,score\r\n${a},88\r\n${b},"79.5"\r\n`, 'text/csv; charset=utf-8');
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ rows: 2, changed: 2 });
    const json = await importFile(ev.eventId, JSON.stringify({ csv: `检录号,理论成绩\n${c},61\n` }), 'application/json');
    expect(json.json()).toMatchObject({ rows: 1, changed: 1 });
    expect(await theoryCount(ev.eventId)).toBe(3);
    const [first] = await theoryAudits(ev.eventId);
    expect(first!.reason).toBe('csv import');

    expectError(await importFile(ev.eventId, '编号,分数\r\nA001,1\r\n', 'text/csv'), 400, 'VALIDATION');
    expectError(await importFile(ev.eventId, `bib,score\r\n"${a},1\r\n`, 'text/csv'), 400, 'VALIDATION');
  });

  it('reads a CSV saved by Excel on Chinese Windows (GB18030)', async () => {
    const ev = await judgedEvent({ judges: false });
    // '检录号,理论成绩,备注\r\n' and '<bib>,88.5,缺考\r\n' encoded in GB18030
    const gbHeader = Buffer.from('bcecc2bcbac52cc0edc2dbb3c9bca82cb1b8d7a20d0a', 'hex');
    const gbRow = Buffer.concat([Buffer.from(`${ev.baseBibs[0]},88.5,`), Buffer.from('c8b1bfbc0d0a', 'hex')]);
    const res = await importFile(ev.eventId, Buffer.concat([gbHeader, gbRow]), 'text/csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(await database.read.get(sql`select score from theory_scores where event_id = ${ev.eventId}`)).toEqual({ score: 88.5 });
  });

  it('imports an XLSX workbook sent as application/octet-stream, with per-row errors by sheet row', async () => {
    const ev = await judgedEvent({ judges: false });
    const workbook = async (rows: (string | number)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('理论');
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const bad = await importFile(
      ev.eventId,
      await workbook([
        ['检录号', '理论成绩'],
        [ev.baseBibs[0]!, 101],
        [ev.baseBibs[1]!, 77],
        ['Q1', 50],
      ]),
      'application/octet-stream',
    );
    expectError(bad, 400, 'VALIDATION');
    expect(bad.json().errors).toEqual([
      { row: 2, bib: ev.baseBibs[0], problem: 'out_of_range' },
      { row: 4, bib: 'Q1', problem: 'unknown_bib' },
    ]);
    expect(await theoryCount(ev.eventId)).toBe(0);
    const good = await importFile(
      ev.eventId,
      await workbook([['检录号', '理论成绩'], ...theoryRows(ev).map((r) => [r.bib, r.score])]),
      'application/octet-stream',
    );
    expect(good.statusCode, good.body).toBe(200);
    expect(await theoryCount(ev.eventId)).toBe(5);
    expectError(await importFile(ev.eventId, Buffer.from('not a zip'), 'application/octet-stream'), 400, 'VALIDATION');
  });
});

describe('publishing results', () => {
  it('is refused while incomplete; publishes once; names are public only after publication', async () => {
    const none = await judgedEvent({ judges: false });
    // both contests are over: publication is allowed by time, refused while the results are incomplete
    await moveContestTo(t, organizer.auth, none.contestId, 'ended');
    const publish = (eventId: number) =>
      app.inject({ method: 'POST', url: `/api/events/${eventId}/results/publish`, headers: organizer.auth });
    const noJudges = await publish(none.eventId);
    expectError(noJudges, 409, 'RESULTS_INCOMPLETE');
    expect(noJudges.json().blockers.map((b: { problem: string }) => b.problem)).toEqual(['no_judges', 'theory_missing']);

    const ev = await judgedEvent();
    await moveContestTo(t, organizer.auth, ev.contestId, 'ended');
    const publicGet = () => app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results` });
    expectError(await publicGet(), 404, 'RESULTS_NOT_PUBLISHED');
    expectError(
      await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results`, headers: ev.workers[0]!.auth }),
      404,
      'RESULTS_NOT_PUBLISHED',
    );
    expectError(
      await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results`, headers: ev.judgeA.auth }),
      404,
      'RESULTS_NOT_PUBLISHED',
    );

    await fill(ev.eventId, ev.judgeA.auth, ev.criteria, [...ev.baseBibs, ...ev.otherBibs], [16, 40, 24, 2]);
    const open = await publish(ev.eventId);
    expectError(open, 409, 'RESULTS_INCOMPLETE');
    expect(open.json().blockers).toEqual([
      { problem: 'sheets_open', count: 3 },
      { problem: 'theory_missing', count: 5 },
    ]);
    expect(open.json().message).toContain('3 份评分表未提交');

    // the organizer follows along live: names, provisional practical marks, nobody ranked without a theory score
    const live = await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results`, headers: organizer.auth });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toHaveLength(5);
    expect(live.json().every((r: { rank: number | null; name: string }) => r.rank === null && r.name.startsWith(SECRET_NAME))).toBe(true);
    const board = (await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/progress`, headers: organizer.auth })).json();
    expect(board).toMatchObject({
      contestants: 5,
      sheets: { submitted: 0, total: 3 },
      cells: { done: 20, total: 40 },
      theory: { present: 0, total: 5 },
      ready: false,
    });
    expect(board.judges.map((j: { done: number; total: number }) => [j.done, j.total])).toEqual([
      [20, 20],
      [0, 12],
      [0, 8],
    ]);

    await fill(ev.eventId, ev.judgeB.auth, ev.criteria, ev.baseBibs, [18, 40, 27, 3]);
    await fill(ev.eventId, ev.judgeC.auth, ev.criteria, ev.otherBibs, [14, 0, 21, 2]);
    for (const j of [ev.judgeA, ev.judgeB, ev.judgeC]) await submit(ev.eventId, j.auth);
    expect((await publish(ev.eventId)).json().blockers).toEqual([{ problem: 'theory_missing', count: 5 }]);
    expect((await putTheory(ev.eventId, theoryRows(ev))).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/progress`, headers: organizer.auth })).json(),
    ).toMatchObject({ ready: true, blockers: [] });
    expectError(await publicGet(), 404, 'RESULTS_NOT_PUBLISHED');
    // a worker's own result stays hidden until publication (GET /api/me/registrations: result null)
    const mine = async (w: { auth: Record<string, string> }) => {
      const res = await app.inject({ method: 'GET', url: '/api/me/registrations', headers: w.auth });
      expect(res.statusCode).toBe(200);
      return (res.json() as { event: { id: number }; bib: string; result: Record<string, unknown> | null }[]).find(
        (r) => r.event.id === ev.eventId,
      )!;
    };
    for (const w of ev.workers) expect((await mine(w)).result).toBeNull();

    const done = await publish(ev.eventId);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ eventId: ev.eventId, count: 5 });
    expectError(await publish(ev.eventId), 409, 'ALREADY_PUBLISHED');

    const pub = await publicGet();
    expect(pub.statusCode).toBe(200);
    const rows = pub.json() as Record<string, unknown>[];
    // base: practical 17 + 40 + 25.5 + 2.5/3×10 = 90.83; other: 15 + 20 + 22.5 + 2/3×10 = 64.17
    expect(rows.map((r) => [r.rank, r.bib, r.theory, r.practical, r.total, r.passed, r.award, r.tied])).toEqual([
      [1, ev.baseBibs[0], 90, 90.83, 90.58, true, 'first', false],
      [2, ev.baseBibs[1], 80, 90.83, 87.58, true, 'second', false],
      [3, ev.baseBibs[2], 70, 90.83, 84.58, true, 'second', false],
      [4, ev.otherBibs[0], 95, 64.17, 73.42, true, 'third', false],
      [5, ev.otherBibs[1], 30, 64.17, 53.92, false, 'third', false],
    ]);
    expect(rows.every((r) => typeof r.name === 'string' && (r.name as string).startsWith(SECRET_NAME) && r.employer)).toBe(true);
    expect(rows[0]).not.toHaveProperty('registrationId');
    // each worker now reads their own rank, total, theory, practical, pass and award — the row the public board shows
    for (const w of ev.workers) {
      const own = await mine(w);
      const row = rows.find((r) => r.bib === own.bib)!;
      expect(own.result).toEqual({
        rank: row.rank,
        total: row.total,
        theory: row.theory,
        practical: row.practical,
        passed: row.passed,
        award: row.award,
      });
    }
    expect(await database.read.get(sql`select count(*) as n from results where event_id = ${ev.eventId}`)).toEqual({ n: 5 });
    expect(
      await database.read.get(sql`select count(*) as n from audit_log where action = 'results.publish' and entity_id = ${ev.eventId}`),
    ).toEqual({ n: 1 });

    const info = await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/info` });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ eventId: ev.eventId, published: true, contestTitle: expect.any(String) });
    expect(info.json().publishedAt).toBe(done.json().publishedAt);

    // frozen: nothing that feeds the results can change any more
    expectError(await putTheory(ev.eventId, [{ bib: ev.baseBibs[0]!, score: 10 }]), 409, 'ALREADY_PUBLISHED');
    expectError(
      await app.inject({
        method: 'POST',
        url: `/api/events/${ev.eventId}/unlock`,
        headers: organizer.auth,
        payload: { judgeId: ev.judgeA.id, reason: '改分' },
      }),
      409,
      'ALREADY_PUBLISHED',
    );
  });

  it('results/info names the contest and trade: anyone once the contest is published, a draft only for its organizers', async () => {
    const { contestId, eventId, event } = await makeContest(t, organizer.auth, { publish: false });
    const get = (headers?: Auth) => app.inject({ method: 'GET', url: `/api/events/${eventId}/results/info`, headers });
    expectError(await get(), 404, 'NOT_FOUND');
    const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
    expectError(await get(outsider.auth), 404, 'NOT_FOUND');
    const mine = await get(organizer.auth);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({
      eventId,
      contestId,
      contestTitle: '第九届无锡市职工技能大赛',
      trade: { id: event.tradeId, name: expect.any(String), nameEn: expect.toBeOneOf([expect.any(String), null]) },
      published: false,
      publishedAt: null,
      withdrawnAt: null,
      appealHours: 24,
    });
    expect((await app.inject({ method: 'POST', url: `/api/contests/${contestId}/publish`, headers: organizer.auth })).statusCode).toBe(200);
    const anon = await get();
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toMatchObject({ eventId, published: false, publishedAt: null });
    expectError(await app.inject({ method: 'GET', url: '/api/events/999999/results/info' }), 404, 'NOT_FOUND');
  });

  it("a conflicted judge's marks do not influence that contestant's result (with and without them)", async () => {
    const ev = await judgedEvent();
    await scoreEverything(ev);
    await putTheory(ev.eventId, theoryRows(ev));
    const { results } = app.services;
    const before = await results.compute(ev.eventId);
    const { registrations } = database.read.s;
    const baseIds = new Set(
      (
        await database.read.orm
          .select({ id: registrations.id })
          .from(registrations)
          .where(and(eq(registrations.eventId, ev.eventId), inArray(registrations.bib, ev.baseBibs)))
      ).map((r) => r.id),
    );
    // C works for the base contestants' employer: slip C's marks for them into the database directly
    await database.tx(async (tx) => {
      const rows = [...baseIds].flatMap((registrationId) =>
        ev.criteria.map((criterionId) => ({ eventId: ev.eventId, registrationId, judgeId: ev.judgeC.id, criterionId, score: 0 })),
      );
      await tx.orm.insert(tx.s.scores).values(rows);
    });
    const withStray = await results.compute(ev.eventId);
    expect(withStray).toEqual(before);
    // and without C on the panel at all, the base contestants' figures are the same again
    await database.tx(async (tx) => {
      await tx.run(sql`delete from scores where event_id = ${ev.eventId} and judge_id = ${ev.judgeC.id}`);
      await tx.run(sql`delete from judge_assignments where event_id = ${ev.eventId} and judge_id = ${ev.judgeC.id}`);
    });
    const withoutC = (await results.compute(ev.eventId)).filter((r) => baseIds.has(r.id));
    const pick = (r: { id: number; practical: number | null; total: number | null; criterionMarks: (number | null)[] }) => [
      r.id,
      r.practical,
      r.total,
      r.criterionMarks,
    ];
    expect(withoutC.map(pick)).toEqual(before.filter((r) => baseIds.has(r.id)).map(pick));
    expect(before.filter((r) => baseIds.has(r.id)).every((r) => r.practical === 90.83)).toBe(true);
  });

  it('the per-judge report: for the chief judge and organizers, blind numbers only', async () => {
    const ev = await judgedEvent();
    await scoreEverything(ev);
    const report = await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/judges`, headers: ev.judgeA.auth });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.body).not.toContain(SECRET_NAME);
    const body = report.json();
    expect(body.judges.map((j: { judgeId: number }) => j.judgeId)).toEqual([ev.judgeA.id, ev.judgeB.id, ev.judgeC.id]);
    const row = body.contestants.find((c: { bib: string }) => c.bib === ev.baseBibs[0]);
    expect(row.practical).toBe(90.83);
    const judgement = row.criteria[3];
    expect(judgement).toMatchObject({ mark: 8.33, spread: false });
    expect(judgement.marks).toEqual([
      { judgeId: ev.judgeA.id, score: 2, recused: false },
      { judgeId: ev.judgeB.id, score: 3, recused: false },
      { judgeId: ev.judgeC.id, score: null, recused: true },
    ]);
    expect((await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/judges`, headers: organizer.auth })).statusCode).toBe(
      200,
    );
    // a judge of the panel who is not the chief: wrong role inside the scope
    expectError(
      await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/judges`, headers: ev.judgeB.auth }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/judges`, headers: ev.workers[0]!.auth }),
      404,
      'NOT_FOUND',
    );
  });

  it('exports CSV (UTF-8 BOM, CRLF, Chinese headers) and XLSX', async () => {
    const ev = await judgedEvent();
    await scoreEverything(ev);
    await putTheory(ev.eventId, theoryRows(ev));
    await moveContestTo(t, organizer.auth, ev.contestId, 'ended');
    await app.inject({ method: 'POST', url: `/api/events/${ev.eventId}/results/publish`, headers: organizer.auth });
    const csv = await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/export?format=csv`, headers: organizer.auth });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="results-event-\d+\.csv"; filename\*=UTF-8''/);
    expect(csv.rawPayload.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const text = csv.rawPayload.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const table = parseCsv(text);
    expect(table[0]).toEqual(['名次', '检录号', '姓名', '工作单位', '理论', '实操', '总分', '是否合格', '奖项', '并列']);
    expect(table[1]).toEqual([
      '1',
      ev.baseBibs[0],
      expect.stringContaining(SECRET_NAME),
      '无锡供电公司工会',
      '90.00',
      '90.83',
      '90.58',
      '是',
      '一等奖',
      '',
    ]);
    expect(table[5]!.slice(7)).toEqual(['否', '三等奖', '']);

    const xlsx = await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/export?format=xlsx`, headers: organizer.auth });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '名次',
      '检录号',
      '姓名',
      '工作单位',
      '理论',
      '实操',
      '总分',
      '是否合格',
      '奖项',
      '并列',
    ]);
    expect((ws.getRow(2).values as unknown[]).slice(1, 8)).toEqual([
      1,
      ev.baseBibs[0],
      expect.stringContaining(SECRET_NAME),
      '无锡供电公司工会',
      90,
      90.83,
      90.58,
    ]);
    expect(ws.rowCount).toBe(6);

    expectError(
      await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/export?format=pdf`, headers: organizer.auth }),
      400,
      'VALIDATION',
    );
    expectError(
      await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/results/export`, headers: ev.judgeA.auth }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('scale', () => {
  it('computes and publishes results for 1,000 contestants × 7 judges × 10 criteria (timed by the bench, not here)', async () => {
    const { contestId, eventId, event } = await makeContest(t, organizer.auth, { capacity: 1000, event: { scoring: BIG_EVENT_SCORING } });
    // judges from the district union: nobody's employer, so every one of the 70,000 cells is marked
    const counts = await fillBigEvent(app.database, eventId, {
      criteria: event.scoring.criteria as { id: number; kind: string; maxScore: number }[],
      employers: [t.orgs.base, t.orgs.otherBase, t.orgs.baseInOther],
      judgeOrg: t.orgs.district,
    });
    expect(counts).toEqual({ contestants: 1000, judges: 7, marks: 70_000 });

    const rows = await app.services.results.compute(eventId);
    expect(rows).toHaveLength(1000);
    expect(rows.every((r) => r.rank !== null)).toBe(true);
    const res = await app.inject({ method: 'GET', url: `/api/events/${eventId}/results`, headers: organizer.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(1000);
    await moveContestTo(t, organizer.auth, contestId, 'ended');
    const pub = await app.inject({ method: 'POST', url: `/api/events/${eventId}/results/publish`, headers: organizer.auth });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ eventId, count: 1000 });
  });
});
