/**
 * Training classes (培训班): the class and its sessions, enrolments with the seat counter and waiting list, attendance,
 * exam scores and completion. The class is the lock root of every change to its seats, attendance and outcomes.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AttendanceStatus } from '@gongjiang/domain';
import type { Handle, Tx } from '../database';
import { rowBy } from './rows';
import { contains } from '../dialect';
import { subtreeRange } from './organisations';

export type ClassRow = NonNullable<Awaited<ReturnType<typeof classById>>>;
export type SessionRow = NonNullable<Awaited<ReturnType<typeof sessionOf>>>;
export type ClassStatus = ClassRow['status'];

export function classById(h: Handle, id: number) {
  return rowBy(h, h.s.trainingClasses, 'id', id);
}

export async function insertClass(
  t: Tx,
  v: {
    title: string;
    description: string | null;
    tradeId: number;
    targetLevel: string;
    orgId: number;
    capacity: number;
    venue: string | null;
    enrolOpensAt: string;
    enrolClosesAt: string;
    firstSessionAt: string;
    attendanceRequired: number;
    passMark: number;
    status: 'draft' | 'published';
    createdBy: number;
  },
) {
  const [row] = await t.orm.insert(t.s.trainingClasses).values(v).returning();
  return row!;
}

export async function insertSessions(t: Tx, classId: number, sessions: { startsAt: string; endsAt: string; checkInToken: string }[]) {
  await t.orm.insert(t.s.trainingSessions).values(sessions.map((s) => ({ classId, ...s })));
}

/** A class's sessions in time order. */
export function sessionsOf(h: Handle, classId: number) {
  const { trainingSessions } = h.s;
  return h.orm
    .select()
    .from(trainingSessions)
    .where(eq(trainingSessions.classId, classId))
    .orderBy(asc(trainingSessions.startsAt), asc(trainingSessions.id));
}

export async function sessionOf(h: Handle, classId: number, sessionId: number) {
  const { trainingSessions } = h.s;
  const [row] = await h.orm
    .select()
    .from(trainingSessions)
    .where(and(eq(trainingSessions.id, sessionId), eq(trainingSessions.classId, classId)))
    .limit(1);
  return row;
}

/** A session's new times. */
export async function setSessionTimes(t: Tx, sessionId: number, times: { startsAt: string; endsAt: string }) {
  await t.orm.update(t.s.trainingSessions).set(times).where(eq(t.s.trainingSessions.id, sessionId));
}

export function sessionByToken(h: Handle, token: string) {
  return rowBy(h, h.s.trainingSessions, 'checkInToken', token);
}

/** The session's place in its class: 1 for the first (by start, then id). */
export async function sessionNumber(h: Handle, s: { id: number; classId: number; startsAt: string }): Promise<number> {
  const row = await h.get<{ n: number }>(
    sql`select count(*) as n from training_sessions
         where class_id = ${s.classId} and (starts_at < ${s.startsAt} or (starts_at = ${s.startsAt} and id <= ${s.id}))`,
  );
  return Number(row?.n ?? 0);
}

/** The organisation's and the trade's names of a class. */
export async function classLabels(h: Handle, orgId: number, tradeId: number) {
  const { organisations, trades } = h.s;
  const [org] = await h.orm.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).limit(1);
  const [trade] = await h.orm
    .select({ id: trades.id, name: trades.name, nameEn: trades.nameEn })
    .from(trades)
    .where(eq(trades.id, tradeId))
    .limit(1);
  return { orgName: org?.name ?? null, trade: trade ?? null };
}

export async function tradeExists(h: Handle, tradeId: number): Promise<boolean> {
  const { trades } = h.s;
  const [row] = await h.orm.select({ id: trades.id }).from(trades).where(eq(trades.id, tradeId)).limit(1);
  return !!row;
}

export interface ClassFilter {
  /** drafts too, of the organisations under this path (an organizer's subtree); else published-or-later only */
  draftsUnder: string | null;
  status?: ClassStatus;
  tradeId?: number;
  /** classes owned under this path; null: the organisation named does not exist (nothing matches) */
  ownerPath?: string | null;
  /** enrolment open at this instant */
  openAt?: string;
  q?: string;
}

/** The organisations under a path, as a subquery for `org_id in (…)`. */
function orgsUnder(h: Handle, path: string) {
  const { organisations } = h.s;
  return h.orm
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(...subtreeRange(h, path)));
}

function classCondition(h: Handle, f: ClassFilter): SQL | undefined {
  const { trainingClasses: c } = h.s;
  const conds: SQL[] = [];
  conds.push(
    f.draftsUnder ? sql`(${c.status} <> 'draft' or ${inArray(c.orgId, orgsUnder(h, f.draftsUnder))})` : sql`${c.status} <> 'draft'`,
  );
  if (f.status) conds.push(eq(c.status, f.status));
  if (f.tradeId) conds.push(eq(c.tradeId, f.tradeId));
  if (f.ownerPath !== undefined) conds.push(f.ownerPath ? inArray(c.orgId, orgsUnder(h, f.ownerPath)) : sql`1 = 0`);
  if (f.openAt) conds.push(sql`${c.enrolOpensAt} <= ${f.openAt} and ${c.enrolClosesAt} > ${f.openAt} and ${c.status} = 'published'`);
  const term = f.q?.trim();
  if (term) conds.push(contains(h, c.title, term));
  return and(...conds);
}

