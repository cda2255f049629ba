/**
 * The skill services (judging, results, promotions, certificates, training classes) on the run's backend — a fresh
 * SQLite file, or PostgreSQL with GJ_TEST_BACKEND=postgres — called directly, as the routes call them: the same
 * repositories, lock roots and transactions on both. (The HTTP tests of these services run on SQLite until every
 * service has moved to the async data layer.)
 */
import { beijingYear, formatCertificateNo } from '@gongjiang/domain';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/data/database';
import { eventMarks } from '../src/data/repos/judging';
import { AuditTrail } from '../src/services/audit';
import { skillServices } from '../src/services/index';
import { CheckInCodes } from '../src/services/check-in-codes';
import { Scope, type Caller } from '../src/services/scope';
import { freshDatabase, type TestDatabase } from './support/backend';
import { addOrg, type OrgNode } from './support/org-tree';

let fresh: TestDatabase;
let db: Database;
let s: ReturnType<typeof skillServices>;

const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const year = beijingYear(new Date());

interface Fixture {
  organizer: Caller;
  judges: Caller[];
  workers: { id: number; employer: number }[];
  orgs: { district: number; b1: number; b2: number };
  tradeId: number;
}
let f: Fixture;

/** A published, in-plan contest with one event of the trade: two criteria, a promotion band for ranks 1–4. */
async function contestEvent(): Promise<{ eventId: number; criteria: number[] }> {
  return db.tx(async (t) => {
    const { contests, events, criteria, promotionRules } = t.s;
    const [c] = await t.orm
      .insert(contests)
      .values({
        title: '第九届无锡市职工技能大赛',
        tier: 'city',
        orgId: f.orgs.district,
        inPlan: true,
        status: 'published',
        registrationOpensAt: iso(-30),
        registrationClosesAt: iso(-20),
        startsAt: iso(-10),
        endsAt: iso(-9),
      })
      .returning();
    const [e] = await t.orm
      .insert(events)
      .values({
        contestId: c!.id,
        tradeId: f.tradeId,
        capacity: 10,
        aggregation: 'mean',
        awards: { mode: 'count', first: 1, second: 1, third: 1 },
      })
      .returning();
    const ks = await t.orm
      .insert(criteria)
      .values([
        { eventId: e!.id, position: 1, name: '实操', maxScore: 97, kind: 'score' as const },
        { eventId: e!.id, position: 2, name: '文明生产', maxScore: 3, kind: 'judgement' as const },
      ])
      .returning();
    await t.orm
      .insert(promotionRules)
      .values({ eventId: e!.id, position: 1, fromRank: 1, toRank: 4, targetLevel: 'intermediate', capLevel: 'technician' });
    return { eventId: e!.id, criteria: ks.map((k) => k.id) };
  });
}

/** Confirmed registrations with blind numbers A001… for the workers, in order. */
async function register(eventId: number, workerIds: number[]): Promise<void> {
  await db.tx(async (t) => {
    await t.orm.insert(t.s.registrations).values(
      workerIds.map((workerId, i) => ({
        eventId,
        workerId,
        status: 'confirmed' as const,
        bib: `A${String(i + 1).padStart(3, '0')}`,
        ticketCode: `tc-${eventId}-${workerId}`,
      })),
    );
  });
}

beforeAll(async () => {
  fresh = await freshDatabase();
  db = fresh.db;
  s = skillServices(db, new AuditTrail(), new Scope(db), new CheckInCodes('a test secret for class check-in codes'));
  f = await db.tx(async (t) => {
    const { trades, users, workerProfiles } = t.s;
    const org = (name: string, kind: 'federation' | 'district' | 'base', parent: OrgNode | null) => addOrg(t, name, kind, parent);
    const fed = await org('无锡市总工会', 'federation', null);
    const district = await org('梁溪区总工会', 'district', fed);
    const b1 = await org('无锡供电公司工会', 'base', district);
    const b2 = await org('无锡一棉纺织集团有限公司工会', 'base', district);
    const [trade] = await t.orm.insert(trades).values({ code: '6-20-01-01', name: '钳工', nameEn: 'Fitter' }).returning();
    let phone = 13600000000;
    const user = async (roles: ('organizer' | 'judge' | 'worker')[], orgId: number, profile?: { employer: number }) => {
      const [u] = await t.orm
        .insert(users)
        .values({ phone: String(++phone), name: `测试${phone % 10_000}`, passwordHash: 'x', roles, orgId })
        .returning();
      if (profile)
        await t.orm.insert(workerProfiles).values({
          userId: u!.id,
          idNumber: `32020219900101${String(phone % 10_000).padStart(4, '0')}`,
          employerOrgId: profile.employer,
          tradeId: trade!.id,
          skillLevel: 'junior',
        });
      return u!.id;
    };
    const organizer = await user(['organizer'], district.id);
    const judges = [await user(['judge'], fed.id), await user(['judge'], fed.id), await user(['judge'], b1.id)];
    const workers = [];
    for (const employer of [b1.id, b1.id, b2.id, b2.id, b2.id])
      workers.push({ id: await user(['worker'], employer, { employer }), employer });
    return {
      organizer: { id: organizer, roles: ['organizer'], orgId: district.id },
      judges: judges.map((id, i) => ({ id, roles: ['judge'], orgId: i === 2 ? b1.id : fed.id })),
      workers,
      orgs: { district: district.id, b1: b1.id, b2: b2.id },
      tradeId: trade!.id,
    } satisfies Fixture;
  });
});

