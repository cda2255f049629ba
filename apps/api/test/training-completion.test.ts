import { and, eq, inArray, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { beijingDate, checkInPath, parseCheckInCode, type SkillLevel } from '@gongjiang/domain';
import { QR_OPTIONS, sessionQrPayload } from '../src/services/training-completion';
import { CheckInCodes, sessionTokenOf, WINDOW_SECONDS } from '../src/services/check-in-codes';
import { buildTestApp, expectError } from './helper';
import { isoIn, makeWorkers } from './fixtures';
import { levelOf as levelOfWorker, setLevel } from './support/rows';

const t = await buildTestApp();
const { app, database } = t;
const { codes } = app.services.trainingCompletion;
const { attendance, auditLog, certificates, enrolments, examScores, promotions, trainingClasses, trainingSessions } = database.read.s;
const orm = database.read.orm;
const organizer = await t.user(['organizer'], t.orgs.district);
const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
type Auth = { authorization: string };
type Status = 'present' | 'late' | 'absent' | 'excused';

const MIN = 60_000;
const at = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * MIN).toISOString();

async function makeClass(sessions: { startsAt: string; endsAt: string }[], over: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/trainings',
    headers: organizer.auth,
    payload: {
      title: '钳工（高级）技能提升班',
      tradeId: t.trades.fitter,
      targetLevel: 'senior',
      orgId: t.orgs.base,
      capacity: 10,
      enrolOpensAt: isoIn(-1),
      enrolClosesAt: isoIn(5),
      sessions,
      ...over,
    },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  const c = res.json() as { id: number; sessions: { id: number; checkInToken: string; startsAt: string }[] };
  // what the classroom is shown now (the code changes every 30 s and works for that window and the next): the token
  // with its window and mac, drawn by the module the server uses; `storedToken` is the session's own token
  return { id: c.id, sessions: c.sessions.map((s) => ({ ...s, storedToken: s.checkInToken, checkInToken: codes.tokenAt(s, new Date()).token })) };
}
const sessionsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ startsAt: isoIn(10 + i), endsAt: isoIn(10.1 + i) }));

/**
 * The class is held: time moves on past its sessions, in their order, the last one ending a minute ago — as its
 * organizer records it (PATCH of each session's times). Attendance waits for a session's start and completion for the
 * last session's end (409 TOO_EARLY).
 */
