import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers, moveContestTo } from './fixtures';
import { auditsOf } from './support/rows';

const t = await buildTestApp();
const { app, database } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
type Auth = { authorization: string };

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, auth?: Auth, payload?: object) =>
  app.inject({ method, url, headers: auth ?? {}, ...(payload ? { payload } : {}) });

/**
 * An event run through the API as it happens, time moved honestly: three contestants (and, with `waitlisted`, a fourth on
 * the waiting list), the draw after registration closes, a chief judge and a second judge marking after the contest
 * starts, theory scores, publication after it ends. One criterion of 100 points.
 */
async function publishedEvent(opts: { appealHours?: number; waitlisted?: boolean } = {}) {
  const { contestId, eventId, event } = await makeContest(t, organizer.auth, {
    capacity: 3,
    event: {
      scoring: { criteria: [{ name: '实操', maxScore: 100, kind: 'score' }] },
      ...(opts.appealHours === undefined ? {} : { appealHours: opts.appealHours }),
    },
  });
  const workers = await makeWorkers(t, opts.waitlisted ? 4 : 3, { orgId: t.orgs.base });
  const regs: number[] = [];
  for (const w of workers) {
    const r = await inject('POST', `/api/events/${eventId}/registrations`, w.auth);
    expect(r.statusCode, r.body).toBe(201);
    regs.push(r.json().id);
  }
  await moveContestTo(t, organizer.auth, contestId, 'closed');
  expect((await inject('POST', `/api/events/${eventId}/draw`, organizer.auth, { seed: `appeal-${eventId}` })).statusCode).toBe(200);
  const chief = await t.user(['judge'], t.orgs.baseInOther);
  const judge = await t.user(['judge'], t.orgs.baseInOther);
  for (const [j, isChief] of [
    [chief, true],
    [judge, false],
  ] as const)
    expect((await inject('POST', `/api/events/${eventId}/judges`, organizer.auth, { userId: j.id, chief: isChief })).statusCode).toBe(201);
  const bibs = new Map<number, string>();
  for (const w of workers.slice(0, 3)) {
    const row = await database.read.get<{ bib: string }>(
      sql`select bib from registrations where worker_id = ${w.id} and event_id = ${eventId}`,
    );
    bibs.set(w.id, row!.bib);
  }
  const criterionId = (event.scoring.criteria as { id: number }[])[0]!.id;
  await moveContestTo(t, organizer.auth, contestId, 'started');
  const marks = [90, 80, 70];
  for (const j of [chief, judge]) {
    const items = workers.slice(0, 3).map((w, i) => ({ bib: bibs.get(w.id)!, criterionId, score: marks[i]! }));
    const r = await inject('PUT', `/api/judging/events/${eventId}/scores/batch`, j.auth, items as unknown as object);
    expect(r.statusCode, r.body).toBe(200);
    expect((await inject('POST', `/api/judging/events/${eventId}/submit`, j.auth)).statusCode).toBe(200);
  }
  const theory = workers.slice(0, 3).map((w) => ({ bib: bibs.get(w.id)!, score: 80 }));
  expect((await inject('PUT', `/api/events/${eventId}/theory-scores`, organizer.auth, theory as unknown as object)).statusCode).toBe(200);
  await moveContestTo(t, organizer.auth, contestId, 'ended');
  const p = await inject('POST', `/api/events/${eventId}/results/publish`, organizer.auth);
  expect(p.statusCode, p.body).toBe(200);
  return { contestId, eventId, criterionId, workers, regs, bibs, chief, judge };
}

const fileAppeal = (regId: number, auth: Auth, reason: unknown = '第3项实操评分与现场记录不符') =>
  inject('POST', `/api/registrations/${regId}/appeals`, auth, { reason } as object);
const decide = (appealId: number, auth: Auth, decision: string, reason: unknown = '复核评分记录') =>
  inject('POST', `/api/appeals/${appealId}/decide`, auth, { decision, reason } as object);
