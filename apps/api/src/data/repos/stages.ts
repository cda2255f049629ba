/** Stages (预赛 → 决赛): a final's preliminaries, their published ranks, and the finalists an advance registers. */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';

export interface QualificationRow {
  fromEventId: number;
  topN: number | null;
  topPercent: number | null;
}

/** A final's preliminaries in the order the organizer listed them (none: the event is no final). */
export async function qualificationsOf(h: Handle, finalEventIds: readonly number[]) {
  if (!finalEventIds.length) return [];
  const { eventQualifications: q } = h.s;
  return h.orm
    .select({ finalEventId: q.finalEventId, fromEventId: q.fromEventId, topN: q.topN, topPercent: q.topPercent })
    .from(q)
    .where(inArray(q.finalEventId, [...finalEventIds]))
    .orderBy(asc(q.finalEventId), asc(q.position));
}

/** Replaces a final's list of preliminaries (inside the transaction that holds the final event's lock). */
export async function replaceQualifications(t: Tx, finalEventId: number, rows: readonly QualificationRow[], now: string) {
  const { eventQualifications: q } = t.s;
  await t.orm.delete(q).where(eq(q.finalEventId, finalEventId));
  if (rows.length)
    await t.orm.insert(q).values(
      rows.map((r, position) => ({
        finalEventId,
        fromEventId: r.fromEventId,
        position,
        topN: r.topN,
        topPercent: r.topPercent,
        createdAt: now,
        updatedAt: now,
      })),
    );
}

/** Events by id with what the stage pages name them by: contest, owner, trade, whether results are published. */
export async function eventLabels(h: Handle, eventIds: readonly number[]) {
  if (!eventIds.length) return [];
  const { events, contests, trades } = h.s;
  return h.orm
    .select({
      eventId: events.id,
      contestId: contests.id,
      contestTitle: contests.title,
      orgId: contests.orgId,
      trade: trades.name,
      resultsPublishedAt: events.resultsPublishedAt,
    })
    .from(events)
    .innerJoin(contests, eq(contests.id, events.contestId))
    .leftJoin(trades, eq(trades.id, events.tradeId))
    .where(inArray(events.id, [...eventIds]));
}

/** A preliminary's published ranks (the frozen results), best first. */
export function publishedRanks(h: Handle, eventId: number) {
  return h.all<{ workerId: number; rank: number }>(
    sql`select res.worker_id as "workerId", res.rank from results res join events e on e.id = res.event_id
         where res.event_id = ${eventId} and e.results_published_at is not null order by res.rank, res.id`,
  );
}

/** Every registration of the final, whatever its status: who holds one already, and who advanced before. */
export function registrationsOfFinal(h: Handle, finalEventId: number) {
  return h.all<{ id: number; workerId: number; status: string; qualifiedFromEventId: number | null }>(
    sql`select id, worker_id as "workerId", status, qualified_from_event_id as "qualifiedFromEventId"
          from registrations where event_id = ${finalEventId}`,
  );
}

/**
 * A qualifier's seat: confirmed, beyond capacity if need be (capacity grows to hold it), so self-registration can never
 * take it. `fromWaitlist` when the worker's own registration leaves the waiting list for it.
 */
export async function takeQualifierSeat(t: Tx, eventId: number, opts: { newSeat: boolean; fromWaitlist: boolean }, now: string) {
  const taken = opts.newSeat ? 1 : 0;
  await t.run(sql`
    update events set taken = taken + ${taken}, confirmed_count = confirmed_count + 1,
           waitlisted_count = waitlisted_count - ${opts.fromWaitlist ? 1 : 0},
           capacity = case when taken + ${taken} > capacity then taken + ${taken} else capacity end, updated_at = ${now}
     where id = ${eventId}`);
}
