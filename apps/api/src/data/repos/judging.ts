/**
 * An event's judging: its criteria, contestants (confirmed, with a blind number), judges and their marks. Shared by
 * judging and results (services/judging.ts, services/results.ts). The reads on the scoring and results hot paths are
 * raw SQL (prepared once per connection on SQLite).
 */
import type { Aggregation, CriterionKind } from '@gongjiang/domain';
import { sql } from 'drizzle-orm';
import { jsonValue, type Handle, type Tx } from '../database';
import { jsonArrayAgg } from '../dialect';

export interface EventInfo {
  id: number;
  contestId: number;
  orgId: number;
  contestStatus: string;
  contestTitle: string;
  tradeId: number;
  tradeName: string;
  tradeNameEn: string | null;
  theoryWeight: number;
  practicalWeight: number;
  aggregation: Aggregation;
  passMark: number;
  /** events.awards as stored, or null when absent or unreadable (the domain's default applies) */
  awards: unknown;
  resultsPublishedAt: string | null;
  /** the contest's times: the draw, marks and publication wait for them (domain timing) */
  registrationClosesAt: string;
  startsAt: string;
  endsAt: string;
  /** when an upheld appeal last withdrew the published results */
  resultsWithdrawnAt: string | null;
  appealHours: number;
}

export interface Criterion {
  id: number;
  name: string;
  maxScore: number;
  kind: CriterionKind;
}

export interface Contestant {
  registrationId: number;
  bib: string;
  workerId: number;
  employerOrgId: number | null;
}

export interface Assignment {
  id: number;
  judgeId: number;
  chief: boolean;
  submittedAt: string | null;
  /** the judge's employer (users.org_id): the conflict-of-interest key */
  orgId: number | null;
}

/** A JSON column read through raw SQL that may hold anything (events.awards): null when it does not parse. */
function lenientJson(v: unknown): unknown {
  try {
    return jsonValue(v);
  } catch {
    return null;
  }
}

/** The event with its contest and trade, or undefined. */
export async function eventInfo(h: Handle, eventId: number): Promise<EventInfo | undefined> {
  const row = await h.get<EventInfo>(
    sql`select e.id, e.contest_id as "contestId", c.org_id as "orgId", c.status as "contestStatus", c.title as "contestTitle",
               e.trade_id as "tradeId", t.name as "tradeName", t.name_en as "tradeNameEn", e.theory_weight as "theoryWeight",
               e.practical_weight as "practicalWeight", e.aggregation, e.pass_mark as "passMark", e.awards,
               e.results_published_at as "resultsPublishedAt", c.registration_closes_at as "registrationClosesAt",
               c.starts_at as "startsAt", c.ends_at as "endsAt", e.results_withdrawn_at as "resultsWithdrawnAt",
               e.appeal_hours as "appealHours"
          from events e join contests c on c.id = e.contest_id join trades t on t.id = e.trade_id where e.id = ${eventId}`,
  );
  return row && { ...row, awards: lenientJson(row.awards) };
}

export function criteria(h: Handle, eventId: number): Promise<Criterion[]> {
  return h.all<Criterion>(
    sql`select id, name, max_score as "maxScore", kind from criteria where event_id = ${eventId} order by position, id`,
  );
}

/** Confirmed registrations that have a blind number, in blind-number order. */
export function contestants(h: Handle, eventId: number): Promise<Contestant[]> {
  return h.all<Contestant>(
    sql`select r.id as "registrationId", r.bib, r.worker_id as "workerId", wp.employer_org_id as "employerOrgId"
          from registrations r left join worker_profiles wp on wp.user_id = r.worker_id
         where r.event_id = ${eventId} and r.status = 'confirmed' and r.bib is not null order by length(r.bib), r.bib`,
  );
}

/** One confirmed contestant by blind number (already normalised). */
export function contestantByBib(h: Handle, eventId: number, bib: string) {
  return h.get<{ id: number; employerOrgId: number | null }>(
    sql`select r.id, wp.employer_org_id as "employerOrgId" from registrations r left join worker_profiles wp on wp.user_id = r.worker_id
         where r.event_id = ${eventId} and r.bib = ${bib} and r.status = 'confirmed'`,
  );
}

