/**
 * Seat quotas and nominations (services/nominations.ts). Every write here runs inside a transaction locked on the event.
 */
import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';
import { subtreeRange } from './organisations';

/** An event's quotas with each union's name and path, by path (the union tree's order). */
export async function quotasOf(h: Handle, eventId: number) {
  const { eventQuotas, organisations } = h.s;
  return h.orm
    .select({
      orgId: eventQuotas.orgId,
      orgName: organisations.name,
      path: organisations.path,
      seats: eventQuotas.seats,
      used: eventQuotas.used,
    })
    .from(eventQuotas)
    .innerJoin(organisations, eq(organisations.id, eventQuotas.orgId))
    .where(eq(eventQuotas.eventId, eventId))
    .orderBy(asc(organisations.path));
}

export type QuotaRow = Awaited<ReturnType<typeof quotasOf>>[number];

/** Organisations by id with their paths and kinds (the quota holders a PUT names). */
export async function orgsByIds(h: Handle, ids: readonly number[]) {
  const { organisations } = h.s;
  if (!ids.length) return [];
  return h.orm
    .select({ id: organisations.id, name: organisations.name, path: organisations.path, kind: organisations.kind })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]));
}

/**
 * Makes the event's quotas exactly `quotas`: seats set for the unions listed (their `used` kept), the others removed.
 * A removed union's nominations keep their seats; they just no longer count against a quota.
 */
export async function replaceQuotas(t: Tx, eventId: number, quotas: readonly { orgId: number; seats: number }[], now: string) {
  const { eventQuotas } = t.s;
  const keep = quotas.map((q) => q.orgId);
  await t.orm
    .delete(eventQuotas)
    .where(keep.length ? and(eq(eventQuotas.eventId, eventId), notInArray(eventQuotas.orgId, keep)) : eq(eventQuotas.eventId, eventId));
  for (const q of quotas) {
    await t.orm
      .insert(eventQuotas)
      .values({ eventId, orgId: q.orgId, seats: q.seats, used: 0, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [eventQuotas.eventId, eventQuotas.orgId], set: { seats: q.seats, updatedAt: now } });
  }
}

/** A quota's `used` moves with its nominations' seats (+1 taken, −1 given back). */
export async function useQuota(t: Tx, eventId: number, orgId: number, delta: 1 | -1) {
  await t.run(sql`update event_quotas set used = used + ${delta} where event_id = ${eventId} and org_id = ${orgId}`);
}

/** events.quota_reserved := Σ max(0, seats − used) of its quotas (domain reservedSeats, summed by the database). */
export async function refreshReserved(t: Tx, eventId: number) {
  await t.run(sql`
    update events set quota_reserved = (
      select coalesce(sum(case when seats > used then seats - used else 0 end), 0) from event_quotas where event_id = ${eventId})
     where id = ${eventId}`);
}

/** A nominated seat: taken while the event has one (capacity is never exceeded; the quota was checked under the lock). */
export async function takeNominatedSeat(t: Tx, eventId: number, confirmed: boolean, now: string): Promise<boolean> {
  const changed = await t.run(sql`
    update events set taken = taken + 1, confirmed_count = confirmed_count + ${confirmed ? 1 : 0}, updated_at = ${now}
     where id = ${eventId} and taken < capacity`);
  return changed === 1;
}

/** What nominating reads about each worker: account, roles, employer (or account organisation) and its path. */
export async function nomineesByIds(h: Handle, ids: readonly number[]) {
  const { users, workerProfiles, organisations } = h.s;
  if (!ids.length) return [];
  return h.orm
    .select({
      id: users.id,
      roles: users.roles,
      disabled: users.disabled,
      orgId: sql<number | null>`coalesce(${workerProfiles.employerOrgId}, ${users.orgId})`,
      path: organisations.path,
    })
    .from(users)
    .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, sql`coalesce(${workerProfiles.employerOrgId}, ${users.orgId})`))
    .where(inArray(users.id, [...ids]));
}

/** The workers among `ids` with a live registration in the event. */
export async function liveRegistrants(h: Handle, eventId: number, ids: readonly number[]): Promise<Set<number>> {
  const { registrations } = h.s;
  if (!ids.length) return new Set();
  const rows = await h.orm
    .select({ workerId: registrations.workerId })
    .from(registrations)
    .where(
      and(
        eq(registrations.eventId, eventId),
        inArray(registrations.workerId, [...ids]),
        inArray(registrations.status, ['pending', 'confirmed', 'waitlisted']),
      ),
    );
  return new Set(rows.map((r) => r.workerId));
}

/** For the worker's list: each nominated registration's union — the quota's, else the nominator's organisation. */
export async function nominationUnions(h: Handle, registrationIds: readonly number[]) {
  if (!registrationIds.length) return new Map<number, { orgId: number | null; orgName: string | null }>();
  const rows = await h.all<{ id: number; orgId: number | null; orgName: string | null }>(sql`
    select r.id as "id", o.id as "orgId", o.name as "orgName"
      from registrations r left join users u on u.id = r.nominated_by
      left join organisations o on o.id = coalesce(r.quota_org_id, u.org_id)
     where r.id in (${sql.join(
       registrationIds.map((id) => sql`${id}`),
       sql`, `,
     )})`);
  return new Map(rows.map((r) => [r.id, { orgId: r.orgId, orgName: r.orgName }]));
}

/** Quotas held by unions in a subtree (path prefix), in published contests, newest registration window first. */
export async function quotasInSubtree(h: Handle, prefix: string, limit: number) {
  const { eventQuotas, organisations, events, contests, trades } = h.s;
  return h.orm
    .select({
      eventId: eventQuotas.eventId,
      orgId: eventQuotas.orgId,
      orgName: organisations.name,
      seats: eventQuotas.seats,
      used: eventQuotas.used,
      contestId: contests.id,
      contestTitle: contests.title,
      registrationOpensAt: contests.registrationOpensAt,
      registrationClosesAt: contests.registrationClosesAt,
      tradeName: trades.name,
      tradeNameEn: trades.nameEn,
    })
    .from(eventQuotas)
    .innerJoin(organisations, eq(organisations.id, eventQuotas.orgId))
    .innerJoin(events, eq(events.id, eventQuotas.eventId))
    .innerJoin(contests, eq(contests.id, events.contestId))
    .innerJoin(trades, eq(trades.id, events.tradeId))
    .where(and(eq(contests.status, 'published'), ...subtreeRange(h, prefix)))
    .orderBy(desc(contests.registrationClosesAt), asc(eventQuotas.eventId), asc(organisations.path))
    .limit(limit);
}
