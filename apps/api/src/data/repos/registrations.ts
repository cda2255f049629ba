/**
 * Registrations and the seats of an event (domain.md § Contests; engineering-notes.md § Seats). The hot path —
 * POST /api/events/:id/registrations — is raw SQL: on SQLite each statement is prepared once and cached by its text.
 */
import { and, asc, desc, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { RegistrationStatus } from '@gongjiang/domain';
import type { Handle, Tx } from '../database';
import { contains } from '../dialect';
import { statement } from '../statement';

export type RegistrationRow = typeof import('../schema/sqlite').registrations.$inferSelect;

/** What registering reads about an event: seats, eligibility, the contest's window and owner. */
export interface EventForRegistration {
  id: number;
  capacity: number;
  taken: number;
  waitlistedCount: number;
  requiresApproval: boolean | number;
  minLevel: string | null;
  maxLevel: string | null;
  minAge: number | null;
  maxAge: number | null;
  unionMemberOnly: boolean | number;
  contestStatus: string;
  opensAt: string;
  closesAt: string;
  startsAt: string;
  orgId: number;
  drawnAt: string | null;
  /** unused quota seats, never open to self-registration */
  reserved: number;
  registrationMode: 'open' | 'nomination' | 'both';
}

const EVENT_FOR_REGISTRATION = sql`
    e.id, e.capacity, e.taken, e.waitlisted_count as "waitlistedCount", e.requires_approval as "requiresApproval",
    e.min_level as "minLevel", e.max_level as "maxLevel", e.min_age as "minAge", e.max_age as "maxAge",
    e.union_member_only as "unionMemberOnly", c.status as "contestStatus", c.registration_opens_at as "opensAt",
    c.registration_closes_at as "closesAt", c.starts_at as "startsAt", c.org_id as "orgId", e.drawn_at as "drawnAt",
    e.quota_reserved as "reserved", e.registration_mode as "registrationMode"`;

export function eventForRegistration(h: Handle, eventId: number) {
  return h.get<EventForRegistration>(
    sql`select ${EVENT_FOR_REGISTRATION} from events e join contests c on c.id = e.contest_id where e.id = ${eventId}`,
  );
}

const REGISTRATION_CHECK = statement<{ eventId: number; workerId: number }>('registration_check', (p) => sql`
    select ${EVENT_FOR_REGISTRATION},
           p.user_id as "pUser", p.id_number as "pIdNumber", p.birth_date as "pBirthDate", p.employer_org_id as "pEmployerOrgId",
           p.trade_id as "pTradeId", p.skill_level as "pSkillLevel", p.union_member as "pUnionMember",
           exists (select 1 from registrations r where r.event_id = e.id and r.worker_id = ${p.workerId}
                    and r.status in ('pending','confirmed','waitlisted')) as "live"
      from events e join contests c on c.id = e.contest_id left join worker_profiles p on p.user_id = ${p.workerId}
     where e.id = ${p.eventId}`);

/**
 * What a worker's registration is checked against, in one read (one round trip on PostgreSQL): the event as
 * eventForRegistration reads it, the worker's eligibility profile (undefined without one), and whether they already
 * hold a live registration for it. Undefined when there is no such event.
 */
export async function registrationCheck(
  h: Handle,
  eventId: number,
  workerId: number,
): Promise<{ ev: EventForRegistration; profile: EligibilityProfile | undefined; live: boolean } | undefined> {
  const row = await h.get<EventForRegistration & { pUser: number | null; live: boolean | number } & Record<`p${string}`, unknown>>(
    REGISTRATION_CHECK.with({ eventId, workerId }),
  );
  if (!row) return undefined;
  const { pUser, pIdNumber, pBirthDate, pEmployerOrgId, pTradeId, pSkillLevel, pUnionMember, live, ...ev } = row;
  const profile =
    pUser == null
      ? undefined
      : ({
          idNumber: pIdNumber,
          birthDate: pBirthDate,
          employerOrgId: pEmployerOrgId,
          tradeId: pTradeId,
          skillLevel: pSkillLevel,
          unionMember: pUnionMember,
        } as EligibilityProfile);
  return { ev: ev as EventForRegistration, profile, live: !!live };
}

export interface EligibilityProfile {
  idNumber: string | null;
  birthDate: string | null;
  employerOrgId: number | null;
  tradeId: number | null;
  skillLevel: string | null;
  unionMember: boolean | number;
}

export function eligibilityProfile(h: Handle, userId: number) {
  return h.get<EligibilityProfile>(sql`
    select id_number as "idNumber", birth_date as "birthDate", employer_org_id as "employerOrgId", trade_id as "tradeId",
           skill_level as "skillLevel", union_member as "unionMember" from worker_profiles where user_id = ${userId}`);
}

/**
 * The seat counter, taken only while an open seat is free (unused quota seats are not: quota_reserved) and nobody
 * waits — re-checked on the newest row.
 */
export async function takeSeat(t: Tx, eventId: number, confirmed: boolean, now: string): Promise<boolean> {
  return (await t.run(TAKE_SEAT.with({ eventId, confirmed: confirmed ? 1 : 0, now }))) === 1;
}
const TAKE_SEAT = statement<{ eventId: number; confirmed: number; now: string }>('take_seat', (p) => sql`
    update events set taken = taken + 1, confirmed_count = confirmed_count + ${p.confirmed}, updated_at = ${p.now}
     where id = ${p.eventId} and taken + quota_reserved < capacity and waitlisted_count = 0`);

/**
 * The newcomer joins the end of the waiting list — only while no open seat is free for them (the opposite of
 * takeSeat's condition, re-checked on the newest row): their arrival number and position, from the counters; or
 * undefined when a seat is free after all (then takeSeat is right).
 */
export async function joinWaitlist(t: Tx, eventId: number, now: string) {
  return t.get<{ seq: number; position: number }>(JOIN_WAITLIST.with({ eventId, now }));
}
const JOIN_WAITLIST = statement<{ eventId: number; now: string }>('join_waitlist', (p) => sql`
    update events set waitlist_seq = waitlist_seq + 1, waitlisted_count = waitlisted_count + 1, updated_at = ${p.now}
     where id = ${p.eventId} and not (taken + quota_reserved < capacity and waitlisted_count = 0)
    returning waitlist_seq as "seq", waitlisted_count as "position"`);

export interface NewRegistration {
  eventId: number;
  workerId: number;
  status: RegistrationStatus;
  waitlistSeq: number | null;
  ticketCode: string;
  now: string;
  /** a nomination: who nominated, and the quota it uses (null: an open seat) */
  nominatedBy?: number;
  quotaOrgId?: number | null;
}

export async function insertRegistration(t: Tx, v: NewRegistration): Promise<number> {
  const row = await t.get<{ id: number }>(
    INSERT_REGISTRATION.with({ ...v, nominatedBy: v.nominatedBy ?? null, quotaOrgId: v.quotaOrgId ?? null }),
  );
  return row!.id;
}
type RegistrationValues = Omit<NewRegistration, 'nominatedBy' | 'quotaOrgId'> & { nominatedBy: number | null; quotaOrgId: number | null };
const INSERT_REGISTRATION = statement<RegistrationValues>('insert_registration', (p) => sql`
    insert into registrations (event_id, worker_id, status, waitlist_seq, ticket_code, created_at, updated_at, nominated_by, quota_org_id)
    values (${p.eventId}, ${p.workerId}, ${p.status}, ${p.waitlistSeq}, ${p.ticketCode}, ${p.now}, ${p.now}, ${p.nominatedBy},
            ${p.quotaOrgId}) returning id`);

/**
 * PostgreSQL only (data-modifying CTEs): the newcomer joins the waiting list — under joinWaitlist's condition — and
 * their registration and its audit row are written, in ONE statement. The event row is the rush's hot row: every
 * round trip between its counter update and the commit is time it stays locked against every other registration;
 * this leaves one (the COMMIT). Undefined when a seat is free after all (then takeSeat is right).
 */
export async function joinWaitlistRegistered(
  t: Tx,
  v: { eventId: number; workerId: number; actorId: number; ticketCode: string; now: string },
): Promise<{ id: number; seq: number; position: number } | undefined> {
  return t.get(JOIN_WAITLIST_REGISTERED.with(v));
}
const JOIN_WAITLIST_REGISTERED = statement<{ eventId: number; workerId: number; actorId: number; ticketCode: string; now: string }>(
  'join_waitlist_registered',
  (p) => sql`
    with w as (
      update events set waitlist_seq = waitlist_seq + 1, waitlisted_count = waitlisted_count + 1, updated_at = ${p.now}
       where id = ${p.eventId} and not (taken + quota_reserved < capacity and waitlisted_count = 0)
      returning waitlist_seq as seq, waitlisted_count as position
    ), r as (
      insert into registrations (event_id, worker_id, status, waitlist_seq, ticket_code, created_at, updated_at)
      select ${p.eventId}, ${p.workerId}, 'waitlisted', w.seq, ${p.ticketCode}, ${p.now}, ${p.now} from w
      returning id, waitlist_seq
    ), a as (
      insert into audit_log (at, actor_id, action, entity, entity_id, event_id, after, created_at, updated_at)
      select ${p.now}, ${p.actorId}, 'registration.create', 'registration', r.id, ${p.eventId},
             jsonb_build_object('status', 'waitlisted'::text, 'eventId', ${p.eventId}::integer, 'waitlistSeq', r.waitlist_seq),
             ${p.now}, ${p.now}
        from r
    )
    select r.id as "id", w.seq as "seq", w.position as "position" from r, w`,
);

/**
 * One audit row on the hot path, written without the query builder; its event_id given, so the trigger that would
 * otherwise look it up and update the row it just wrote (audit_log_event_ai) has nothing to do.
 */
export async function insertRegistrationAudit(
  t: Tx,
  at: string,
  actorId: number,
  action: string,
  registration: { id: number; eventId: number },
  after: unknown,
) {
  await t.run(
    INSERT_REGISTRATION_AUDIT.with({ at, actorId, action, id: registration.id, eventId: registration.eventId, after: JSON.stringify(after) }),
  );
}
const INSERT_REGISTRATION_AUDIT = statement<{ at: string; actorId: number; action: string; id: number; eventId: number; after: string }>(
  'insert_registration_audit',
  (p) => sql`
    insert into audit_log (at, actor_id, action, entity, entity_id, event_id, after, created_at, updated_at)
    values (${p.at}, ${p.actorId}, ${p.action}, 'registration', ${p.id}, ${p.eventId}, ${p.after}, ${p.at}, ${p.at})`,
);

/** Waitlist position = how many on this event's list arrived up to and including this one. */
export async function waitlistPosition(h: Handle, eventId: number, seq: number): Promise<number> {
  const row = await h.get<{ n: number }>(
    sql`select count(*) as "n" from registrations where event_id = ${eventId} and status = 'waitlisted' and waitlist_seq <= ${seq}`,
  );
  return row?.n ?? 0;
}

export async function registrationById(h: Handle, id: number) {
  const { registrations } = h.s;
  const [row] = await h.orm.select().from(registrations).where(eq(registrations.id, id)).limit(1);
  return row;
}

export async function registrationByTicket(h: Handle, ticketCode: string) {
  const { registrations } = h.s;
  const [row] = await h.orm.select().from(registrations).where(eq(registrations.ticketCode, ticketCode)).limit(1);
  return row;
}

export async function updateRegistration(t: Tx, id: number, values: Partial<typeof import('../schema/sqlite').registrations.$inferInsert>) {
  const { registrations } = t.s;
  await t.orm.update(registrations).set(values).where(eq(registrations.id, id));
}

/** Adds to an event's counters (negative to take away). */
export async function adjustEventCounts(t: Tx, eventId: number, d: { taken?: number; confirmed?: number; waitlisted?: number }) {
  const { events } = t.s;
  await t.orm
    .update(events)
    .set({
      taken: sql`${events.taken} + ${d.taken ?? 0}`,
      confirmedCount: sql`${events.confirmedCount} + ${d.confirmed ?? 0}`,
      waitlistedCount: sql`${events.waitlistedCount} + ${d.waitlisted ?? 0}`,
    })
    .where(eq(events.id, eventId));
}

/** The first `limit` on an event's waiting list, in arrival order. */
export async function firstWaiting(h: Handle, eventId: number, limit: number) {
  const { registrations } = h.s;
  return h.orm
    .select({ id: registrations.id, seq: registrations.waitlistSeq })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.waitlistSeq))
    .limit(limit);
}