/** One page of classes, newest first, with their organisation's and trade's names, and how many match. */
export async function listClasses(h: Handle, f: ClassFilter, limit: number, offset: number) {
  const { trainingClasses, organisations, trades } = h.s;
  const where = classCondition(h, f);
  const [count] = await h.orm
    .select({ n: sql<number>`count(*)` })
    .from(trainingClasses)
    .where(where);
  const rows = await h.orm
    .select({ c: trainingClasses, orgName: organisations.name, tradeName: trades.name, tradeNameEn: trades.nameEn })
    .from(trainingClasses)
    .leftJoin(organisations, eq(organisations.id, trainingClasses.orgId))
    .leftJoin(trades, eq(trades.id, trainingClasses.tradeId))
    .where(where)
    .orderBy(desc(trainingClasses.firstSessionAt), desc(trainingClasses.id))
    .limit(limit)
    .offset(offset);
  return { total: Number(count?.n ?? 0), rows };
}

/** What enrolment needs of the worker's profile. */
export function enrolmentProfile(h: Handle, workerId: number) {
  return h.get<{ idNumber: string | null; employerOrgId: number | null; tradeId: number | null }>(
    sql`select id_number as "idNumber", employer_org_id as "employerOrgId", trade_id as "tradeId" from worker_profiles where user_id = ${workerId}`,
  );
}

/** The worker's enrolment in the class that is enrolled or waitlisted, if any. */
export async function liveEnrolment(h: Handle, classId: number, workerId: number) {
  const { enrolments } = h.s;
  const [row] = await h.orm
    .select({ id: enrolments.id, status: enrolments.status })
    .from(enrolments)
    .where(and(eq(enrolments.classId, classId), eq(enrolments.workerId, workerId), inArray(enrolments.status, ['enrolled', 'waitlisted'])))
    .limit(1);
  return row;
}

/** Takes a seat if one is free and nobody waits; true when it did. */
export async function takeSeat(t: Tx, classId: number): Promise<boolean> {
  const n = await t.run(
    sql`update training_classes set taken = taken + 1 where id = ${classId} and taken < capacity and waitlisted_count = 0`,
  );
  return n === 1;
}

/** Puts one more on the waiting list; their place number (the class's waitlist_seq). */
export async function joinWaitlist(t: Tx, classId: number): Promise<number> {
  const row = await t.get<{ s: number }>(
    sql`update training_classes set waitlist_seq = waitlist_seq + 1, waitlisted_count = waitlisted_count + 1 where id = ${classId}
        returning waitlist_seq as s`,
  );
  return row!.s;
}

export async function insertEnrolment(
  t: Tx,
  v: { classId: number; workerId: number; status: 'enrolled' | 'waitlisted'; waitlistSeq: number | null },
) {
  const [row] = await t.orm.insert(t.s.enrolments).values(v).returning();
  return row!;
}

/** A waiting enrolment's position: how many of the class wait with a place number up to theirs. */
export async function waitlistPosition(h: Handle, classId: number, seq: number): Promise<number> {
  const row = await h.get<{ n: number }>(
    sql`select count(*) as n from enrolments where class_id = ${classId} and status = 'waitlisted' and waitlist_seq <= ${seq}`,
  );
  return Number(row?.n ?? 0);
}

export function enrolmentById(h: Handle, id: number) {
  return rowBy(h, h.s.enrolments, 'id', id);
}

export async function firstWaiting(h: Handle, classId: number) {
  const { enrolments } = h.s;
  const [row] = await h.orm
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.classId, classId), eq(enrolments.status, 'waitlisted')))
    .orderBy(asc(enrolments.waitlistSeq))
    .limit(1);
  return row;
}

export async function setEnrolmentStatus(t: Tx, id: number, status: 'enrolled' | 'cancelled', at: string): Promise<void> {
  await t.run(sql`update enrolments set status = ${status}, waitlist_seq = null, updated_at = ${at} where id = ${id}`);
}

/** Moves the class's counters: seats taken and people waiting (each by a signed step). */
export async function moveCounters(t: Tx, classId: number, delta: { taken?: number; waiting?: number }, at: string): Promise<void> {
  await t.run(
    sql`update training_classes set taken = taken + ${delta.taken ?? 0}, waitlisted_count = waitlisted_count + ${delta.waiting ?? 0},
               updated_at = ${at} where id = ${classId}`,
  );
}

