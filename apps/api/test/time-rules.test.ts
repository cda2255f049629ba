/**
 * Nothing happens before its time (api-contract.md: dates are enforced, 409 TOO_EARLY; "the time check comes before
 * every other state check"). Each action is refused one minute before its instant and allowed once the dates say so —
 * time moves the way an organizer moves it: PATCH /api/contests/:id (moveContestTo) and PATCH of a class session.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, expectError } from './helper';
import { isoIn, makeContest, makeWorkers, moveContestTo } from './fixtures';

const t = await buildTestApp();
const { app, database } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
type Auth = { authorization: string };

const MIN = 60_000;
const inMinutes = (m: number) => new Date(Date.now() + m * MIN).toISOString();
const DAY = 1440;

/** The contest's dates through the API, in minutes from now. */
async function setDates(contestId: number, d: { opens: number; closes: number; starts: number; ends: number }) {
  const r = await app.inject({
    method: 'PATCH',
    url: `/api/contests/${contestId}`,
    headers: organizer.auth,
    payload: {
      registrationOpensAt: inMinutes(d.opens),
      registrationClosesAt: inMinutes(d.closes),
      startsAt: inMinutes(d.starts),
      endsAt: inMinutes(d.ends),
    },
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { registrationClosesAt: string; startsAt: string; endsAt: string };
}

/** A 409 TOO_EARLY that names its instant: `allowedFrom` exactly, and the Beijing wall-clock minute in both languages. */
function expectTooEarly(res: Awaited<ReturnType<typeof app.inject>>, from: string) {
  expectError(res, 409, 'TOO_EARLY');
  const body = res.json() as { allowedFrom: string; message: string };
  expect(body.allowedFrom).toBe(new Date(from).toISOString());
  const beijing = new Date(Date.parse(from) + 8 * 3600_000).toISOString().slice(11, 16);
  expect(body.message).toContain('北京时间');
  expect(body.message).toContain(beijing);
}

const post = (url: string, auth: Auth, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...auth, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
const put = (url: string, auth: Auth, payload: unknown) => app.inject({ method: 'PUT', url, headers: auth, payload: payload as object });

/** A published contest with two registered workers and one judge (the chief), before the draw. */
async function contestWithJudge() {
  const { contestId, eventId, event } = await makeContest(t, organizer.auth, { capacity: 10 });
  const workers = await makeWorkers(t, 2, { orgId: t.orgs.base });
  for (const w of workers) expect((await post(`/api/events/${eventId}/registrations`, w.auth)).statusCode).toBe(201);
  const judge = await t.user(['judge'], t.orgs.baseInOther);
  expect((await post(`/api/events/${eventId}/judges`, organizer.auth, { userId: judge.id, chief: true })).statusCode).toBe(201);
  const criteria = (event.scoring.criteria as { id: number; maxScore: number; kind: string }[]).map((c) => c.id);
  return { contestId, eventId, criteria, judge };
}

const bibsOf = async (eventId: number) =>
  (await database.read.all<{ bib: string }>(sql`select bib from registrations where event_id = ${eventId} and bib is not null order by bib`)).map(
    (r) => r.bib,
  );

describe('the draw waits for registration to close', () => {
  it('409 TOO_EARLY one minute before registrationClosesAt (in zh and en), allowed after; scope is checked first', async () => {
    const { contestId, eventId } = await contestWithJudge();
    const dates = await setDates(contestId, { opens: -3 * DAY, closes: 1, starts: DAY, ends: 2 * DAY });
    const early = await post(`/api/events/${eventId}/draw`, organizer.auth, { seed: 'x' });
    expectTooEarly(early, dates.registrationClosesAt);
    expect(early.json().message).toContain('报名截止');
    const en = await post(`/api/events/${eventId}/draw`, organizer.auth, { seed: 'x' }, { 'accept-language': 'en' });
    expect(en.json().message).toMatch(/registration closes .*Beijing time/);
    // out of scope stays 404 whatever the time
    expectError(await post(`/api/events/${eventId}/draw`, outsider.auth), 404, 'NOT_FOUND');
    expect(await bibsOf(eventId)).toEqual([]);

    await moveContestTo(t, organizer.auth, contestId, 'closed');
    const drawn = await post(`/api/events/${eventId}/draw`, organizer.auth, { seed: 'x' });
    expect(drawn.statusCode, drawn.body).toBe(200);
    expect(await bibsOf(eventId)).toEqual(['A001', 'A002']);
  });
});

describe('marks and theory scores wait for the contest to start', () => {
  it('a mark, the outbox batch, a submit and theory scores (PUT and file) are 409 TOO_EARLY one minute before startsAt; allowed after', async () => {
    const { contestId, eventId, criteria, judge } = await contestWithJudge();
    await moveContestTo(t, organizer.auth, contestId, 'closed');
    expect((await post(`/api/events/${eventId}/draw`, organizer.auth)).statusCode).toBe(200);
    const [a, b] = await bibsOf(eventId);
    const dates = await setDates(contestId, { opens: -3 * DAY, closes: -10, starts: 1, ends: DAY });
    const cell = { bib: a!, criterionId: criteria[0]!, score: 10 };

    expectTooEarly(await put(`/api/judging/events/${eventId}/scores`, judge.auth, cell), dates.startsAt);
    expectTooEarly(await put(`/api/judging/events/${eventId}/scores/batch`, judge.auth, [cell]), dates.startsAt);
    // an empty sheet would be SHEET_INCOMPLETE: the time check comes first
    expectTooEarly(await post(`/api/judging/events/${eventId}/submit`, judge.auth), dates.startsAt);
    expectTooEarly(await put(`/api/events/${eventId}/theory-scores`, organizer.auth, [{ bib: a, score: 80 }]), dates.startsAt);
    const file = await app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/theory-scores/import`,
      headers: { ...organizer.auth, 'content-type': 'text/csv' },
      payload: `检录号,理论成绩\n${a},80\n`,
    });
    expectTooEarly(file, dates.startsAt);
    expect(file.json().message).toContain('比赛开始');
    // another judge of nobody's panel still gets 404, not the time
    const stranger = await t.user(['judge'], t.orgs.base);
    expectError(await put(`/api/judging/events/${eventId}/scores`, stranger.auth, cell), 404, 'NOT_FOUND');
    const written = await database.read.get<{ n: number }>(
      sql`select (select count(*) from scores where event_id = ${eventId}) + (select count(*) from theory_scores where event_id = ${eventId}) as n`,
    );
    expect(Number(written!.n)).toBe(0);

    await moveContestTo(t, organizer.auth, contestId, 'started');
    const saved = await put(`/api/judging/events/${eventId}/scores`, judge.auth, cell);
    expect(saved.statusCode, saved.body).toBe(200);
    const batch = await put(
      `/api/judging/events/${eventId}/scores/batch`,
      judge.auth,
      [a!, b!].flatMap((bib) => criteria.map((criterionId) => ({ bib, criterionId, score: 0 }))),
    );
    expect(batch.statusCode).toBe(200);
    expect(batch.json().every((x: { ok: boolean }) => x.ok)).toBe(true);
    expect((await post(`/api/judging/events/${eventId}/submit`, judge.auth)).statusCode).toBe(200);
    expect((await put(`/api/events/${eventId}/theory-scores`, organizer.auth, [{ bib: a, score: 80 }])).statusCode).toBe(200);
    const imported = await app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/theory-scores/import`,
      headers: { ...organizer.auth, 'content-type': 'text/csv' },
      payload: `检录号,理论成绩\n${b},70\n`,
    });
    expect(imported.statusCode, imported.body).toBe(200);
  });
});

describe('publication waits for the contest to end', () => {
  it('409 TOO_EARLY one minute before endsAt, even while results are incomplete; published once it has ended', async () => {
    const { contestId, eventId, criteria, judge } = await contestWithJudge();
    await moveContestTo(t, organizer.auth, contestId, 'closed');
    expect((await post(`/api/events/${eventId}/draw`, organizer.auth)).statusCode).toBe(200);
    const dates = await setDates(contestId, { opens: -3 * DAY, closes: -120, starts: -60, ends: 1 });
    // nothing is marked yet: RESULTS_INCOMPLETE would apply, but the time check comes first
    const early = await post(`/api/events/${eventId}/results/publish`, organizer.auth);
    expectTooEarly(early, dates.endsAt);
    expect(early.json().message).toContain('比赛结束');
    expectError(await post(`/api/events/${eventId}/results/publish`, outsider.auth), 404, 'NOT_FOUND');

    const bibs = await bibsOf(eventId);
    const items = bibs.flatMap((bib) => criteria.map((criterionId) => ({ bib, criterionId, score: 0 })));
    expect((await put(`/api/judging/events/${eventId}/scores/batch`, judge.auth, items)).statusCode).toBe(200);
    expect((await post(`/api/judging/events/${eventId}/submit`, judge.auth)).statusCode).toBe(200);
    expect(
      (await put(`/api/events/${eventId}/theory-scores`, organizer.auth, bibs.map((bib) => ({ bib, score: 60 })))).statusCode,
    ).toBe(200);
    // complete now, still too early
    expectTooEarly(await post(`/api/events/${eventId}/results/publish`, organizer.auth), dates.endsAt);

    await moveContestTo(t, organizer.auth, contestId, 'ended');
    const published = await post(`/api/events/${eventId}/results/publish`, organizer.auth);
    expect(published.statusCode, published.body).toBe(200);
    expectError(await post(`/api/events/${eventId}/results/publish`, organizer.auth), 409, 'ALREADY_PUBLISHED');
  });
});

describe('a class: attendance waits for its session, completion for its last session', () => {
  async function classWithOneSession(startsIn: number, endsIn: number) {
    const res = await post('/api/trainings', organizer.auth, {
      title: '钳工（高级）技能提升班',
      tradeId: t.trades.fitter,
      targetLevel: 'senior',
      orgId: t.orgs.base,
      capacity: 10,
      enrolOpensAt: isoIn(-1),
      enrolClosesAt: isoIn(5),
      sessions: [{ startsAt: inMinutes(startsIn), endsAt: inMinutes(endsIn) }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: number; sessions: { id: number; checkInToken: string; startsAt: string; endsAt: string }[] };
    const [w] = await makeWorkers(t, 1, { level: 'intermediate' });
    const e = await post(`/api/trainings/${c.id}/enrolments`, w!.auth);
    expect(e.statusCode, e.body).toBe(201);
    // the session's token as the classroom shows it now (the code changes every 30 s): drawn by the server's own module
    const s = c.sessions[0]!;
    const session = { ...s, checkInToken: app.services.trainingCompletion.codes.tokenAt(s, new Date()).token };
    return { id: c.id, session, worker: w!, enrolmentId: e.json().id as number };
  }
  const moveSession = (classId: number, sessionId: number, body: { startsAt?: string; endsAt?: string }, auth: Auth = organizer.auth) =>
    app.inject({ method: 'PATCH', url: `/api/trainings/${classId}/sessions/${sessionId}`, headers: auth, payload: body });

  it('marking and the QR check-in are 409 TOO_EARLY one minute before the session starts; allowed once it has started', async () => {
    const c = await classWithOneSession(1, 120);
    const mark = (auth: Auth = organizer.auth) =>
      put(`/api/trainings/${c.id}/sessions/${c.session.id}/attendance`, auth, [{ enrolmentId: c.enrolmentId, status: 'present' }]);
    const scan = () => post('/api/trainings/check-in', c.worker.auth, { token: `GJS1:${c.session.checkInToken}` });
    const early = await mark();
    expectTooEarly(early, c.session.startsAt);
    expect(early.json().message).toContain('本次课开始');
    expectTooEarly(await scan(), c.session.startsAt);
    expectError(await mark(outsider.auth), 404, 'NOT_FOUND');
    // what the phone shows before the start: not open yet
    const preview = await app.inject({ method: 'GET', url: `/api/trainings/check-in?token=${encodeURIComponent(`GJS1:${c.session.checkInToken}`)}`, headers: c.worker.auth });
    expect(preview.json().window).toBe('not_open');

    const moved = await moveSession(c.id, c.session.id, { startsAt: inMinutes(-5) });
    expect(moved.statusCode, moved.body).toBe(200);
    const scanned = await scan();
    expect(scanned.statusCode, scanned.body).toBe(200);
    expect(scanned.json().status).toBe('present');
    expect((await mark()).statusCode).toBe(200);
    // attendance is on record: the session cannot be moved back into the future
    expectError(await moveSession(c.id, c.session.id, { startsAt: inMinutes(30) }), 409, 'ATTENDANCE_RECORDED');
  });

  it('completion is 409 TOO_EARLY one minute before the last session ends; allowed after', async () => {
    const c = await classWithOneSession(-120, 1);
    expect(
      (await put(`/api/trainings/${c.id}/sessions/${c.session.id}/attendance`, organizer.auth, [{ enrolmentId: c.enrolmentId, status: 'present' }]))
        .statusCode,
    ).toBe(200);
    expect(
      (await put(`/api/trainings/${c.id}/exam-scores`, organizer.auth, [{ enrolmentId: c.enrolmentId, theory: 80, practical: 80 }])).statusCode,
    ).toBe(200);
    const early = await post(`/api/trainings/${c.id}/complete`, organizer.auth);
    expectTooEarly(early, c.session.endsAt);
    expect(early.json().message).toContain('最后一次课结束');
    expectError(await post(`/api/trainings/${c.id}/complete`, outsider.auth), 404, 'NOT_FOUND');

    expect((await moveSession(c.id, c.session.id, { endsAt: inMinutes(-1) })).statusCode).toBe(200);
    const done = await post(`/api/trainings/${c.id}/complete`, organizer.auth);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject([{ enrolmentId: c.enrolmentId, completed: true }]);
    // after completion: ALREADY_COMPLETED (the time is long past)
    expectError(await post(`/api/trainings/${c.id}/complete`, organizer.auth), 409, 'ALREADY_COMPLETED');
  });

  it('moving a session: organizer in scope only, end after start, audited', async () => {
    const c = await classWithOneSession(60, 120);
    expectError(await moveSession(c.id, c.session.id, { startsAt: inMinutes(30) }, outsider.auth), 404, 'NOT_FOUND');
    expectError(await moveSession(c.id, c.session.id, { endsAt: inMinutes(30) }), 400, 'VALIDATION');
    expectError(await moveSession(c.id, c.session.id, {}), 400, 'VALIDATION');
    const moved = await moveSession(c.id, c.session.id, { startsAt: inMinutes(-60), endsAt: inMinutes(-30) });
    expect(moved.json()).toMatchObject({ id: c.session.id });
    const audit = await database.read.all<{ action: string }>(
      sql`select action from audit_log where entity = 'training_session' and entity_id = ${c.session.id}`,
    );
    expect(audit.map((a) => a.action)).toEqual(['training.session_move']);
  });
});