/** Confirmed seat holders without a blind number, in arrival order. */
export async function confirmedWithoutBib(h: Handle, eventId: number) {
  const { registrations } = h.s;
  return h.orm
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'confirmed'), sql`${registrations.bib} is null`))
    .orderBy(asc(registrations.id));
}

/** The bibs given in an event so far (to continue after the highest ever given). */
export async function bibsOf(h: Handle, eventId: number): Promise<string[]> {
  const { registrations } = h.s;
  const rows = await h.orm
    .select({ bib: registrations.bib })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), isNotNull(registrations.bib)));
  return rows.map((r) => r.bib!);
}

export async function confirmedIds(h: Handle, eventId: number): Promise<number[]> {
  const { registrations } = h.s;
  const rows = await h.orm
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'confirmed')))
    .orderBy(asc(registrations.id));
  return rows.map((r) => r.id);
}

export async function setBibs(t: Tx, bibs: readonly { registrationId: number; bib: string }[]) {
  const { registrations } = t.s;
  for (const b of bibs) await t.orm.update(registrations).set({ bib: b.bib }).where(eq(registrations.id, b.registrationId));
}

/** A worker's registrations, newest first, with event, contest and trade. */
export async function registrationsOfWorker(h: Handle, workerId: number) {
  const { registrations, events, contests, trades } = h.s;
  return h.orm
    .select({ r: registrations, e: events, c: contests, tradeName: trades.name, tradeNameEn: trades.nameEn })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .innerJoin(contests, eq(contests.id, events.contestId))
    .innerJoin(trades, eq(trades.id, events.tradeId))
    .where(eq(registrations.workerId, workerId))
    .orderBy(desc(registrations.id));
}