const myRegistration = async (w: { auth: Auth }, regId: number) =>
  ((await inject('GET', '/api/me/registrations', w.auth)).json() as { id: number; [k: string]: unknown }[]).find((r) => r.id === regId)!;
/** The publication instant moved back by `ms`, as if it had happened that long ago (how the window is tested at its edge). */
const publishedAgo = (eventId: number, ms: number) =>
  database.tx((tx) =>
    tx.run(sql`update events set results_published_at = ${new Date(Date.now() - ms).toISOString()} where id = ${eventId}`),
  );

describe('appealHours: an event field, set on create and update, returned on read', () => {
  it('defaults to 24, takes decimals within 0–720, and is fixed once results are published', async () => {
    const plain = await makeContest(t, organizer.auth, { publish: false });
    expect(plain.event.appealHours).toBe(24);
    const short = await makeContest(t, organizer.auth, { publish: false, event: { appealHours: 1.5 } });
    expect(short.event.appealHours).toBe(1.5);
    const patched = await inject('PATCH', `/api/events/${short.eventId}`, organizer.auth, { appealHours: 0.25 });
    expect(patched.statusCode, patched.body).toBe(200);
    const read = await inject('GET', `/api/contests/${short.contestId}`, organizer.auth);
    expect(read.json().events[0].appealHours).toBe(0.25);
    for (const bad of [-1, 720.5, '24', null])
      expectError(await inject('PATCH', `/api/events/${short.eventId}`, organizer.auth, { appealHours: bad }), 400, 'VALIDATION');
    const audit = await auditsOf(database, 'event.update', { entityId: short.eventId });
    expect(audit.at(-1)!.after).toMatchObject({ appealHours: 0.25 });

    const ev = await publishedEvent();
    expectError(await inject('PATCH', `/api/events/${ev.eventId}`, organizer.auth, { appealHours: 48 }), 409, 'RESULTS_PUBLISHED');
  });
});

describe('filing an appeal', () => {
  it('only the worker who owns the registration, with a bounded reason; one open appeal at a time', async () => {
    const ev = await publishedEvent();
    const [w1, w2] = ev.workers;
    expectError(await fileAppeal(ev.regs[0]!, w2!.auth), 404, 'NOT_FOUND');
    expectError(await fileAppeal(ev.regs[0]!, organizer.auth), 404, 'NOT_FOUND');
    expectError(await fileAppeal(999_999, w1!.auth), 404, 'NOT_FOUND');
    expectError(await inject('POST', `/api/registrations/${ev.regs[0]}/appeals`), 401, 'UNAUTHORIZED');
    for (const reason of ['', '   ', 'x'.repeat(501), 42]) expectError(await fileAppeal(ev.regs[0]!, w1!.auth, reason), 400, 'VALIDATION');
    expectError(
      await inject('POST', `/api/registrations/${ev.regs[0]}/appeals`, w1!.auth, { reason: '理由', extra: 1 }),
      400,
      'VALIDATION',
    );

    const filed = await fileAppeal(ev.regs[0]!, w1!.auth, '  第3项实操评分与现场记录不符  ');
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toEqual({ id: expect.any(Number), status: 'open' });
    expectError(await fileAppeal(ev.regs[0]!, w1!.auth), 409, 'APPEAL_OPEN');

    const mine = await myRegistration(w1!, ev.regs[0]!);
    expect(mine.canAppeal).toBe(false);
    expect(mine.appeal).toMatchObject({ id: filed.json().id, status: 'open', reason: '第3项实操评分与现场记录不符', decisionReason: null });
    const [audit] = await auditsOf(database, 'appeal.file', { entityId: filed.json().id });
    expect(audit).toMatchObject({ actorId: w1!.id, reason: '第3项实操评分与现场记录不符', after: { eventId: ev.eventId, status: 'open' } });
  });

  it('NO_RESULT without a published result — answered before APPEAL_WINDOW_CLOSED', async () => {
    const { eventId, regs, workers } = await publishedEvent({ appealHours: 2, waitlisted: true });
    const waiting = workers[3]!;
    expectError(await fileAppeal(regs[3]!, waiting.auth), 409, 'NO_RESULT');
    await publishedAgo(eventId, 3 * 3_600_000);
    expectError(await fileAppeal(regs[3]!, waiting.auth), 409, 'NO_RESULT');
    expectError(await fileAppeal(regs[0]!, workers[0]!.auth), 409, 'APPEAL_WINDOW_CLOSED');

    // before publication nobody has a result
    const draft = await makeContest(t, organizer.auth, {});
    const [w] = await makeWorkers(t, 1);
    const reg = await inject('POST', `/api/events/${draft.eventId}/registrations`, w!.auth);
    expectError(await fileAppeal(reg.json().id, w!.auth), 409, 'NO_RESULT');
    expect((await myRegistration(w!, reg.json().id)).appealClosesAt).toBeNull();
  });

  it('the window is appealHours after publication, decimals included, to the second', async () => {
    const { eventId, regs, workers } = await publishedEvent({ appealHours: 0.5 });
    const closes = (await myRegistration(workers[0]!, regs[0]!)).appealClosesAt as string;
    const published = (await inject('GET', `/api/events/${eventId}/results/info`)).json().publishedAt as string;
    expect(new Date(closes).getTime() - new Date(published).getTime()).toBe(30 * 60_000);

    await publishedAgo(eventId, 30 * 60_000 - 5_000); // 29 min 55 s ago: still open
    expect((await myRegistration(workers[1]!, regs[1]!)).canAppeal).toBe(true);
    expect((await fileAppeal(regs[1]!, workers[1]!.auth)).statusCode).toBe(201);
    await publishedAgo(eventId, 30 * 60_000 + 1_000); // 30 min 1 s ago: closed
    expect((await myRegistration(workers[0]!, regs[0]!)).canAppeal).toBe(false);
    expectError(await fileAppeal(regs[0]!, workers[0]!.auth), 409, 'APPEAL_WINDOW_CLOSED');
  });
});