afterAll(async () => {
  await fresh?.dispose();
});

describe('a contest event from judging to promotions', () => {
  let eventId: number;
  let criteria: number[];

  it('assigns the panel; every judge scores their sheet (the conflicted judge sees only the other employer) and submits', async () => {
    ({ eventId, criteria } = await contestEvent());
    await register(
      eventId,
      f.workers.slice(0, 4).map((w) => w.id),
    );
    const chief = await s.judging.assign(eventId, { userId: f.judges[0]!.id, chief: true }, f.organizer);
    expect(chief).toMatchObject({ chief: true, demotedChiefId: null, submittedAt: null });
    for (const j of f.judges.slice(1)) await s.judging.assign(eventId, { userId: j.id }, f.organizer);
    await expect(s.judging.assign(eventId, { userId: f.judges[1]!.id }, f.organizer)).rejects.toMatchObject({ code: 'ALREADY_ASSIGNED' });

    for (const [i, judge] of f.judges.entries()) {
      const sheet = await s.judging.sheet(eventId, judge);
      expect(sheet.contestants.map((c) => c.bib)).toEqual(i === 2 ? ['A003', 'A004'] : ['A001', 'A002', 'A003', 'A004']);
      const out = await s.judging.saveScores(
        eventId,
        judge,
        sheet.contestants.flatMap((c, n) => [
          { bib: c.bib, criterionId: criteria[0]!, score: 90 - n },
          { bib: c.bib, criterionId: criteria[1]!, score: 2 },
        ]),
        'en',
      );
      expect(out.every((o) => o.ok)).toBe(true);
      // the same marks again change nothing
      const again = await s.judging.saveScore(eventId, judge, { bib: sheet.contestants[0]!.bib, criterionId: criteria[0]!, score: 90 });
      expect(again.changed).toBe(false);
      expect(await s.judging.submit(eventId, judge)).toMatchObject({ locked: true, alreadySubmitted: false });
    }
    // the event's marks read as four aligned arrays (jsonArrayAgg) are the rows themselves
    const marks = await eventMarks(db.read, eventId);
    const rows = await db.read.all<{ r: number; j: number; k: number; v: number }>(
      sql`select registration_id as r, judge_id as j, criterion_id as k, score as v from scores where event_id = ${eventId}`,
    );
    const key = (r: number, j: number, k: number, v: number) => `${r}/${j}/${k}/${v}`;
    expect(Array.from(marks.scores, (v, i) => key(marks.registrationIds[i]!, marks.judgeIds[i]!, marks.criterionIds[i]!, v)).sort()).toEqual(
      rows.map((x) => key(x.r, x.j, x.k, x.v)).sort(),
    );
    expect(rows).toHaveLength(20);
    const roster = await s.judging.roster(eventId, f.organizer);
    expect(roster.judges.map((j) => [j.chief, j.locked, j.recused, j.progress])).toEqual([
      [true, true, 0, { done: 8, total: 8 }],
      [false, true, 0, { done: 8, total: 8 }],
      [false, true, 2, { done: 4, total: 4 }],
    ]);
    expect((await s.judging.myAssignments(f.judges[2]!))[0]).toMatchObject({ eventId, locked: true, progress: { done: 4, total: 4 } });
  });

  it('unlocks a sheet for the chief judge with a reason, and locks it again', async () => {
    const judge = f.judges[1]!;
    expect(await s.judging.unlock(eventId, judge.id, '复核', f.judges[0]!)).toMatchObject({ judgeId: judge.id, locked: false });
    await expect(s.judging.unlock(eventId, judge.id, '复核', f.judges[0]!)).rejects.toMatchObject({ code: 'SHEET_NOT_LOCKED' });
    expect(await s.judging.submit(eventId, judge)).toMatchObject({ locked: true });
  });

  it('takes theory scores, is ready, publishes once and shows the frozen rows', async () => {
    await expect(s.results.publish(eventId, f.organizer)).rejects.toMatchObject({ code: 'RESULTS_INCOMPLETE' });
    const saved = await s.results.setTheory(
      eventId,
      ['A001', 'A002', 'A003', 'A004'].map((bib, i) => ({ row: i + 1, bib, score: 90 - i })),
      f.organizer,
    );
    expect(saved).toEqual({ eventId, rows: 4, changed: 4, unchanged: 0 });
    expect(await s.results.progress(eventId, f.organizer)).toMatchObject({ ready: true, blockers: [], cells: { done: 20, total: 20 } });
    const live = await s.results.results(eventId, f.organizer);
    expect(live.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(live[0]).toMatchObject({ bib: 'A001', award: 'first', passed: true, name: expect.stringMatching(/^测试/) });
    expect(await s.results.publish(eventId, f.organizer)).toMatchObject({ eventId, count: 4 });
    await expect(s.results.publish(eventId, f.organizer)).rejects.toMatchObject({ code: 'ALREADY_PUBLISHED' });
    const frozen = await s.results.results(eventId, undefined);
    expect(frozen.map(({ rank, bib, total, passed, award, tied }) => ({ rank, bib, total, passed, award, tied }))).toEqual(
      live.map(({ rank, bib, total, passed, award, tied }) => ({ rank, bib, total, passed, award, tied })),
    );
    expect(frozen[0]).toMatchObject({ award: 'first', passed: true, name: live[0]!.name });
    expect(frozen[0]).not.toHaveProperty('registrationId');
    const report = await s.results.judgeReport(eventId, f.judges[0]!);
    expect(report.contestants.find((c) => c.bib === 'A001')!.criteria[1]).toMatchObject({ mark: 2, spread: false });
    await expect(s.judging.unlock(eventId, f.judges[1]!.id, '复核', f.organizer)).rejects.toMatchObject({ code: 'ALREADY_PUBLISHED' });
  });

  it('applies promotions of two events that share a winner at once: one contest promotion each, certificate numbers consecutive', async () => {
    const second = await contestEvent();
    const winner = f.workers[0]!.id;
    await register(second.eventId, [winner]);
    await db.tx(async (t) => {
      const { registrations, results, events } = t.s;
      const [reg] = await t.orm.select().from(registrations).where(eq(registrations.eventId, second.eventId));
      await t.orm.insert(results).values({
        eventId: second.eventId,
        registrationId: reg!.id,
        workerId: winner,
        rank: 1,
        theory: 95,
        practical: 95,
        total: 95,
        passed: true,
      });
      await t.orm.update(events).set({ resultsPublishedAt: new Date().toISOString() }).where(eq(events.id, second.eventId));
    });
    const preview = await s.promotions.preview(eventId, f.organizer);
    expect(preview.items.filter((i) => i.promote)).toHaveLength(4);
    const [a, b] = await Promise.all([s.promotions.apply(eventId, f.organizer), s.promotions.apply(second.eventId, f.organizer)]);
    const contest = await db.read.all<{ n: number }>(
      sql`select count(*) as n from promotions where worker_id = ${winner} and source_type = 'contest' and year = ${year}`,
    );
    expect(Number(contest[0]!.n)).toBe(1);
    expect(a.length + b.length).toBe(4);
    const numbers = [...a, ...b].map((p) => p.certificateNo).sort();
    expect(numbers).toEqual([1, 2, 3, 4].map((n) => formatCertificateNo(year, n)));
    // applying again writes nothing and answers the same
    expect(await s.promotions.apply(eventId, f.organizer)).toEqual(a);

    const tracker = await s.promotions.list({ page: 1, pageSize: 10, source: 'contest' }, f.organizer);
    expect(tracker.total).toBe(4);
    expect(tracker.items[0]).toMatchObject({ toLevel: 'intermediate', source: { type: 'contest' } });
    const file = await s.promotions.export({ year }, f.organizer, 'csv');
    expect(file.body.toString().split('\r\n')).toHaveLength(6);
    const history = await s.promotions.skillHistory(winner, f.organizer);
    expect(history).toHaveLength(1);
    expect(await s.promotions.workerProfile(winner, f.organizer)).toMatchObject({
      skillLevel: 'intermediate',
      certificateNo: history[0]!.certificateNo,
    });

    const mine = await s.certificates.mine(winner);
    expect(mine).toHaveLength(1);
    expect(await s.certificates.verify(mine[0]!.code)).toMatchObject({ level: 'intermediate', source: { type: 'contest' } });
  });
});

describe('a training class from enrolment to completion', () => {
  let classId: number;
  let sessions: { id: number; checkInToken?: string }[];
  /** who waits first: concurrent enrolments arrive in whatever order the database serialises them */
  let first: Caller;
  const worker = (i: number): Caller => ({ id: f.workers[i]!.id, roles: ['worker'], orgId: f.workers[i]!.employer });

  it('enrols one into its only seat and waitlists the rest in arrival order, also when they come at once', async () => {
    const c = await s.trainings.create(
      {
        title: '钳工（高级）培训班',
        tradeId: f.tradeId,
        targetLevel: 'senior',
        orgId: f.orgs.b1,
        capacity: 1,
        enrolOpensAt: iso(-1),
        enrolClosesAt: iso(5),
        sessions: [
          { startsAt: iso(6), endsAt: iso(6.1) },
          { startsAt: iso(7), endsAt: iso(7.1) },
        ],
      },
      f.organizer,
    );
    ({ id: classId, sessions } = c);
    expect(c).toMatchObject({ capacity: 1, seatsLeft: 1, attendanceRequired: 0.8, passMark: 60, orgName: '无锡供电公司工会' });
    expect(await s.trainings.enrol(classId, worker(0))).toMatchObject({ status: 'enrolled', waitlistPosition: null });
    const waiting = [worker(1), worker(2), worker(3)];
    const answers = await Promise.all(waiting.map((w) => s.trainings.enrol(classId, w)));
    expect(answers.map((e) => e.status)).toEqual(['waitlisted', 'waitlisted', 'waitlisted']);
    expect(answers.map((e) => e.waitlistPosition).sort()).toEqual([1, 2, 3]);
    first = waiting[answers.findIndex((e) => e.waitlistPosition === 1)]!;
    await expect(s.trainings.enrol(classId, worker(1))).rejects.toMatchObject({ code: 'ALREADY_ENROLLED' });
    const listed = await s.trainings.list({ page: 1, pageSize: 10, q: '钳工', orgId: f.orgs.district }, undefined);
    expect(listed.items.map((i) => [i.id, i.enrolled, i.waitlisted])).toEqual([[classId, 1, 3]]);
  });

  it('cancelling the seat hands it to the first waiting', async () => {
    const [mine] = await s.trainings.mine(worker(0).id);
    const out = await s.trainings.cancel(mine!.id, worker(0));
    expect(out.promoted).not.toBeNull();
    const roster = await s.trainings.roster(classId, f.organizer);
    expect(roster.filter((r) => r.status === 'enrolled').map((r) => r.workerId)).toEqual([first.id]);
    const still = (
      await Promise.all([worker(1), worker(2), worker(3)].filter((w) => w.id !== first.id).map((w) => s.trainings.mine(w.id)))
    ).map(([e]) => e!.waitlistPosition);
    expect(still.sort()).toEqual([1, 2]);
  });

  it('takes attendance and exam scores, completes once: a certificate and a promotion to the target', async () => {
    const enrolmentId = (await s.trainings.roster(classId, f.organizer)).find((r) => r.status === 'enrolled')!.id;
    // the class is held: both sessions took place, as its organizer records them (attendance waits for a session's start)
    for (const [i, session] of sessions.entries())
      await s.trainingCompletion.moveSession(classId, session.id, { startsAt: iso(i - 2.2), endsAt: iso(i - 2.1) }, f.organizer);
    for (const session of sessions)
      expect(await s.trainingCompletion.setAttendance(classId, session.id, [{ enrolmentId, status: 'present' }], f.organizer)).toEqual([
        { enrolmentId, status: 'present' },
      ]);
    expect(await s.trainingCompletion.previewCheckIn(s.trainingCompletion.codes.tokenAt({ id: sessions[0]!.id, checkInToken: sessions[0]!.checkInToken! }, new Date()).token, first)).toMatchObject({
      enrolled: true,
      status: 'present',
      sessionNo: 1,
    });
    await s.trainingCompletion.setExamScores(classId, [{ enrolmentId, theory: 80, practical: 75 }], f.organizer);
    expect((await s.trainingCompletion.matrix(classId, f.organizer)).enrolments).toEqual([
      expect.objectContaining({ enrolmentId, attended: 2, completes: true, completed: null }),
    ]);
    const levelBefore = (await s.promotions.workerProfile(first.id, f.organizer)).skillLevel;
    const done = await s.trainingCompletion.complete(classId, f.organizer);
    expect(done).toEqual([
      {
        enrolmentId,
        workerId: first.id,
        completed: true,
        certificateNo: formatCertificateNo(year, 5),
        promotion: { fromLevel: levelBefore, toLevel: 'senior' },
      },
    ]);
    await expect(s.trainingCompletion.complete(classId, f.organizer)).rejects.toMatchObject({ code: 'ALREADY_COMPLETED' });
    const { promotions } = db.read.s;
    const [record] = await db.read.orm
      .select()
      .from(promotions)
      .where(and(eq(promotions.workerId, first.id), eq(promotions.sourceType, 'training')));
    expect(record).toMatchObject({ toLevel: 'senior', trainingClassId: classId, certificateNo: formatCertificateNo(year, 5) });
  });
});