/** The worker's own results in events whose results are published (the frozen rows), by registration. */
export async function publishedResultsOfWorker(h: Handle, workerId: number) {
  const { results, events } = h.s;
  return h.orm
    .select({
      registrationId: results.registrationId,
      rank: results.rank,
      total: results.total,
      theory: results.theory,
      practical: results.practical,
      passed: results.passed,
      award: results.award,
    })
    .from(results)
    .innerJoin(events, eq(events.id, results.eventId))
    .where(and(eq(results.workerId, workerId), isNotNull(events.resultsPublishedAt)));
}

export interface DeskQuery {
  status?: RegistrationStatus;
  q?: string;
  page: number;
  pageSize: number;
}

/**
 * The organizer's desk for one event: a page in desk order (seat holders by arrival, then the waiting list) and the
 * total. Without a search term, a deferred join: count and page the event's narrow rows (registrations_event_status_idx),
 * then join people for this page only.
 */
export async function deskPage(h: Handle, eventId: number, q: DeskQuery) {
  const { registrations, users, workerProfiles, organisations } = h.s;
  const conds: SQL[] = [eq(registrations.eventId, eventId)];
  if (q.status) conds.push(eq(registrations.status, q.status));
  const term = q.q?.trim();
  if (term)
    conds.push(
      or(
        contains(h, users.name, term),
        contains(h, users.phone, term),
        eq(registrations.bib, term),
        contains(h, organisations.name, term),
      )!,
    );
  const where = and(...conds);
  const people = () =>
    h.orm
      .select({
        r: registrations,
        name: users.name,
        phone: users.phone,
        idNumber: workerProfiles.idNumber,
        level: workerProfiles.skillLevel,
        employer: organisations.name,
      })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.workerId))
      .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
      .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId));
  const deskOrder = [
    sql`case ${registrations.status} when 'waitlisted' then 1 else 0 end`,
    asc(registrations.waitlistSeq),
    asc(registrations.id),
  ];
  if (term) {
    const total = await h.get<{ n: number }>(sql`
      select count(*) as "n" from ${registrations}
        join ${users} on ${users.id} = ${registrations.workerId}
        left join ${workerProfiles} on ${workerProfiles.userId} = ${users.id}
        left join ${organisations} on ${organisations.id} = ${workerProfiles.employerOrgId}
       where ${where}`);
    const rows = await people()
      .where(where)
      .orderBy(...deskOrder)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    return { total: total?.n ?? 0, rows };
  }
  const total = await h.get<{ n: number }>(sql`select count(*) as "n" from ${registrations} where ${where}`);
  const ids = (
    await h.orm
      .select({ id: registrations.id })
      .from(registrations)
      .where(where)
      .orderBy(...deskOrder)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
  ).map((r) => r.id);
  const byId = new Map((ids.length ? await people().where(inArray(registrations.id, ids)) : []).map((x) => [x.r.id, x] as const));
  return { total: total?.n ?? 0, rows: ids.map((id) => byId.get(id)!) };
}