describe('deciding an appeal', () => {
  it('upheld withdraws the results until they are published anew; everything audited; a new window then opens', async () => {
    const ev = await publishedEvent();
    const [w1] = ev.workers;
    const appealId = (await fileAppeal(ev.regs[0]!, w1!.auth)).json().id as number;

    // who sees the event's appeals: its organizer and its chief judge; another judge of the panel 403, others 404
    const listed = await inject('GET', `/api/events/${ev.eventId}/appeals`, organizer.auth);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toEqual([
      {
        id: appealId,
        registrationId: ev.regs[0],
        bib: ev.bibs.get(w1!.id),
        reason: '第3项实操评分与现场记录不符',
        status: 'open',
        decision: null,
        decidedAt: null,
        decisionReason: null,
        createdAt: expect.any(String),
        publishedAt: expect.any(String),
      },
    ]);
    expect((await inject('GET', `/api/events/${ev.eventId}/appeals`, ev.chief.auth)).json()).toEqual(listed.json());
    expectError(await inject('GET', `/api/events/${ev.eventId}/appeals`, ev.judge.auth), 403, 'FORBIDDEN');
    expectError(await inject('GET', `/api/events/${ev.eventId}/appeals`, outsider.auth), 404, 'NOT_FOUND');
    expectError(await inject('GET', `/api/events/${ev.eventId}/appeals`, w1!.auth), 404, 'NOT_FOUND');
    expectError(await decide(appealId, outsider.auth, 'upheld'), 404, 'NOT_FOUND');
    expectError(await decide(appealId, ev.judge.auth, 'upheld'), 403, 'FORBIDDEN');
    expectError(await decide(appealId, w1!.auth, 'upheld'), 404, 'NOT_FOUND');
    expectError(await decide(999_999, organizer.auth, 'upheld'), 404, 'NOT_FOUND');
    expectError(await decide(appealId, organizer.auth, 'maybe'), 400, 'VALIDATION');
    expectError(await decide(appealId, organizer.auth, 'upheld', ''), 400, 'VALIDATION');

    const upheld = await decide(appealId, ev.chief.auth, 'upheld', '第3项评分录入有误，重新评分');
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(upheld.json()).toMatchObject({ id: appealId, status: 'upheld', decision: 'upheld', resultsWithdrawn: true });
    expectError(await decide(appealId, organizer.auth, 'dismissed'), 409, 'APPEAL_DECIDED');

    // withdrawn: organizer-only again, names hidden from everyone else, the worker's own result null, no promotion
    expectError(await inject('GET', `/api/events/${ev.eventId}/results`), 404, 'RESULTS_NOT_PUBLISHED');
    expectError(await inject('GET', `/api/events/${ev.eventId}/results`, w1!.auth), 404, 'RESULTS_NOT_PUBLISHED');
    const own = await inject('GET', `/api/events/${ev.eventId}/results`, organizer.auth);
    expect(own.statusCode).toBe(200);
    expect(own.json()[0].name).not.toBeNull();
    const info = (await inject('GET', `/api/events/${ev.eventId}/results/info`)).json();
    expect(info).toMatchObject({ published: false, publishedAt: null, withdrawnAt: upheld.json().decidedAt });
    const mine = await myRegistration(w1!, ev.regs[0]!);
    expect(mine).toMatchObject({ result: null, canAppeal: false, appealClosesAt: null });
    expect((mine.event as { resultsPublished: boolean }).resultsPublished).toBe(false);
    expect(mine.appeal).toMatchObject({
      status: 'upheld',
      decisionReason: '第3项评分录入有误，重新评分',
      decidedAt: upheld.json().decidedAt,
    });
    expectError(await inject('GET', `/api/events/${ev.eventId}/promotions/preview`, organizer.auth), 409, 'RESULTS_NOT_PUBLISHED');
    expectError(await inject('POST', `/api/events/${ev.eventId}/promotions`, organizer.auth), 409, 'RESULTS_NOT_PUBLISHED');
    expectError(await fileAppeal(ev.regs[1]!, ev.workers[1]!.auth), 409, 'NO_RESULT');
    expect((await inject('GET', `/api/events/${ev.eventId}/appeals`, organizer.auth)).json()[0]).toMatchObject({
      status: 'upheld',
      decision: 'upheld',
      decisionReason: '第3项评分录入有误，重新评分',
    });

    // audited: filed, decided, results withdrawn (with what was withdrawn)
    expect(await auditsOf(database, 'appeal.decide', { entityId: appealId })).toEqual([
      expect.objectContaining({
        actorId: ev.chief.id,
        reason: '第3项评分录入有误，重新评分',
        before: expect.objectContaining({ status: 'open' }),
        after: expect.objectContaining({ status: 'upheld' }),
      }),
    ]);
    const [withdrawn] = await auditsOf(database, 'results.withdraw', { entityId: ev.eventId });
    expect(withdrawn!.before).toMatchObject({ count: 3 });
    expect(withdrawn!.after).toMatchObject({ resultsPublishedAt: null, appealId });

    // upholding reopened no sheet; the chief judge reopens the one to re-mark, with a reason; then publish anew
    const progress = (await inject('GET', `/api/events/${ev.eventId}/results/progress`, organizer.auth)).json();
    expect(progress.sheets).toEqual({ submitted: 2, total: 2 });
    const unlock = await inject('POST', `/api/events/${ev.eventId}/unlock`, ev.chief.auth, {
      judgeId: ev.judge.id,
      reason: '申诉成立，重新评分',
    });
    expect(unlock.statusCode, unlock.body).toBe(200);
    const remark = await inject('PUT', `/api/judging/events/${ev.eventId}/scores/batch`, ev.judge.auth, [
      { bib: ev.bibs.get(w1!.id), criterionId: ev.criterionId, score: 100 },
    ] as unknown as object);
    expect(remark.statusCode).toBe(200);
    expect((await inject('POST', `/api/judging/events/${ev.eventId}/submit`, ev.judge.auth)).statusCode).toBe(200);
    const again = await inject('POST', `/api/events/${ev.eventId}/results/publish`, organizer.auth);
    expect(again.statusCode, again.body).toBe(200);

    const pub = await inject('GET', `/api/events/${ev.eventId}/results`);
    expect(pub.statusCode).toBe(200);
    const after = await myRegistration(w1!, ev.regs[0]!);
    expect(after.result).toMatchObject({ rank: 1, practical: 95 });
    expect(after.canAppeal).toBe(true);
    expect(new Date(after.appealClosesAt as string).getTime()).toBe(new Date(again.json().publishedAt).getTime() + 24 * 3_600_000);
    expect((await inject('GET', `/api/events/${ev.eventId}/results/info`)).json()).toMatchObject({ published: true, withdrawnAt: null });
    expect((await fileAppeal(ev.regs[1]!, ev.workers[1]!.auth)).statusCode).toBe(201);
  });

  it('dismissed: the results stand; the worker sees the decision and may appeal again within the window', async () => {
    const ev = await publishedEvent();
    const [w1] = ev.workers;
    const appealId = (await fileAppeal(ev.regs[0]!, w1!.auth)).json().id as number;
    const dismissed = await decide(appealId, organizer.auth, 'dismissed', '评分记录与录像一致');
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', resultsWithdrawn: false });
    expectError(await decide(appealId, ev.chief.auth, 'upheld'), 409, 'APPEAL_DECIDED');
    expect((await inject('GET', `/api/events/${ev.eventId}/results`)).statusCode).toBe(200);
    const mine = await myRegistration(w1!, ev.regs[0]!);
    expect(mine.result).not.toBeNull();
    expect(mine.appeal).toMatchObject({ status: 'dismissed', decisionReason: '评分记录与录像一致' });
    expect(mine.canAppeal).toBe(true);
    expect(await auditsOf(database, 'results.withdraw', { entityId: ev.eventId })).toEqual([]);
  });

  it('once promotions were applied from the results, upholding is refused (409 PROMOTIONS_APPLIED); dismissing is not', async () => {
    const ev = await publishedEvent();
    const a1 = (await fileAppeal(ev.regs[0]!, ev.workers[0]!.auth)).json().id as number;
    const a2 = (await fileAppeal(ev.regs[1]!, ev.workers[1]!.auth)).json().id as number;
    const applied = await inject('POST', `/api/events/${ev.eventId}/promotions`, organizer.auth);
    expect(applied.statusCode, applied.body).toBe(200);
    expectError(await decide(a1, organizer.auth, 'upheld'), 409, 'PROMOTIONS_APPLIED');
    expect((await inject('GET', `/api/events/${ev.eventId}/results`)).statusCode).toBe(200);
    expect(
      (await inject('GET', `/api/events/${ev.eventId}/appeals`, organizer.auth)).json().find((a: { id: number }) => a.id === a1).status,
    ).toBe('open');
    expect((await decide(a2, ev.chief.auth, 'dismissed')).statusCode).toBe(200);
  });
});

describe('the audit trail of appeals', () => {
  it('organizers read an event’s appeal entries within their subtree, not another district’s', async () => {
    const ev = await publishedEvent();
    const appealId = (await fileAppeal(ev.regs[0]!, ev.workers[0]!.auth)).json().id as number;
    expect((await decide(appealId, organizer.auth, 'dismissed')).statusCode).toBe(200);
    const mine = await inject('GET', `/api/audit?entity=appeal&entityId=${appealId}`, organizer.auth);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(
      mine
        .json()
        .map((e: { action: string }) => e.action)
        .sort(),
    ).toEqual(['appeal.decide', 'appeal.file']);
    const byEvent = await inject('GET', `/api/audit?eventId=${ev.eventId}`, organizer.auth);
    expect(byEvent.json().map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['appeal.file', 'appeal.decide']));
    const theirs = await inject('GET', `/api/audit?entity=appeal&entityId=${appealId}`, outsider.auth);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()).toEqual([]);
  });
});
