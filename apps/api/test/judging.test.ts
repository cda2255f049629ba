import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers, moveContestTo } from './fixtures';
import { auditsOf } from './support/rows';

const t = await buildTestApp();
const { app, database } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
type Auth = { authorization: string };

const SECRET_NAME = '隐名选手';

/**
 * An event with five drawn contestants — three employed by `base`, two by `otherBase` — and a
 * panel of three judges: A (employer baseInOther: conflicts with nobody), B (employer otherBase:
 * recuses the two from otherBase) and C (employer base: recuses the three from base). A is chief.
 */
async function judgedEvent() {
  const { contestId, eventId, event } = await makeContest(t, organizer.auth, { capacity: 20 });
  const workers = [...(await makeWorkers(t, 3, { orgId: t.orgs.base })), ...(await makeWorkers(t, 2, { orgId: t.orgs.otherBase }))];
  for (const w of workers) {
    await database.tx((tx) => tx.run(sql`update users set name = ${`${SECRET_NAME}${w.id}`} where id = ${w.id}`));
    const r = await app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: w.auth });
    expect(r.statusCode).toBe(201);
  }
  // registration closes, the numbers are drawn, the contest starts: the judges may mark
  await moveContestTo(t, organizer.auth, contestId, 'closed');
  const draw = await app.inject({
    method: 'POST',
    url: `/api/events/${eventId}/draw`,
    headers: organizer.auth,
    payload: { seed: `seed-${eventId}` },
  });
  await moveContestTo(t, organizer.auth, contestId, 'started');
  const bibOf = new Map<number, string>();
  for (const a of draw.json().assignments as { registrationId: number; bib: string }[]) {
    const reg = await database.read.get<{ w: number }>(sql`select worker_id as w from registrations where id = ${a.registrationId}`);
    bibOf.set(reg!.w, a.bib);
  }
  const baseBibs = workers.slice(0, 3).map((w) => bibOf.get(w.id)!);
  const otherBibs = workers.slice(3).map((w) => bibOf.get(w.id)!);
  const judgeA = await t.user(['judge'], t.orgs.baseInOther);
  const judgeB = await t.user(['judge'], t.orgs.otherBase);
  const judgeC = await t.user(['judge'], t.orgs.base);
  for (const [j, chief] of [
    [judgeA, true],
    [judgeB, false],
    [judgeC, false],
  ] as const) {
    const r = await app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/judges`,
      headers: organizer.auth,
      payload: { userId: j.id, chief },
    });
    expect(r.statusCode, r.body).toBe(201);
  }
  const criteria = event.scoring.criteria as { id: number; name: string; maxScore: number; kind: 'score' | 'measurement' | 'judgement' }[];
  return { eventId, criteria, workers, baseBibs, otherBibs, allBibs: [...baseBibs, ...otherBibs].sort(), judgeA, judgeB, judgeC };
}

const put = (eventId: number, auth: Auth, bib: string, criterionId: number, score: number | null | string) =>
  app.inject({ method: 'PUT', url: `/api/judging/events/${eventId}/scores`, headers: auth, payload: { bib, criterionId, score } });

/** A valid mark for every cell of the judge's sheet (judgement marks via `judgement`). */
async function fillSheet(
  eventId: number,
  auth: Auth,
  criteria: { id: number; maxScore: number; kind: string }[],
  bibs: string[],
  judgement = 2,
) {
  const items = bibs.flatMap((bib) =>
    criteria.map((c) => ({
      bib,
      criterionId: c.id,
      score: c.kind === 'judgement' ? judgement : c.kind === 'measurement' ? c.maxScore : c.maxScore / 2,
    })),
  );
  const r = await app.inject({ method: 'PUT', url: `/api/judging/events/${eventId}/scores/batch`, headers: auth, payload: items });
  expect(r.statusCode, r.body).toBe(200);
  expect(
    r.json().every((x: { ok: boolean }) => x.ok),
    r.body,
  ).toBe(true);
  return r;
}

const auditRows = (action: string, eventId: number) => auditsOf(database, action, { eventId });
const scoreCount = async (eventId: number) =>
  (await database.read.get<{ n: number }>(sql`select count(*) as n from scores where event_id = ${eventId}`))!.n;

describe('assigning judges (POST/GET /api/events/:id/judges)', () => {
  it('assigns judges; one chief per event (a new chief demotes the old one, audited); 409 twice; 400 for a non-judge', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const [j1, j2] = [await t.user(['judge'], t.orgs.base), await t.user(['judge'], t.orgs.otherBase)];
    const a1 = await app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/judges`,
      headers: organizer.auth,
      payload: { userId: j1.id, chief: true },
    });
    expect(a1.statusCode).toBe(201);
    expect(a1.json()).toMatchObject({ judgeId: j1.id, chief: true, demotedChiefId: null });
    const a2 = await app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/judges`,
      headers: organizer.auth,
      payload: { userId: j2.id, chief: true },
    });
    expect(a2.json()).toMatchObject({ judgeId: j2.id, chief: true, demotedChiefId: j1.id });
    const list = (await app.inject({ method: 'GET', url: `/api/events/${eventId}/judges`, headers: organizer.auth })).json();
    expect(list.judges.map((j: { judgeId: number; chief: boolean }) => [j.judgeId, j.chief])).toEqual([
      [j2.id, true],
      [j1.id, false],
    ]);
    expect(list.judges[0].employer).toBe('无锡一棉纺织集团有限公司工会');
    const { auditLog } = database.read.s;
    const [demoted] = await database.read.orm
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'judge.demote_chief'), eq(auditLog.entityId, a1.json().id as number)));
    expect([(demoted!.before as { chief: boolean }).chief, (demoted!.after as { chief: boolean }).chief]).toEqual([true, false]);

    expectError(
      await app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/judges`,
        headers: organizer.auth,
        payload: { userId: j1.id, chief: false },
      }),
      409,
      'ALREADY_ASSIGNED',
    );
    const worker = (await makeWorkers(t, 1))[0]!;
    expectError(
      await app.inject({ method: 'POST', url: `/api/events/${eventId}/judges`, headers: organizer.auth, payload: { userId: worker.id } }),
      400,
      'VALIDATION',
    );
    expectError(
      await app.inject({ method: 'POST', url: `/api/events/${eventId}/judges`, headers: organizer.auth, payload: { userId: 999999 } }),
      404,
      'NOT_FOUND',
    );
  });

  it('an organizer outside the subtree gets 404; a judge gets 403', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
    const j = await t.user(['judge'], t.orgs.base);
    expectError(
      await app.inject({ method: 'POST', url: `/api/events/${eventId}/judges`, headers: outsider.auth, payload: { userId: j.id } }),
      404,
      'NOT_FOUND',
    );
    expectError(await app.inject({ method: 'GET', url: `/api/events/${eventId}/judges`, headers: outsider.auth }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/events/${eventId}/judges`, headers: j.auth }), 403, 'FORBIDDEN');
  });

  it('shows the organizer, per contestant, how many judges remain after recusal', async () => {
    const ev = await judgedEvent();
    const list = (await app.inject({ method: 'GET', url: `/api/events/${ev.eventId}/judges`, headers: organizer.auth })).json();
    const byBib = Object.fromEntries(list.contestants.map((c: { bib: string; judges: number }) => [c.bib, c.judges]));
    for (const bib of ev.baseBibs) expect(byBib[bib]).toBe(2); // C recuses
    for (const bib of ev.otherBibs) expect(byBib[bib]).toBe(2); // B recuses
    expect(list.contestants[0].name).toContain(SECRET_NAME); // organizers see names
    const recused = Object.fromEntries(
      list.judges.map((j: { judgeId: number; recused: number; progress: { total: number } }) => [j.judgeId, [j.recused, j.progress.total]]),
    );
    expect(recused).toEqual({ [ev.judgeA.id]: [0, 20], [ev.judgeB.id]: [2, 12], [ev.judgeC.id]: [3, 8] });
  });
});

describe("a judge's sheet: blind numbers only, own events only", () => {
  it('lists own assignments and a sheet sorted by blind number, without conflicted contestants, names or ids', async () => {
    const ev = await judgedEvent();
    const mine = await app.inject({ method: 'GET', url: '/api/judging/events', headers: ev.judgeB.auth });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual([
      expect.objectContaining({
        eventId: ev.eventId,
        chief: false,
        locked: false,
        progress: { done: 0, total: 12 },
        trade: expect.objectContaining({ name: '钳工' }),
      }),
    ]);
    const sheet = await app.inject({ method: 'GET', url: `/api/judging/events/${ev.eventId}/sheet`, headers: ev.judgeB.auth });
    expect(sheet.statusCode).toBe(200);
    const body = sheet.json();
    expect(body.locked).toBe(false);
    expect(body.criteria.map((c: { id: number }) => c.id)).toEqual(ev.criteria.map((c) => c.id));
    expect(body.contestants.map((c: { bib: string }) => c.bib)).toEqual([...ev.baseBibs].sort());
    expect(Object.keys(body.contestants[0])).toEqual(['bib', 'scores']);
    expect(body.contestants[0].scores).toEqual(Object.fromEntries(ev.criteria.map((c) => [String(c.id), null])));
    for (const res of [mine, sheet]) {
      expect(res.body).not.toContain(SECRET_NAME);
      expect(res.body).not.toMatch(/registrationId|workerId|employer/);
      expect(res.body).not.toContain('无锡供电公司工会');
    }
  });

  it('another event’s sheet is 404 to read and to write; so is any sheet to a non-judge', async () => {
    const ev = await judgedEvent();
    const other = await judgedEvent();
    const c = ev.criteria[0]!;
    expectError(
      await app.inject({ method: 'GET', url: `/api/judging/events/${other.eventId}/sheet`, headers: ev.judgeA.auth }),
      404,
      'NOT_FOUND',
    );
    expectError(await put(other.eventId, ev.judgeA.auth, other.allBibs[0]!, other.criteria[0]!.id, 1), 404, 'NOT_FOUND');
    expectError(
      await app.inject({ method: 'POST', url: `/api/judging/events/${other.eventId}/submit`, headers: ev.judgeA.auth }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await app.inject({ method: 'GET', url: `/api/judging/events/${ev.eventId}/sheet`, headers: organizer.auth }),
      404,
      'NOT_FOUND',
    );
    expectError(await put(ev.eventId, ev.workers[0]!.auth, ev.allBibs[0]!, c.id, 1), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/judging/events/${ev.eventId}/sheet` }), 401, 'UNAUTHORIZED');
    // a criterion of another event is unknown here
    expectError(await put(ev.eventId, ev.judgeA.auth, ev.allBibs[0]!, other.criteria[0]!.id, 1), 404, 'UNKNOWN_CRITERION');
    expectError(await put(ev.eventId, ev.judgeA.auth, 'Z999', c.id, 1), 404, 'UNKNOWN_BIB');
  });

  it('a conflicted contestant cannot be scored: 403', async () => {
    const ev = await judgedEvent();
    const res = await put(ev.eventId, ev.judgeC.auth, ev.baseBibs[0]!, ev.criteria[0]!.id, 10);
    expectError(res, 403, 'FORBIDDEN');
    expect(await scoreCount(ev.eventId)).toBe(0);
  });

  it('refuses marks out of range or off the step of the criterion kind: 400 VALIDATION', async () => {
    const ev = await judgedEvent();
    const [score20, measure40, , judgement10] = ev.criteria;
    const bib = ev.allBibs[0]!;
    const bad: [number, number | string][] = [
      [score20!.id, 20.5],
      [score20!.id, -0.5],
      [score20!.id, 13.25],
      [score20!.id, '12'],
      [measure40!.id, 20],
      [measure40!.id, 41],
      [judgement10!.id, 1.5],
      [judgement10!.id, 4],
      [judgement10!.id, 10],
    ];
    for (const [criterionId, score] of bad) expectError(await put(ev.eventId, ev.judgeA.auth, bib, criterionId, score), 400, 'VALIDATION');
    const en = await app.inject({
      method: 'PUT',
      url: `/api/judging/events/${ev.eventId}/scores`,
      headers: { ...ev.judgeA.auth, 'accept-language': 'en' },
      payload: { bib, criterionId: score20!.id, score: 13.25 },
    });
    expect(en.json().message).toMatch(/0\.\.20 in steps of 0\.5/);
    for (const [criterionId, score] of [
      [score20!.id, 13.5],
      [score20!.id, 20],
      [measure40!.id, 40],
      [measure40!.id, 0],
      [judgement10!.id, 3],
    ] as const) {
      expect((await put(ev.eventId, ev.judgeA.auth, bib, criterionId, score)).statusCode).toBe(200);
    }
    expect(await scoreCount(ev.eventId)).toBe(3);
  });

  it('resending the same mark is idempotent: one row, one audit entry; a change is audited old → new; null clears', async () => {
    const ev = await judgedEvent();
    const c = ev.criteria[0]!;
    const bib = ev.allBibs[0]!;
    const first = await put(ev.eventId, ev.judgeA.auth, bib, c.id, 12.5);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ bib, criterionId: c.id, score: 12.5, changed: true, savedAt: expect.any(String) });
    const again = await put(ev.eventId, ev.judgeA.auth, bib.toLowerCase(), c.id, 12.5);
    expect(again.json()).toMatchObject({ bib, score: 12.5, changed: false, savedAt: first.json().savedAt });
    expect(await scoreCount(ev.eventId)).toBe(1);
    expect(await auditRows('score.set', ev.eventId)).toHaveLength(1);

    await put(ev.eventId, ev.judgeA.auth, bib, c.id, 14);
    const sets = await auditRows('score.set', ev.eventId);
    expect(sets).toHaveLength(2);
    expect([sets[1]!.before!.score, sets[1]!.after!.score, sets[1]!.actorId]).toEqual([12.5, 14, ev.judgeA.id]);

    expect((await put(ev.eventId, ev.judgeA.auth, bib, c.id, null)).json()).toMatchObject({ score: null, changed: true });
    expect((await put(ev.eventId, ev.judgeA.auth, bib, c.id, null)).json()).toMatchObject({ score: null, changed: false });
    const clears = await auditRows('score.clear', ev.eventId);
    expect(clears).toHaveLength(1);
    expect([clears[0]!.before!.score, clears[0]!.after!.score]).toEqual([14, null]);
    expect(await scoreCount(ev.eventId)).toBe(0);
  });

  it('batch (offline outbox): one transaction, a result per item, resending writes nothing new', async () => {
    const ev = await judgedEvent();
    const [c1, c2] = ev.criteria;
    const items = [
      { bib: ev.otherBibs[0]!, criterionId: c1!.id, score: 10 },
      { bib: ev.baseBibs[0]!, criterionId: c1!.id, score: 11 }, // conflicted for B
      { bib: ev.otherBibs[1]!, criterionId: c2!.id, score: 7 }, // measurement: 0 or 40
      { bib: ev.otherBibs[1]!, criterionId: c2!.id, score: 40 },
    ];
    const send = () =>
      app.inject({ method: 'PUT', url: `/api/judging/events/${ev.eventId}/scores/batch`, headers: ev.judgeC.auth, payload: items });
    const res = await send();
    expect(res.statusCode).toBe(200);
    expect(res.json().map((r: { ok: boolean; code?: string; changed?: boolean }) => [r.ok, r.code ?? null, r.changed ?? null])).toEqual([
      [true, null, true],
      [false, 'FORBIDDEN', null],
      [false, 'VALIDATION', null],
      [true, null, true],
    ]);
    expect(res.body).not.toContain(SECRET_NAME);
    const again = (await send()).json();
    expect(again.filter((r: { changed?: boolean }) => r.changed)).toEqual([]);
    expect(await auditRows('score.set', ev.eventId)).toHaveLength(2);
  });
});