export async function checkedInOf(h: Handle, eventId: number) {
  const { registrations, users } = h.s;
  return h.orm
    .select({ registrationId: registrations.id, bib: registrations.bib, name: users.name, checkedInAt: registrations.checkedInAt })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.workerId))
    .where(and(eq(registrations.eventId, eventId), isNotNull(registrations.checkedInAt)))
    .orderBy(desc(registrations.checkedInAt));
}

export async function userName(h: Handle, id: number): Promise<string> {
  const { users } = h.s;
  const [row] = await h.orm.select({ name: users.name }).from(users).where(eq(users.id, id)).limit(1);
  return row?.name ?? '';
}

/** What an admission ticket shows about its holder. */
export async function ticketHolder(h: Handle, workerId: number) {
  const { users, workerProfiles, organisations } = h.s;
  const [row] = await h.orm
    .select({ name: users.name, idNumber: workerProfiles.idNumber, employer: organisations.name })
    .from(users)
    .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
    .where(eq(users.id, workerId))
    .limit(1);
  return row;
}

/** Every registration of an event with its person, in desk order (seat holders by arrival, then the waiting list). */
export async function registrationsForExport(h: Handle, eventId: number) {
  const { registrations, users, workerProfiles, organisations } = h.s;
  return h.orm
    .select({
      r: registrations,
      name: users.name,
      phone: users.phone,
      idNumber: workerProfiles.idNumber,
      level: workerProfiles.skillLevel,
      employer: organisations.name,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.workerId))
    .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
    .where(eq(registrations.eventId, eventId))
    .orderBy(sql`case ${registrations.status} when 'waitlisted' then 1 else 0 end`, asc(registrations.waitlistSeq), asc(registrations.id));
}