async function held(c: { id: number; sessions: { id: number }[] }) {
  const n = c.sessions.length;
  for (const [i, s] of c.sessions.entries()) {
    const ends = Date.now() - (n - 1 - i) * 86400_000 - MIN;
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/trainings/${c.id}/sessions/${s.id}`,
      headers: organizer.auth,
      payload: { startsAt: new Date(ends - 180 * MIN).toISOString(), endsAt: new Date(ends).toISOString() },
    });
    if (res.statusCode !== 200) throw new Error(res.body);
  }
}

async function enrol(classId: number, level: SkillLevel | null, n = 1) {
  const ws = await makeWorkers(t, n, { level });
  for (const w of ws) {
    const r = await app.inject({ method: 'POST', url: `/api/trainings/${classId}/enrolments`, headers: w.auth });
    if (r.statusCode !== 201) throw new Error(r.body);
    Object.assign(w, { enrolmentId: r.json().id as number, status: r.json().status as string });
  }
  return ws as (Awaited<ReturnType<typeof makeWorkers>>[number] & { enrolmentId: number; status: string })[];
}

const mark = (classId: number, sessionId: number, rows: { enrolmentId: number; status: Status | string }[], auth: Auth = organizer.auth) =>
  app.inject({ method: 'PUT', url: `/api/trainings/${classId}/sessions/${sessionId}/attendance`, headers: auth, payload: rows });
const scores = (classId: number, rows: { enrolmentId: number; theory: number; practical: number }[], auth: Auth = organizer.auth) =>
  app.inject({ method: 'PUT', url: `/api/trainings/${classId}/exam-scores`, headers: auth, payload: rows });
const complete = (classId: number, auth: Auth = organizer.auth) =>
  app.inject({ method: 'POST', url: `/api/trainings/${classId}/complete`, headers: auth });
const levelOf = (id: number) => levelOfWorker(database, id);
/** how many check-ins the audit log holds */
const checkInAudits = async () => (await orm.select().from(auditLog).where(eq(auditLog.action, 'training.check_in'))).length;

/** Marks a column of statuses per worker over the sessions. */
async function attend(classId: number, sessionIds: number[], who: { enrolmentId: number }[], grid: Status[][]) {
  for (const [j, sessionId] of sessionIds.entries()) {
    const res = await mark(
      classId,
      sessionId,
      who.map((w, i) => ({ enrolmentId: w.enrolmentId, status: grid[i]![j]! })),
    );
    expect(res.statusCode, res.body).toBe(200);
  }
}

describe('attendance and exam scores', () => {
  it('records attendance per session, upserting; all or nothing with every bad row named', async () => {
    const c = await makeClass(sessionsOf(2), { capacity: 2 });
    const [a, b, waiting] = await enrol(c.id, 'intermediate', 3);
    expect(waiting!.status).toBe('waitlisted');
    await held(c);
    const other = await makeClass(sessionsOf(1));
    const [stranger] = await enrol(other.id, 'intermediate');
    const s = c.sessions[0]!.id;
    const ok = await mark(c.id, s, [
      { enrolmentId: a!.enrolmentId, status: 'present' },
      { enrolmentId: b!.enrolmentId, status: 'absent' },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual(
      [
        { enrolmentId: a!.enrolmentId, status: 'present' },
        { enrolmentId: b!.enrolmentId, status: 'absent' },
      ].sort((x, y) => x.enrolmentId - y.enrolmentId),
    );
    // upsert: b corrected to excused, a unchanged
    expect((await mark(c.id, s, [{ enrolmentId: b!.enrolmentId, status: 'excused' }])).json()).toContainEqual({
      enrolmentId: b!.enrolmentId,
      status: 'excused',
    });
    expect(await orm.select().from(attendance).where(eq(attendance.sessionId, s))).toHaveLength(2);
    const audit = await orm
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'training.attendance'), eq(auditLog.entityId, s)))
      .orderBy(auditLog.id);
    expect(audit.at(-1)).toMatchObject({ before: { [b!.enrolmentId]: 'absent' }, after: { [b!.enrolmentId]: 'excused' } });

    const bad = await mark(c.id, s, [
      { enrolmentId: a!.enrolmentId, status: 'late' },
      { enrolmentId: waiting!.enrolmentId, status: 'present' },
      { enrolmentId: stranger!.enrolmentId, status: 'present' },
      { enrolmentId: a!.enrolmentId, status: 'present' },
    ]);
    expectError(bad, 400, 'VALIDATION');
    const msg = bad.json().message as string;
    expect(msg).toContain('[1].enrolmentId');
    expect(msg).toContain('[2].enrolmentId');
    expect(msg).toContain('[3].enrolmentId');
    const [kept] = await orm
      .select()
      .from(attendance)
      .where(and(eq(attendance.sessionId, s), eq(attendance.enrolmentId, a!.enrolmentId)));
    expect(kept!.status).toBe('present');
    expectError(await mark(c.id, s, [{ enrolmentId: a!.enrolmentId, status: 'sleeping' }]), 400, 'VALIDATION');
    expectError(await mark(c.id, other.sessions[0]!.id, [{ enrolmentId: a!.enrolmentId, status: 'present' }]), 404, 'NOT_FOUND');
    expectError(await mark(c.id, s, [], outsider.auth), 404, 'NOT_FOUND');
    expectError(await mark(c.id, s, [], a!.auth), 403, 'FORBIDDEN');
  });

  it('exam scores 0–100, all or nothing with every bad row named', async () => {
    const c = await makeClass(sessionsOf(1));
    const [a, b] = await enrol(c.id, 'intermediate', 2);
    const bad = await scores(c.id, [
      { enrolmentId: a!.enrolmentId, theory: 80, practical: 70 },
      { enrolmentId: b!.enrolmentId, theory: 100.5, practical: 70 },
      { enrolmentId: b!.enrolmentId, theory: 50, practical: -1 },
    ]);
    expectError(bad, 400, 'VALIDATION');
    expect(bad.json().message).toMatch(/\[1\]\.theory.*\[2\]\.enrolmentId.*\[2\]\.practical/);
    expect(
      await orm
        .select()
        .from(examScores)
        .where(inArray(examScores.enrolmentId, [a!.enrolmentId, b!.enrolmentId])),
    ).toEqual([]);
    expectError(await scores(c.id, [{ enrolmentId: a!.enrolmentId, theory: '80' as unknown as number, practical: 70 }]), 400, 'VALIDATION');
    const ok = await scores(c.id, [
      { enrolmentId: a!.enrolmentId, theory: 80, practical: 70 },
      { enrolmentId: b!.enrolmentId, theory: 0, practical: 100 },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await scores(c.id, [{ enrolmentId: a!.enrolmentId, theory: 85, practical: 70 }])).statusCode).toBe(200);
    expect((await orm.select().from(examScores).where(eq(examScores.enrolmentId, a!.enrolmentId)))[0]).toMatchObject({
      theory: 85,
      practical: 70,
    });
    expectError(await scores(c.id, [], outsider.auth), 404, 'NOT_FOUND');
  });
});

describe('completion (domain.md § Promotions, Training) at its boundaries', () => {
  it('4 of 5 sessions with a late one passes, excused does not count, 3 of 4 fails; exactly 60 passes, 59.5 fails', async () => {
    const c = await makeClass(sessionsOf(5));
    const [pass, excused, lowExam, above, none] = await enrol(c.id, 'intermediate', 5);
    await held(c);
    await setLevel(database, above!.id, 'technician');
    await setLevel(database, none!.id, null);
    const P = 'present',
      L = 'late',
      A = 'absent',
      E = 'excused';
    await attend(
      c.id,
      c.sessions.map((s) => s.id),
      [pass!, excused!, lowExam!, above!, none!],
      [
        [P, P, P, L, A], // 4/5 = 80 % with a late
        [P, P, P, E, E], // excused does not count: 3/5
        [P, P, P, P, P],
        [P, P, P, P, A],
        [L, L, L, L, A],
      ],
    );
    await scores(c.id, [
      { enrolmentId: pass!.enrolmentId, theory: 60, practical: 60 },
      { enrolmentId: excused!.enrolmentId, theory: 95, practical: 95 },
      { enrolmentId: lowExam!.enrolmentId, theory: 59.5, practical: 90 },
      { enrolmentId: above!.enrolmentId, theory: 70, practical: 70 },
      { enrolmentId: none!.enrolmentId, theory: 100, practical: 60 },
    ]);

    const matrix = await app.inject({ method: 'GET', url: `/api/trainings/${c.id}/attendance`, headers: organizer.auth });
    expect(matrix.statusCode, matrix.body).toBe(200);
    const m = matrix.json();
    expect(m.sessions.map((s: { id: number }) => s.id)).toEqual(c.sessions.map((s) => s.id));
    const row = (e: { enrolmentId: number }) => m.enrolments.find((x: { enrolmentId: number }) => x.enrolmentId === e.enrolmentId);
    expect(row(pass!)).toMatchObject({
      attendance: ['present', 'present', 'present', 'late', 'absent'],
      attended: 4,
      theory: 60,
      practical: 60,
      completes: true,
      completed: null,
    });
    expect(row(excused!)).toMatchObject({ attended: 3, completes: false });
    expect(row(lowExam!)).toMatchObject({ attended: 5, completes: false });

    const res = await complete(c.id);
    expect(res.statusCode, res.body).toBe(200);
    const out = new Map(
      (res.json() as { enrolmentId: number; completed: boolean; certificateNo: string | null; promotion: unknown }[]).map((o) => [
        o.enrolmentId,
        o,
      ]),
    );
    expect(out.get(pass!.enrolmentId)).toMatchObject({
      completed: true,
      certificateNo: expect.stringMatching(/^GJ-\d{4}-\d{6}$/),
      promotion: { fromLevel: 'intermediate', toLevel: 'senior' },
    });
    expect(out.get(excused!.enrolmentId)).toMatchObject({ completed: false, certificateNo: null, promotion: null });
    expect(out.get(lowExam!.enrolmentId)).toMatchObject({ completed: false, certificateNo: null, promotion: null });
    expect(out.get(above!.enrolmentId)).toMatchObject({ completed: true, certificateNo: expect.any(String), promotion: null });
    expect(out.get(none!.enrolmentId)).toMatchObject({ completed: true, promotion: { fromLevel: null, toLevel: 'senior' } });

    expect(await Promise.all([pass!, excused!, lowExam!, above!, none!].map((w) => levelOf(w.id)))).toEqual([
      'senior',
      'intermediate',
      'intermediate',
      'technician',
      'senior',
    ]);
    const e = await orm.select().from(enrolments).where(eq(enrolments.classId, c.id));
    expect(Object.fromEntries(e.map((x) => [x.id, x.completed]))).toEqual({
      [pass!.enrolmentId]: true,
      [excused!.enrolmentId]: false,
      [lowExam!.enrolmentId]: false,
      [above!.enrolmentId]: true,
      [none!.enrolmentId]: true,
    });
    const certs = await orm.select().from(certificates).where(eq(certificates.trainingClassId, c.id));
    expect(certs).toHaveLength(3);
    expect(certs.every((x) => x.level === 'senior' && x.sourceType === 'training' && x.issuedOn === beijingDate(new Date()))).toBe(true);
    const recs = await orm.select().from(promotions).where(eq(promotions.trainingClassId, c.id));
    expect(recs.map((r) => [r.workerId, r.fromLevel, r.toLevel, r.becameHighSkill, r.orgId, r.sourceType])).toEqual(
      expect.arrayContaining([
        [pass!.id, 'intermediate', 'senior', true, t.orgs.base, 'training'],
        [none!.id, null, 'senior', true, t.orgs.base, 'training'],
      ]),
    );
    expect(recs).toHaveLength(2);
    expect((await orm.select().from(trainingClasses).where(eq(trainingClasses.id, c.id)))[0]).toMatchObject({
      status: 'completed',
      completedAt: expect.any(String),
    });
    expect(
      await orm
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'training.complete'), eq(auditLog.entityId, c.id))),
    ).toHaveLength(1);

    expectError(await complete(c.id), 409, 'ALREADY_COMPLETED');
    expectError(await mark(c.id, c.sessions[0]!.id, [{ enrolmentId: pass!.enrolmentId, status: 'absent' }]), 409, 'ALREADY_COMPLETED');
    expectError(await scores(c.id, [{ enrolmentId: pass!.enrolmentId, theory: 0, practical: 0 }]), 409, 'ALREADY_COMPLETED');
    // skill history shows the training promotion
    const history = (await app.inject({ method: 'GET', url: `/api/workers/${pass!.id}/skill-history`, headers: pass!.auth })).json();
    expect(history).toEqual([
      expect.objectContaining({
        fromLevel: 'intermediate',
        toLevel: 'senior',
        source: { type: 'training', id: c.id, title: '钳工（高级）技能提升班' },
      }),
    ]);
  });

  it('3 of 4 sessions (75 %) fails; a missing exam part fails', async () => {
    const c = await makeClass(sessionsOf(4));
    const [three, noScore] = await enrol(c.id, 'junior', 2);
    await held(c);
    await attend(
      c.id,
      c.sessions.map((s) => s.id),
      [three!, noScore!],
      [
        ['present', 'present', 'present', 'absent'],
        ['present', 'present', 'present', 'present'],
      ],
    );
    await scores(c.id, [{ enrolmentId: three!.enrolmentId, theory: 100, practical: 100 }]);
    const out = (await complete(c.id)).json() as { completed: boolean }[];
    expect(out.map((o) => o.completed)).toEqual([false, false]);
    expect(await levelOf(three!.id)).toBe('junior');
  });

  it('is the organizer’s in scope only', async () => {
    const c = await makeClass(sessionsOf(1));
    expectError(await complete(c.id, outsider.auth), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/trainings/${c.id}/attendance`, headers: outsider.auth }), 404, 'NOT_FOUND');
    const [w] = await enrol(c.id, 'junior');
    expectError(await complete(c.id, w!.auth), 403, 'FORBIDDEN');
  });
});