describe('submitting and unlocking a sheet', () => {
  it('409 SHEET_INCOMPLETE while cells are missing; 409 JUDGEMENT_SPREAD naming the bib and criterion; then locks; 409 SHEET_LOCKED after', async () => {
    const ev = await judgedEvent();
    const judgement = ev.criteria.find((c) => c.kind === 'judgement')!;
    const submit = (auth: Auth, lang = 'zh') =>
      app.inject({ method: 'POST', url: `/api/judging/events/${ev.eventId}/submit`, headers: { ...auth, 'accept-language': lang } });

    const empty = await submit(ev.judgeC.auth);
    expectError(empty, 409, 'SHEET_INCOMPLETE');
    expect(empty.json().missing).toHaveLength(8);
    expect(empty.json().message).toContain(ev.otherBibs.sort()[0]!);

    // C marks judgement 3 for the other-base contestants; A marks 1 — more than 1 apart
    await fillSheet(ev.eventId, ev.judgeC.auth, ev.criteria, ev.otherBibs, 3);
    await fillSheet(ev.eventId, ev.judgeA.auth, ev.criteria, ev.allBibs, 1);
    const spread = await submit(ev.judgeC.auth, 'en');
    expectError(spread, 409, 'JUDGEMENT_SPREAD');
    const first = spread.json().spreads[0];
    expect(first).toMatchObject({ criterionId: judgement.id, criterion: judgement.name, mine: 3, other: 1 });
    expect(ev.otherBibs).toContain(first.bib);
    expect(spread.json().message).toContain(first.bib);
    expect(spread.json().message).toContain(judgement.name);
    expect(spread.body).not.toContain(SECRET_NAME);
    // A is blocked the same way (its 1 against C's 3)
    expectError(await submit(ev.judgeA.auth), 409, 'JUDGEMENT_SPREAD');

    // reconcile: C moves to 2
    for (const bib of ev.otherBibs) expect((await put(ev.eventId, ev.judgeC.auth, bib, judgement.id, 2)).statusCode).toBe(200);
    const ok = await submit(ev.judgeC.auth);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ locked: true, alreadySubmitted: false });
    expect((await submit(ev.judgeC.auth)).json()).toMatchObject({ locked: true, alreadySubmitted: true });
    expect(await auditRows('sheet.submit', ev.eventId)).toHaveLength(1);

    expectError(await put(ev.eventId, ev.judgeC.auth, ev.otherBibs[0]!, judgement.id, 1), 409, 'SHEET_LOCKED');
    const batch = await app.inject({
      method: 'PUT',
      url: `/api/judging/events/${ev.eventId}/scores/batch`,
      headers: ev.judgeC.auth,
      payload: [{ bib: ev.otherBibs[0]!, criterionId: judgement.id, score: 1 }],
    });
    expect(batch.json()[0]).toMatchObject({ ok: false, statusCode: 409, code: 'SHEET_LOCKED' });
    const sheet = (await app.inject({ method: 'GET', url: `/api/judging/events/${ev.eventId}/sheet`, headers: ev.judgeC.auth })).json();
    expect(sheet.locked).toBe(true);
    expect(sheet.contestants[0].scores[String(judgement.id)]).toBe(2);
  });

  it('unlock: the chief judge or an organizer, with a reason, audited; nobody else', async () => {
    const ev = await judgedEvent();
    await fillSheet(ev.eventId, ev.judgeB.auth, ev.criteria, ev.baseBibs);
    expect(
      (await app.inject({ method: 'POST', url: `/api/judging/events/${ev.eventId}/submit`, headers: ev.judgeB.auth })).statusCode,
    ).toBe(200);
    const unlock = (auth: Auth, payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `/api/events/${ev.eventId}/unlock`, headers: auth, payload });

    expectError(await unlock(ev.judgeC.auth, { judgeId: ev.judgeB.id, reason: '复核' }), 403, 'FORBIDDEN'); // on the panel, not the chief: wrong role in scope
    expectError(await unlock(ev.judgeA.auth, { judgeId: ev.judgeB.id }), 400, 'VALIDATION');
    expectError(await unlock(ev.judgeA.auth, { judgeId: ev.judgeB.id, reason: '   ' }), 400, 'VALIDATION');
    expectError(await unlock(ev.judgeA.auth, { judgeId: ev.judgeC.id, reason: '复核' }), 409, 'SHEET_NOT_LOCKED');
    const byChief = await unlock(ev.judgeA.auth, { judgeId: ev.judgeB.id, reason: '检录号录入错误，复核' });
    expect(byChief.statusCode, byChief.body).toBe(200);
    expect(byChief.json()).toMatchObject({ judgeId: ev.judgeB.id, locked: false });
    expect((await put(ev.eventId, ev.judgeB.auth, ev.baseBibs[0]!, ev.criteria[0]!.id, 1)).statusCode).toBe(200);

    expect(
      (await app.inject({ method: 'POST', url: `/api/judging/events/${ev.eventId}/submit`, headers: ev.judgeB.auth })).statusCode,
    ).toBe(200);
    const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
    expectError(await unlock(outsider.auth, { judgeId: ev.judgeB.id, reason: 'x' }), 404, 'NOT_FOUND');
    expect((await unlock(organizer.auth, { judgeId: ev.judgeB.id, reason: '组织者复核' })).statusCode).toBe(200);

    const audits = await auditsOf(database, 'sheet.unlock', { eventId: ev.eventId });
    expect(audits.map((a) => [a.actorId, a.reason, a.after!.submittedAt])).toEqual([
      [ev.judgeA.id, '检录号录入错误，复核', null],
      [organizer.id, '组织者复核', null],
    ]);
    expect(audits[0]!.before!.submittedAt).toEqual(expect.any(String));
    const mine = (await app.inject({ method: 'GET', url: '/api/judging/events', headers: ev.judgeB.auth })).json();
    expect(mine[0]).toMatchObject({ locked: false, progress: { done: 12, total: 12 } });
  });
});