/** Contestants' names and employers by registration id — for organizers' eyes only, never a judge's. */
export async function contestantNames(h: Handle, eventId: number): Promise<Map<number, { name: string; employer: string | null }>> {
  const rows = await h.all<{ id: number; name: string; employer: string | null }>(
    sql`select r.id, u.name, o.name as employer from registrations r join users u on u.id = r.worker_id
          left join worker_profiles wp on wp.user_id = r.worker_id left join organisations o on o.id = wp.employer_org_id
         where r.event_id = ${eventId} and r.status = 'confirmed'`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

export async function criterionOf(h: Handle, eventId: number, criterionId: number): Promise<Criterion | undefined> {
  return h.get<Criterion>(
    sql`select id, name, kind, max_score as "maxScore" from criteria where id = ${criterionId} and event_id = ${eventId}`,
  );
}

type AssignmentRow = Omit<Assignment, 'chief'> & { chief: boolean | number };
const assignmentOf = <T extends AssignmentRow>(a: T) => ({ ...a, chief: !!a.chief });

export async function assignment(h: Handle, eventId: number, judgeId: number): Promise<Assignment | undefined> {
  const a = await h.get<AssignmentRow>(
    sql`select ja.id, ja.judge_id as "judgeId", ja.chief, ja.submitted_at as "submittedAt", u.org_id as "orgId"
          from judge_assignments ja join users u on u.id = ja.judge_id where ja.event_id = ${eventId} and ja.judge_id = ${judgeId}`,
  );
  return a && assignmentOf(a);
}

/** The panel, chief first, with names and employers. */
export async function assignments(h: Handle, eventId: number) {
  const rows = await h.all<AssignmentRow & { name: string; employer: string | null }>(
    sql`select ja.id, ja.judge_id as "judgeId", ja.chief, ja.submitted_at as "submittedAt", u.org_id as "orgId", u.name, o.name as employer
          from judge_assignments ja join users u on u.id = ja.judge_id left join organisations o on o.id = u.org_id
         where ja.event_id = ${eventId} order by ja.chief desc, ja.id`,
  );
  return rows.map(assignmentOf);
}

export function chiefAssignment(h: Handle, eventId: number) {
  return h.get<{ id: number; judgeId: number }>(
    sql`select id, judge_id as "judgeId" from judge_assignments where event_id = ${eventId} and chief = ${true}`,
  );
}

export async function insertAssignment(t: Tx, v: { eventId: number; judgeId: number; chief: boolean }): Promise<number> {
  const { judgeAssignments } = t.s;
  const [row] = await t.orm.insert(judgeAssignments).values(v).returning({ id: judgeAssignments.id });
  return row!.id;
}

export async function setChief(t: Tx, assignmentId: number, chief: boolean, at: string): Promise<void> {
  await t.run(sql`update judge_assignments set chief = ${chief}, updated_at = ${at} where id = ${assignmentId}`);
}

/** Locks (a time) or unlocks (null) a judge's sheet. */
export async function setSubmitted(t: Tx, assignmentId: number, submittedAt: string | null, at: string): Promise<void> {
  await t.run(sql`update judge_assignments set submitted_at = ${submittedAt}, updated_at = ${at} where id = ${assignmentId}`);
}

/** An enabled account with its organisation's name; roles parsed. */
export async function activeUser(h: Handle, userId: number) {
  const u = await h.get<{ id: number; name: string; roles: unknown; orgId: number | null; employer: string | null }>(
    sql`select u.id, u.name, u.roles, u.org_id as "orgId", o.name as employer
          from users u left join organisations o on o.id = u.org_id where u.id = ${userId} and u.disabled = ${false}`,
  );
  return u && { ...u, roles: jsonValue<string[]>(u.roles) ?? [] };
}

/** A judge's assignments on contests that are not cancelled, newest contest first. */
export async function judgeEvents(h: Handle, judgeId: number) {
  const rows = await h.all<{
    eventId: number;
    chief: boolean | number;
    submittedAt: string | null;
    contestId: number;
    contestTitle: string;
    startsAt: string;
    endsAt: string;
    tradeId: number;
    tradeName: string;
    tradeNameEn: string | null;
    resultsPublishedAt: string | null;
  }>(
    sql`select ja.event_id as "eventId", ja.chief, ja.submitted_at as "submittedAt", c.id as "contestId", c.title as "contestTitle",
               c.starts_at as "startsAt", c.ends_at as "endsAt", t.id as "tradeId", t.name as "tradeName", t.name_en as "tradeNameEn",
               e.results_published_at as "resultsPublishedAt"
          from judge_assignments ja join events e on e.id = ja.event_id join contests c on c.id = e.contest_id
          join trades t on t.id = e.trade_id
         where ja.judge_id = ${judgeId} and c.status <> 'cancelled' order by c.starts_at desc, ja.event_id desc`,
  );
  return rows.map((r) => ({ ...r, chief: !!r.chief }));
}

/** An event's marks column-wise in typed arrays: the i-th mark is (registrationIds[i], judgeIds[i], criterionIds[i], scores[i]). */
export interface EventMarks {
  registrationIds: Float64Array;
  judgeIds: Float64Array;
  criterionIds: Float64Array;
  scores: Float64Array;
}

/**
 * Every mark of the event, column-wise, for the results and the panel's progress (1,000 × 7 × 10 marks: see BENCHMARKS.md).
 * - A row per judge of three JSON arrays instead of 70,000 row objects: building a row object costs ~1 µs, parsing a
 *   number array is native — and seven arrays of 10,000 numbers parse in a fraction of the time one of 70,000 takes.
 * - scores_event_judge_idx covers (event, judge, registration, criterion, score), already in judge order: the marks come
 *   off the index alone, without a table lookup per mark and without a sort for the grouping.
 * - The parsed arrays are copied into typed arrays (a native copy; pushing into one JS array costs more than the parse).
 * SQLite writes REALs into JSON with round-trip precision since 3.44, so the scores are read exactly.
 */
export async function eventMarks(h: Handle, eventId: number): Promise<EventMarks> {
  const agg = (column: string) => jsonArrayAgg(h, sql.identifier(column));
  const rows = await h.all<{ j: number; r: unknown; k: unknown; v: unknown }>(
    sql`select judge_id as j, ${agg('registration_id')} as r, ${agg('criterion_id')} as k, ${agg('score')} as v
          from scores where event_id = ${eventId} group by judge_id`,
  );
  const list = (v: unknown) => jsonValue<number[]>(v) ?? [];
  const parts = rows.map((row) => ({ judgeId: Number(row.j), r: list(row.r), k: list(row.k), v: list(row.v) }));
  const total = parts.reduce((n, p) => n + p.r.length, 0);
  const marks: EventMarks = {
    registrationIds: new Float64Array(total),
    judgeIds: new Float64Array(total),
    criterionIds: new Float64Array(total),
    scores: new Float64Array(total),
  };
  let at = 0;
  for (const p of parts) {
    marks.registrationIds.set(p.r, at);
    marks.judgeIds.fill(p.judgeId, at, at + p.r.length);
    marks.criterionIds.set(p.k, at);
    marks.scores.set(p.v, at);
    at += p.r.length;
  }
  return marks;
}

/** One judge's marks on an event. */
export function judgeMarks(h: Handle, eventId: number, judgeId: number) {
  return h.all<{ registrationId: number; criterionId: number; score: number }>(
    sql`select registration_id as "registrationId", criterion_id as "criterionId", score from scores
         where event_id = ${eventId} and judge_id = ${judgeId}`,
  );
}

/** One cell of a judge's sheet. */
export function scoreCell(h: Handle, registrationId: number, judgeId: number, criterionId: number) {
  return h.get<{ id: number; score: number; updatedAt: string }>(
    sql`select id, score, updated_at as "updatedAt" from scores
         where registration_id = ${registrationId} and judge_id = ${judgeId} and criterion_id = ${criterionId}`,
  );
}

/** Writes a cell (a resend overwrites it); the id of the cell. */
export async function upsertScore(
  t: Tx,
  v: { eventId: number; registrationId: number; judgeId: number; criterionId: number; score: number; at: string },
): Promise<number> {
  const row = await t.get<{ id: number }>(
    sql`insert into scores (event_id, registration_id, judge_id, criterion_id, score, created_at, updated_at)
        values (${v.eventId}, ${v.registrationId}, ${v.judgeId}, ${v.criterionId}, ${v.score}, ${v.at}, ${v.at})
        on conflict (registration_id, judge_id, criterion_id) do update set score = excluded.score, updated_at = excluded.updated_at
        returning id`,
  );
  return row!.id;
}

export async function deleteScore(t: Tx, id: number): Promise<void> {
  await t.run(sql`delete from scores where id = ${id}`);
}