describe('QR self check-in', () => {
  const checkIn = (token: string, auth: Auth) =>
    app.inject({ method: 'POST', url: '/api/trainings/check-in', headers: auth, payload: { token } });

  it('marks the scanning worker present (or late after 15 minutes); a re-scan changes nothing', async () => {
    const c = await makeClass([
      { startsAt: at(-5), endsAt: at(120) }, // started 5 minutes ago: present
      { startsAt: at(-20), endsAt: at(100) }, // started 20 minutes ago: late
      { startsAt: at(-14), endsAt: at(100) }, // 14 minutes ago: still present
      { startsAt: at(24 * 60), endsAt: at(25 * 60) }, // tomorrow: not open yet
    ]);
    // sessions come back in start order: -20, -14, -5 minutes, tomorrow
    const tokenOf = (i: number) => c.sessions[[2, 0, 1, 3][i]!]!.checkInToken;
    const [w] = await enrol(c.id, 'junior');
    const first = await checkIn(`GJS1:${tokenOf(0)}`, w!.auth);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ enrolmentId: w!.enrolmentId, training: { id: c.id }, status: 'present' });
    const n = await checkInAudits();
    const again = await checkIn(`GJS1:${tokenOf(0)}`, w!.auth);
    expect(again.json()).toEqual(first.json());
    expect(await checkInAudits()).toBe(n);
    expect((await checkIn(tokenOf(1), w!.auth)).json()).toMatchObject({ status: 'late' }); // the bare token works too
    // what a phone camera reads from the QR — or a worker pastes — is the check-in URL
    expect((await checkIn(` http://localhost:3000${checkInPath(tokenOf(2))}\n`, w!.auth)).json()).toMatchObject({ status: 'present' });
    // not before the session starts (TOO_EARLY, with the instant)
    const early = await checkIn(`GJS1:${tokenOf(3)}`, w!.auth);
    expectError(early, 409, 'TOO_EARLY');
    expect(early.json().allowedFrom).toBe(c.sessions[3]!.startsAt);
    const rows = await orm.select().from(attendance).where(eq(attendance.enrolmentId, w!.enrolmentId));
    expect(rows.map((r) => r.status).sort()).toEqual(['late', 'present', 'present']);
    // a scan after the organizer marked absent records the arrival
    const [s0] = await orm
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.checkInToken, sessionTokenOf(tokenOf(1))));
    await mark(c.id, s0!.id, [{ enrolmentId: w!.enrolmentId, status: 'absent' }]);
    expect((await checkIn(tokenOf(1), w!.auth)).json()).toMatchObject({ status: 'late' });
  });

  it('previews a code before checking in — class, which session, time, venue, enrolment, attendance, window — and records nothing', async () => {
    const c = await makeClass([
      { startsAt: at(24 * 60), endsAt: at(25 * 60) }, // tomorrow: not open yet
      { startsAt: at(-20), endsAt: at(100) }, // under way
    ]);
    // sessions come back in start order: the one under way is session 1
    const [now, tomorrow] = [c.sessions[0]!.checkInToken, c.sessions[1]!.checkInToken];
    const [w] = await enrol(c.id, 'junior');
    const [stranger] = await makeWorkers(t, 1);
    const preview = (token: string, auth: Auth) =>
      app.inject({ method: 'GET', url: `/api/trainings/check-in?token=${encodeURIComponent(token)}`, headers: auth });
    const before = await checkInAudits();

    const first = await preview(`http://localhost:3000${checkInPath(now)}`, w!.auth);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      training: await database.read.get(sql`select id, title, venue from training_classes where id = ${c.id}`),
      sessionNo: 1,
      startsAt: c.sessions[0]!.startsAt,
      endsAt: expect.any(String),
      enrolled: true,
      status: null,
      window: 'open',
    });
    expect((await preview(`GJS1:${tomorrow}`, w!.auth)).json()).toMatchObject({ sessionNo: 2, window: 'not_open', status: null });
    expect((await preview(now, stranger!.auth)).json()).toMatchObject({ enrolled: false, status: null });
    expect(await checkInAudits()).toBe(before);
    expect(await orm.select().from(attendance).where(eq(attendance.enrolmentId, w!.enrolmentId))).toEqual([]);

    await checkIn(now, w!.auth);
    expect((await preview(now, w!.auth)).json()).toMatchObject({ status: 'late', window: 'open' });
    expectError(await preview('GJS1:forged-token-123', w!.auth), 404, 'UNKNOWN_CHECK_IN_CODE');
    expectError(await preview(now, organizer.auth), 403, 'FORBIDDEN');
    expectError(await app.inject({ method: 'GET', url: '/api/trainings/check-in', headers: w!.auth }), 400, 'VALIDATION');
  });

  it('404 for an unknown code; 409 NOT_ENROLLED for someone not (or only waitlisted) in the class; 403 for an organizer', async () => {
    const c = await makeClass([{ startsAt: at(-5), endsAt: at(60) }], { capacity: 1 });
    const token = c.sessions[0]!.checkInToken;
    const [, waiting] = await enrol(c.id, 'junior', 2);
    expect(waiting!.status).toBe('waitlisted');
    const [stranger] = await makeWorkers(t, 1);
    expectError(await checkIn('GJS1:forged-token-123', stranger!.auth), 404, 'UNKNOWN_CHECK_IN_CODE');
    expectError(await checkIn('http://localhost/checkin?t=GJS1%3Aforged-token-123', stranger!.auth), 404, 'UNKNOWN_CHECK_IN_CODE');
    // not a code at all: another page of the site, a URL without t, words
    for (const junk of [`http://localhost/verify/${token}`, 'http://localhost/checkin', '签到 码'])
      expectError(await checkIn(junk, stranger!.auth), 404, 'UNKNOWN_CHECK_IN_CODE');
    expectError(await checkIn(token, stranger!.auth), 409, 'NOT_ENROLLED');
    expectError(await checkIn(token, waiting!.auth), 409, 'NOT_ENROLLED');
    expectError(await checkIn(token, organizer.auth), 403, 'FORBIDDEN');
    expectError(
      await app.inject({ method: 'POST', url: '/api/trainings/check-in', headers: stranger!.auth, payload: {} }),
      400,
      'VALIDATION',
    );
  });

  it('the QR encodes the check-in URL on the origin the organizer reached, which checks a worker in', async () => {
    const c = await makeClass([{ startsAt: at(-5), endsAt: at(60) }]);
    const session = { id: c.sessions[0]!.id, checkInToken: c.sessions[0]!.storedToken };
    const url = `/api/trainings/${c.id}/sessions/${c.sessions[0]!.id}/qr.png`;
    /** the PNG the server drew equals the QR of `payload(token)` for the code of the window it was drawn in */
    const drawnFor = async (res: { rawPayload: Buffer }, payload: (token: string) => string, before: Date) => {
      for (const when of [before, new Date()]) {
        const token = codes.tokenAt(session, when).token;
        if (res.rawPayload.equals(await QRCode.toBuffer(payload(token), QR_OPTIONS))) return token;
      }
      return null;
    };
    const onSite = (token: string) => `http://localhost:3000/checkin?t=GJS1%3A${encodeURIComponent(token)}`;
    expect(sessionQrPayload('http://localhost:3000', 'abc.1.x')).toBe(onSite('abc.1.x'));
    expect(parseCheckInCode(onSite('abc.1.x'))).toBe('GJS1:abc.1.x');
    // the PNG is exactly the QR of that URL (same encoder, same options) for the current code
    let before = new Date();
    const png = await app.inject({ method: 'GET', url, headers: { ...organizer.auth, host: 'localhost:3000' } });
    expect(png.statusCode, png.body).toBe(200);
    const token = await drawnFor(png, onSite, before);
    expect(token).toMatch(new RegExp(`^${session.checkInToken}\\.\\d+\\.[A-Za-z0-9_-]{8}$`));
    expect(await drawnFor(png, (x) => `GJS1:${x}`, before)).toBeNull();
    // behind a trusted proxy (the loopback here) the forwarded scheme and host are the site's
    before = new Date();
    const proxied = await app.inject({
      method: 'GET',
      url,
      headers: { ...organizer.auth, host: '127.0.0.1:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'localhost:8443' },
    });
    expect(await drawnFor(proxied, (x) => `https://localhost:8443/checkin?t=GJS1%3A${encodeURIComponent(x)}`, before)).not.toBeNull();
    // and from an untrusted address they are ignored
    before = new Date();
    const direct = await app.inject({
      method: 'GET',
      url,
      remoteAddress: '192.0.2.10',
      headers: { ...organizer.auth, host: 'localhost:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'localhost:8443' },
    });
    expect(await drawnFor(direct, onSite, before)).not.toBeNull();
    // what the camera read checks the enrolled worker in
    const [w] = await enrol(c.id, 'junior');
    const res = await app.inject({ method: 'POST', url: '/api/trainings/check-in', headers: w!.auth, payload: { token: onSite(token!) } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ sessionId: c.sessions[0]!.id, status: 'present' });
  });

  it('the organizer gets the session QR as a PNG; others do not', async () => {
    const c = await makeClass([{ startsAt: at(5), endsAt: at(60) }]);
    const url = `/api/trainings/${c.id}/sessions/${c.sessions[0]!.id}/qr.png`;
    const res = await app.inject({ method: 'GET', url, headers: organizer.auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expectError(await app.inject({ method: 'GET', url, headers: outsider.auth }), 404, 'NOT_FOUND');
    const [w] = await makeWorkers(t, 1);
    expectError(await app.inject({ method: 'GET', url, headers: w!.auth }), 403, 'FORBIDDEN');
    expectError(
      await app.inject({ method: 'GET', url: `/api/trainings/${c.id}/sessions/999999/qr.png`, headers: organizer.auth }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('class check-in codes expire (a new code every 30 s, good for its window and the next)', () => {
  const checkIn = (token: string, auth: Auth, lang = 'zh-CN') =>
    app.inject({ method: 'POST', url: '/api/trainings/check-in', headers: { ...auth, 'accept-language': lang }, payload: { token } });
  const preview = (token: string, auth: Auth) =>
    app.inject({ method: 'GET', url: `/api/trainings/check-in?token=${encodeURIComponent(token)}`, headers: auth });
  const WINDOW = WINDOW_SECONDS * 1000;
  /** the code the projector showed at `msAgo` before now, drawn by the module the server uses */
  const codeAt = (s: { id: number; storedToken: string }, msAgo: number) =>
    `GJS1:${codes.tokenAt({ id: s.id, checkInToken: s.storedToken }, new Date(Date.now() - msAgo)).token}`;

  it('decides by the window: the same one and the next are valid, two later expired, a wrong mac or a far future forged', () => {
    const session = { id: 7, checkInToken: 'tok' };
    // drawn at the last tenth of a second of its window
    const drawn = new Date(Math.floor(Date.now() / WINDOW) * WINDOW - 100);
    const { token, window, changesAt } = codes.tokenAt(session, drawn);
    expect(changesAt.getTime() - drawn.getTime()).toBe(100);
    const later = (ms: number) => new Date(drawn.getTime() + ms);
    expect(codes.verdict(session, token, drawn)).toBe('valid');
    expect(codes.verdict(session, token, later(100))).toBe('valid'); // the next window has begun
    expect(codes.verdict(session, token, later(100 + WINDOW - 1))).toBe('valid'); // its last millisecond
    expect(codes.verdict(session, token, later(100 + WINDOW))).toBe('expired'); // two windows later
    expect(codes.verdict(session, token, later(3_600_000))).toBe('expired');
    expect(codes.verdict({ id: 8 }, token, drawn)).toBe('forged'); // another session's code
    expect(codes.verdict(session, `tok.${window - 5}.${token.split('.')[2]}`, drawn)).toBe('forged'); // a window changed by hand
    expect(codes.verdict(session, 'tok', drawn)).toBe('expired'); // the codes before issue 17 never changed
    // the same instant draws the same code (every API process agrees); another server secret draws another
    expect(codes.tokenAt(session, drawn).token).toBe(token);
    expect(new CheckInCodes('another server secret, another key').tokenAt(session, drawn).token).not.toBe(token);
  });

  it('over HTTP: this window and the one before check in, two windows back is 409 CHECK_IN_CODE_EXPIRED with the message', async () => {
    const c = await makeClass([{ startsAt: at(-5), endsAt: at(120) }, { startsAt: at(-3), endsAt: at(120) }]);
    const [s0, s1] = c.sessions as [(typeof c.sessions)[0], (typeof c.sessions)[0]];
    const [a, b] = await enrol(c.id, 'junior', 2);
    const before = await checkInAudits();
    // two windows back: refused, in Chinese and in English, recording nothing — also in the preview
    const old = await checkIn(codeAt(s0, 2 * WINDOW), a!.auth);
    expectError(old, 409, 'CHECK_IN_CODE_EXPIRED');
    expect(old.json().message).toBe('二维码已过期，请扫描现场最新二维码');
    expect((await checkIn(codeAt(s0, 2 * WINDOW), a!.auth, 'en')).json().message).toBe(
      'This QR code has expired: scan the latest code shown in the classroom',
    );
    expectError(await preview(codeAt(s0, 2 * WINDOW), a!.auth), 409, 'CHECK_IN_CODE_EXPIRED');
    // as the check-in link a camera opened a minute ago, and the bare session token of the codes that never changed
    const link = `http://localhost:3000${checkInPath(codeAt(s0, 2 * WINDOW).slice('GJS1:'.length))}`;
    expectError(await checkIn(link, a!.auth), 409, 'CHECK_IN_CODE_EXPIRED');
    expectError(await checkIn(`GJS1:${s0.storedToken}`, a!.auth), 409, 'CHECK_IN_CODE_EXPIRED');
    expectError(await checkIn(s0.storedToken, a!.auth), 409, 'CHECK_IN_CODE_EXPIRED');
    expect(await checkInAudits()).toBe(before);
    expect(await orm.select().from(attendance).where(eq(attendance.enrolmentId, a!.enrolmentId))).toEqual([]);
    // the code of the window before is still good, and so is this window's
    expect((await preview(codeAt(s0, WINDOW), a!.auth)).json()).toMatchObject({ window: 'open', enrolled: true });
    const prev = await checkIn(codeAt(s0, WINDOW), a!.auth);
    expect(prev.statusCode, prev.body).toBe(200);
    expect(prev.json()).toMatchObject({ sessionId: s0.id, status: 'present' });
    expect((await checkIn(codeAt(s0, 0), b!.auth)).json()).toMatchObject({ sessionId: s0.id, status: 'present' });
    // a code for another session: session 1's token with session 0's mac, or the other way round, is no code of ours
    const [, window, mac] = codeAt(s0, 0).split('.');
    expectError(await checkIn(`GJS1:${s1.storedToken}.${window}.${mac}`, b!.auth), 404, 'UNKNOWN_CHECK_IN_CODE');
    expectError(await checkIn(`GJS1:${s0.storedToken}.${window}.AAAAAAAA`, b!.auth), 404, 'UNKNOWN_CHECK_IN_CODE');
    // the other refusals keep their codes: not enrolled (with a fresh code) stays 409 NOT_ENROLLED
    const [stranger] = await makeWorkers(t, 1);
    expectError(await checkIn(codeAt(s1, 0), stranger!.auth), 409, 'NOT_ENROLLED');
  });

  it('the projector asks for the current code: its URL, window and when it changes; only the class organizers', async () => {
    const c = await makeClass([{ startsAt: at(-5), endsAt: at(120) }]);
    const url = `/api/trainings/${c.id}/sessions/${c.sessions[0]!.id}/check-in-code`;
    const res = await app.inject({ method: 'GET', url, headers: { ...organizer.auth, host: 'localhost:3000' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const body = res.json() as { code: string; url: string; window: number; changesAt: string; changesInMs: number; sessionId: number };
    expect(body.sessionId).toBe(c.sessions[0]!.id);
    expect(body.code).toMatch(new RegExp(`^GJS1:${c.sessions[0]!.storedToken}\\.${body.window}\\.[A-Za-z0-9_-]{8}$`));
    expect(body.url).toBe(`http://localhost:3000${checkInPath(body.code.slice('GJS1:'.length))}`);
    expect(new Date(body.changesAt).getTime()).toBe((body.window + 1) * WINDOW);
    expect(body.changesInMs).toBeGreaterThanOrEqual(0);
    expect(body.changesInMs).toBeLessThanOrEqual(WINDOW);
    // the PNG for the page's window `w` is that window's code while it is good (the image matches the printed code)
    const png = (w: number) =>
      app.inject({ method: 'GET', url: `/api/trainings/${c.id}/sessions/${c.sessions[0]!.id}/qr.png?w=${w}`, headers: { ...organizer.auth, host: 'localhost:3000' } });
    const session = { id: c.sessions[0]!.id, checkInToken: c.sessions[0]!.storedToken };
    const qrOf = (at: Date) => QRCode.toBuffer(`http://localhost:3000${checkInPath(codes.tokenAt(session, at).token)}`, QR_OPTIONS);
    const previous = body.window - 1;
    expect((await png(previous)).rawPayload.equals(await qrOf(new Date(previous * WINDOW)))).toBe(true);
    // a window long gone (or far ahead) draws the current code instead, never an old one
    expect((await png(previous - 5)).rawPayload.equals(await qrOf(new Date((previous - 5) * WINDOW)))).toBe(false);
    const [w] = await enrol(c.id, 'junior');
    expect((await checkIn(body.url, w!.auth)).json()).toMatchObject({ status: 'present' });
    expectError(await app.inject({ method: 'GET', url, headers: outsider.auth }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url, headers: w!.auth }), 403, 'FORBIDDEN');
    expectError(await app.inject({ method: 'GET', url: `/api/trainings/${c.id}/sessions/999999/check-in-code`, headers: organizer.auth }), 404, 'NOT_FOUND');
  });
});
