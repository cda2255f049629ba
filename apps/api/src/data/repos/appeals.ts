/** Appeals (申诉) and the withdrawal of an event's published results when one is upheld. */
import type { AppealStatus } from '@gongjiang/domain';
import { sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';

export interface AppealRow {
  id: number;
  eventId: number;
  registrationId: number;
  workerId: number;
  reason: string;
  status: AppealStatus;
  publishedAt: string;
  decisionReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

const COLUMNS = sql`a.id, a.event_id as "eventId", a.registration_id as "registrationId", a.worker_id as "workerId", a.reason, a.status,
  a.published_at as "publishedAt", a.decision_reason as "decisionReason", a.decided_at as "decidedAt", a.created_at as "createdAt"`;

export function appealById(h: Handle, id: number): Promise<AppealRow | undefined> {
  return h.get<AppealRow>(sql`select ${COLUMNS} from appeals a where a.id = ${id}`);
}

/** The event's appeals with each contestant's blind number: open ones first, newest first within each. */
export function appealsOfEvent(h: Handle, eventId: number) {
  return h.all<AppealRow & { bib: string | null }>(
    sql`select ${COLUMNS}, r.bib from appeals a join registrations r on r.id = a.registration_id
         where a.event_id = ${eventId} order by case when a.status = 'open' then 0 else 1 end, a.id desc`,
  );
}

/** The latest appeal of each of the worker's registrations. */
export function latestAppealsOfWorker(h: Handle, workerId: number) {
  return h.all<AppealRow>(
    sql`select ${COLUMNS} from appeals a
         where a.worker_id = ${workerId} and a.id = (select max(b.id) from appeals b where b.registration_id = a.registration_id)`,
  );
}

export async function hasOpenAppeal(h: Handle, registrationId: number): Promise<boolean> {
  return !!(await h.get(sql`select 1 as "x" from appeals where registration_id = ${registrationId} and status = 'open'`));
}

/** The registration has a row in its event's frozen results. */
export async function hasResult(h: Handle, registrationId: number): Promise<boolean> {
  return !!(await h.get(sql`select 1 as "x" from results where registration_id = ${registrationId}`));
}

export async function insertAppeal(
  t: Tx,
  v: { eventId: number; registrationId: number; workerId: number; reason: string; publishedAt: string; at: string },
): Promise<number> {
  const row = await t.get<{ id: number }>(
    sql`insert into appeals (event_id, registration_id, worker_id, reason, status, published_at, created_at, updated_at)
        values (${v.eventId}, ${v.registrationId}, ${v.workerId}, ${v.reason}, 'open', ${v.publishedAt}, ${v.at}, ${v.at}) returning id`,
  );
  return row!.id;
}

export async function setAppealDecision(
  t: Tx,
  id: number,
  v: { status: Exclude<AppealStatus, 'open'>; reason: string; by: number; at: string },
): Promise<void> {
  await t.run(
    sql`update appeals set status = ${v.status}, decision_reason = ${v.reason}, decided_by = ${v.by}, decided_at = ${v.at}, updated_at = ${v.at}
         where id = ${id}`,
  );
}

/**
 * Withdraws an event's published results: the frozen rows go (publishing anew freezes them again, from the marks as they
 * then are), the event is unpublished and says when. Returns the rows withdrawn (for the audit record).
 */
export async function withdrawResults(t: Tx, eventId: number, at: string) {
  const rows = await t.all<{ registrationId: number; rank: number; total: number }>(
    sql`select registration_id as "registrationId", rank, total from results where event_id = ${eventId} order by rank, registration_id`,
  );
  await t.run(sql`delete from results where event_id = ${eventId}`);
  await t.run(sql`update events set results_published_at = null, results_withdrawn_at = ${at}, updated_at = ${at} where id = ${eventId}`);
  return rows;
}