/** A worker's enrolments with their classes and trade names, newest first. */
export function enrolmentsOfWorker(h: Handle, workerId: number) {
  const { enrolments, trainingClasses, trades } = h.s;
  return h.orm
    .select({ e: enrolments, c: trainingClasses, tradeName: trades.name })
    .from(enrolments)
    .innerJoin(trainingClasses, eq(trainingClasses.id, enrolments.classId))
    .innerJoin(trades, eq(trades.id, trainingClasses.tradeId))
    .where(eq(enrolments.workerId, workerId))
    .orderBy(desc(enrolments.id));
}

export function sessionsOfClasses(h: Handle, classIds: number[]) {
  const { trainingSessions } = h.s;
  if (!classIds.length) return Promise.resolve([] as SessionRow[]);
  return h.orm.select().from(trainingSessions).where(inArray(trainingSessions.classId, classIds)).orderBy(asc(trainingSessions.startsAt));
}

/** Every enrolment of a class with the worker's name. */
export function classRoster(h: Handle, classId: number) {
  const { enrolments, users } = h.s;
  return h.orm
    .select({
      id: enrolments.id,
      workerId: enrolments.workerId,
      name: users.name,
      status: enrolments.status,
      waitlistSeq: enrolments.waitlistSeq,
      completed: enrolments.completed,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.workerId))
    .where(eq(enrolments.classId, classId))
    .orderBy(asc(enrolments.id));
}

/** The enrolled (not waiting, not cancelled) enrolments of a class with name and current level. */
export function enrolledOf(h: Handle, classId: number) {
  const { enrolments, users, workerProfiles } = h.s;
  return h.orm
    .select({
      id: enrolments.id,
      workerId: enrolments.workerId,
      name: users.name,
      completed: enrolments.completed,
      level: workerProfiles.skillLevel,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.workerId))
    .leftJoin(workerProfiles, eq(workerProfiles.userId, enrolments.workerId))
    .where(and(eq(enrolments.classId, classId), eq(enrolments.status, 'enrolled')))
    .orderBy(asc(enrolments.id));
}

/** The worker's enrolled enrolment in the class, if any. */
export async function enrolledEnrolment(h: Handle, classId: number, workerId: number) {
  const { enrolments } = h.s;
  const [row] = await h.orm
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.classId, classId), eq(enrolments.workerId, workerId), eq(enrolments.status, 'enrolled')))
    .limit(1);
  return row;
}

export function sessionAttendance(h: Handle, sessionId: number) {
  const { attendance } = h.s;
  return h.orm
    .select({ enrolmentId: attendance.enrolmentId, status: attendance.status })
    .from(attendance)
    .where(eq(attendance.sessionId, sessionId))
    .orderBy(asc(attendance.enrolmentId));
}

export async function attendanceOf(h: Handle, sessionId: number, enrolmentId: number): Promise<AttendanceStatus | null> {
  const { attendance } = h.s;
  const [row] = await h.orm
    .select({ status: attendance.status })
    .from(attendance)
    .where(and(eq(attendance.sessionId, sessionId), eq(attendance.enrolmentId, enrolmentId)))
    .limit(1);
  return row?.status ?? null;
}

/** Every attendance mark of the enrolments. */
export function attendanceOfEnrolments(h: Handle, enrolmentIds: number[]) {
  const { attendance } = h.s;
  if (!enrolmentIds.length) return Promise.resolve([]);
  return h.orm.select().from(attendance).where(inArray(attendance.enrolmentId, enrolmentIds));
}

export async function upsertAttendance(t: Tx, sessionId: number, rows: { enrolmentId: number; status: AttendanceStatus }[], at: string) {
  const { attendance } = t.s;
  for (const r of rows) {
    await t.orm
      .insert(attendance)
      .values({ sessionId, enrolmentId: r.enrolmentId, status: r.status })
      .onConflictDoUpdate({ target: [attendance.sessionId, attendance.enrolmentId], set: { status: r.status, updatedAt: at } });
  }
}

export function examScoresOf(h: Handle, enrolmentIds: number[]) {
  const { examScores } = h.s;
  if (!enrolmentIds.length) return Promise.resolve([]);
  return h.orm.select().from(examScores).where(inArray(examScores.enrolmentId, enrolmentIds));
}

export async function upsertExamScores(t: Tx, rows: { enrolmentId: number; theory: number; practical: number }[], at: string) {
  const { examScores } = t.s;
  for (const r of rows) {
    await t.orm
      .insert(examScores)
      .values(r)
      .onConflictDoUpdate({ target: examScores.enrolmentId, set: { theory: r.theory, practical: r.practical, updatedAt: at } });
  }
}

export async function setCompleted(t: Tx, enrolmentId: number, completed: boolean, at: string): Promise<void> {
  await t.run(sql`update enrolments set completed = ${completed}, updated_at = ${at} where id = ${enrolmentId}`);
}

export async function markClassCompleted(t: Tx, classId: number, at: string): Promise<void> {
  await t.run(sql`update training_classes set status = 'completed', completed_at = ${at}, updated_at = ${at} where id = ${classId}`);
}
