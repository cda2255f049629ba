import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import {
  admit,
  checkEligibility,
  maskResidentId,
  registrationWindowState,
  seatsLeft,
  type RegistrationStatus,
  type SkillLevel,
} from '@gongjiang/domain';
import { writeTx, type Db } from '../db';
import { contests, events, organisations, registrations, trades, users, workerProfiles } from '../db/schema';
import { AppError, conflict, defineMessages, forbidden, notFound, validation } from '../lib/errors';
import type { AuthUser, OrgScope } from '../plugins/auth';
import { hasRole } from '../plugins/auth';
import type { AuditService } from './audit';
import { isProfileComplete } from './accounts';
import { fillFreeSeats, numberLateSeats } from './waitlist';

defineMessages({
  ALREADY_REGISTERED: { zh: '你已报名该赛项', en: 'You are already registered for this event' },
  REGISTRATION_CLOSED: { zh: '不在报名时间内（{detail}）', en: 'Registration is not open ({detail})' },
  PROFILE_INCOMPLETE: {
    zh: '请先完善个人资料（姓名、身份证号、工作单位、工种）',
    en: 'Please complete your profile first (name, resident ID, employer, trade)',
  },
  NOT_ELIGIBLE: { zh: '不符合报名条件：{detail}', en: 'Not eligible: {detail}' },
  ALREADY_DRAWN: { zh: '该赛项已抽签', en: 'Blind numbers have already been drawn for this event' },
  ALREADY_CHECKED_IN: { zh: '该选手已检录', en: 'This contestant has already checked in' },
  NOT_CONFIRMED: { zh: '只有已确认的报名可以执行此操作', en: 'Only a confirmed registration can do this' },
  INVALID_STATE: { zh: '当前状态（{detail}）不允许此操作', en: 'Not possible in the current state ({detail})' },
  UNKNOWN_TICKET: { zh: '无效的准考证二维码', en: 'Unknown admission ticket code' },
});

const RULE_TEXT: Record<string, { zh: string; en: string }> = {
  level_below: { zh: '技能等级低于要求', en: 'skill level below the minimum' },
  level_above: { zh: '技能等级高于上限', en: 'skill level above the maximum' },
  age_below: { zh: '年龄低于要求', en: 'below the minimum age' },
  age_above: { zh: '年龄超过上限', en: 'above the maximum age' },
  not_union_member: { zh: '仅限工会会员报名', en: 'union members only' },
};

class NotEligible extends AppError {
  constructor(readonly rule: string) {
    super(409, 'NOT_ELIGIBLE', { rule });
  }
  override messageIn(lang: 'zh' | 'en'): string {
    const base = new AppError(409, 'NOT_ELIGIBLE', { detail: RULE_TEXT[this.rule]?.[lang] ?? this.rule });
    return base.messageIn(lang);
  }
}

type EventRow = typeof events.$inferSelect;
type RegRow = typeof registrations.$inferSelect;

export class RegistrationsService {
  private readonly st;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly scope: OrgScope,
  ) {
    const c = db.$client;
    // Hot path: prepared once (engineering-notes.md: the query builder per request is 2.9× slower).
    this.st = {
      eventWithContest: c.prepare<
        [number],
        EventRow & { contestStatus: string; opensAt: string; closesAt: string; startsAt: string; orgId: number; drawnAt: string | null }
      >(
        `select e.id, e.capacity, e.taken, e.waitlisted_count as waitlistedCount, e.requires_approval as requiresApproval,
                e.min_level as minLevel, e.max_level as maxLevel, e.min_age as minAge, e.max_age as maxAge,
                e.union_member_only as unionMemberOnly, c.status as contestStatus, c.registration_opens_at as opensAt,
                c.registration_closes_at as closesAt, c.starts_at as startsAt, c.org_id as orgId, e.drawn_at as drawnAt
           from events e join contests c on c.id = e.contest_id where e.id = ?`,
      ),
      profile: c.prepare<
        [number],
        {
          idNumber: string | null;
          birthDate: string | null;
          employerOrgId: number | null;
          tradeId: number | null;
          skillLevel: string | null;
          unionMember: number;
        }
      >(
        `select id_number as idNumber, birth_date as birthDate, employer_org_id as employerOrgId, trade_id as tradeId,
                skill_level as skillLevel, union_member as unionMember from worker_profiles where user_id = ?`,
      ),
      live: c.prepare<[number, number], { id: number }>(
        `select id from registrations where event_id = ? and worker_id = ? and status in ('pending','confirmed','waitlisted')`,
      ),
      takeSeat: c.prepare<[number, number]>(
        `update events set taken = taken + 1, confirmed_count = confirmed_count + ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
          where id = ? and taken < capacity and waitlisted_count = 0`,
      ),
      joinWaitlist: c.prepare<[number], { seq: number; position: number }>(
        `update events set waitlist_seq = waitlist_seq + 1, waitlisted_count = waitlisted_count + 1 where id = ?
         returning waitlist_seq as seq, waitlisted_count as position`,
      ),
      insert: c.prepare<[number, number, string, number | null, string], { id: number }>(
        `insert into registrations (event_id, worker_id, status, waitlist_seq, ticket_code) values (?, ?, ?, ?, ?) returning id`,
      ),
      position: c.prepare<[number, number], { n: number }>(
        `select count(*) as n from registrations where event_id = ? and status = 'waitlisted' and waitlist_seq <= ?`,
      ),
      audit: c.prepare<[string, number, string, number, string]>(
        `insert into audit_log (at, actor_id, action, entity, entity_id, after) values (?, ?, ?, 'registration', ?, ?)`,
      ),
    };
  }

  /**
   * POST /api/events/:id/registrations. One BEGIN IMMEDIATE transaction: eligibility, then the seat
   * counter is taken conditionally (`taken < capacity`), else the worker joins the waiting list.
   * Whatever the concurrency and however many processes share the file, seats are never oversold,
   * and the partial unique index makes a second live registration impossible.
   */
  register(eventId: number, user: AuthUser, now = new Date()) {
    const run = () => {
      const ev = this.st.eventWithContest.get(eventId);
      if (!ev || ev.contestStatus !== 'published') throw notFound('event');
      const window = registrationWindowState(ev.opensAt, ev.closesAt, now);
      if (window !== 'open')
        throw new AppError(409, 'REGISTRATION_CLOSED', { detail: window === 'not_open' ? `opens ${ev.opensAt}` : `closed ${ev.closesAt}` });
      const p = this.st.profile.get(user.id);
      const verdict = checkEligibility({
        profile: {
          skillLevel: (p?.skillLevel as SkillLevel | null) ?? null,
          birthDate: p?.birthDate ?? null,
          unionMember: !!p?.unionMember,
          complete: !!p && isProfileComplete(p),
        },
        rules: {
          minLevel: ev.minLevel as SkillLevel | null,
          maxLevel: ev.maxLevel as SkillLevel | null,
          minAge: ev.minAge,
          maxAge: ev.maxAge,
          unionMemberOnly: !!ev.unionMemberOnly,
        },
        on: ev.startsAt,
      });
      if (!verdict.ok) {
        if (verdict.code === 'PROFILE_INCOMPLETE') throw conflict('PROFILE_INCOMPLETE');
        throw new NotEligible(verdict.rule);
      }
      if (this.st.live.get(eventId, user.id)) throw conflict('ALREADY_REGISTERED');
      const approval = !!ev.requiresApproval;
      // domain admit(): a seat only when one is free and nobody is waiting; the UPDATE re-checks atomically.
      let status: RegistrationStatus = admit({ capacity: ev.capacity, taken: ev.taken, waiting: ev.waitlistedCount }, approval);
      let seq: number | null = null;
      let waitlistPosition: number | null = null;
      if (status !== 'waitlisted' && this.st.takeSeat.run(approval ? 0 : 1, eventId).changes === 1) {
        status = approval ? 'pending' : 'confirmed';
      } else {
        status = 'waitlisted';
        // The newcomer is last in line: their position is the list's length, read from the counter
        // (counting the list instead slows down as it grows — engineering-notes.md).
        ({ seq, position: waitlistPosition } = this.st.joinWaitlist.get(eventId)!);
      }
      const ticket = crypto.randomBytes(12).toString('base64url');
      let id: number;
      try {
        id = this.st.insert.get(eventId, user.id, status, seq, ticket)!.id;
      } catch (e) {
        if (e instanceof Error && /UNIQUE constraint failed: registrations\.event_id/.test(e.message)) throw conflict('ALREADY_REGISTERED');
        throw e;
      }
      this.st.audit.run(now.toISOString(), user.id, 'registration.create', id, JSON.stringify({ status, eventId, waitlistSeq: seq }));
      if (status === 'confirmed' && ev.drawnAt) numberLateSeats(this.db, this.audit, eventId, user.id);
      return { id, eventId, status, waitlistPosition };
    };
    return this.db.$client.transaction(run).immediate();
  }

  private reg(id: number): RegRow {
    const r = this.db.select().from(registrations).where(eq(registrations.id, id)).get();
    if (!r) throw notFound('registration');
    return r;
  }

  private eventOf(eventId: number) {
    const row = this.db
      .select({ e: events, c: contests })
      .from(events)
      .innerJoin(contests, eq(contests.id, events.contestId))
      .where(eq(events.id, eventId))
      .get();
    if (!row) throw notFound('event');
    return row;
  }

  /** An organizer's event: in their subtree, else 404. */
  managedEvent(eventId: number, user: AuthUser) {
    const row = this.eventOf(eventId);
    if (!hasRole(user, 'organizer', 'admin') || !this.scope.contains(user, row.c.orgId)) throw notFound('event');
    return row;
  }

  /** GET /api/events/:id — the desk's header: the event, its contest, its seats and the recorded draw. */
  eventForDesk(eventId: number, user: AuthUser) {
    const { e, c } = this.managedEvent(eventId, user);
    const trade = this.db
      .select({ id: trades.id, name: trades.name, nameEn: trades.nameEn })
      .from(trades)
      .where(eq(trades.id, e.tradeId))
      .get();
    return {
      id: e.id,
      contest: {
        id: c.id,
        title: c.title,
        status: c.status,
        registrationOpensAt: c.registrationOpensAt,
        registrationClosesAt: c.registrationClosesAt,
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        venue: c.venue,
      },
      trade: trade ?? null,
      capacity: e.capacity,
      confirmed: e.confirmedCount,
      pending: e.taken - e.confirmedCount,
      waitlisted: e.waitlistedCount,
      seatsLeft: seatsLeft(e),
      requiresApproval: !!e.requiresApproval,
      venue: e.venue ?? c.venue,
      drawSeed: e.drawSeed,
      drawnAt: e.drawnAt,
    };
  }

  /**
   * Frees the seat a registration held and gives it to the first on the waiting list (confirmed,
   * or pending when the event needs approval) — domain.md § Contests. Call inside a transaction.
   */
  private releaseSeat(r: RegRow, actorId: number) {
    if (r.status === 'waitlisted') {
      this.db
        .update(events)
        .set({ waitlistedCount: sql`${events.waitlistedCount} - 1` })
        .where(eq(events.id, r.eventId))
        .run();
      return null;
    }
    if (r.status !== 'confirmed' && r.status !== 'pending') return null;
    const freedConfirmed = r.status === 'confirmed' ? 1 : 0;
    this.db
      .update(events)
      .set({ taken: sql`${events.taken} - 1`, confirmedCount: sql`${events.confirmedCount} - ${freedConfirmed}` })
      .where(eq(events.id, r.eventId))
      .run();
    return fillFreeSeats(this.db, this.audit, r.eventId, actorId)[0] ?? null;
  }

  /** DELETE /api/registrations/:id — the worker until registration closes; an organizer in scope any time. */
  cancel(id: number, user: AuthUser, reason?: string | null, now = new Date()) {
    return writeTx(this.db, () => {
      const r = this.reg(id);
      const { c } = this.eventOf(r.eventId);
      const own = r.workerId === user.id;
      const organizer = hasRole(user, 'organizer', 'admin') && this.scope.contains(user, c.orgId);
      if (!own && !organizer) throw notFound('registration');
      if (!organizer && registrationWindowState(c.registrationOpensAt, c.registrationClosesAt, now) === 'closed') {
        throw new AppError(409, 'REGISTRATION_CLOSED', { detail: `closed ${c.registrationClosesAt}` });
      }
      if (r.status === 'cancelled' || r.status === 'rejected') throw conflict('INVALID_STATE', { detail: r.status });
      const promoted = this.releaseSeat(r, user.id);
      this.db
        .update(registrations)
        .set({ status: 'cancelled', waitlistSeq: null, reason: reason ?? null })
        .where(eq(registrations.id, id))
        .run();
      this.audit.record({
        actorId: user.id,
        action: 'registration.cancel',
        entity: 'registration',
        entityId: id,
        before: { status: r.status },
        after: { status: 'cancelled' },
        reason,
      });
      return { id, status: 'cancelled' as const, promoted };
    });
  }

  /** POST /api/registrations/:id/approve | /reject — pending → confirmed / rejected. */
  decide(id: number, decision: 'approve' | 'reject', user: AuthUser, reason?: string | null) {
    return writeTx(this.db, () => {
      const r = this.reg(id);
      this.managedEvent(r.eventId, user);
      return this.decideOne(r, decision, user, reason);
    });
  }

  private decideOne(r: RegRow, decision: 'approve' | 'reject', user: AuthUser, reason?: string | null) {
    if (decision === 'approve') {
      if (r.status !== 'pending') throw conflict('INVALID_STATE', { detail: r.status });
      this.db.update(registrations).set({ status: 'confirmed' }).where(eq(registrations.id, r.id)).run();
      this.db
        .update(events)
        .set({ confirmedCount: sql`${events.confirmedCount} + 1` })
        .where(eq(events.id, r.eventId))
        .run();
      this.audit.record({
        actorId: user.id,
        action: 'registration.approve',
        entity: 'registration',
        entityId: r.id,
        before: { status: r.status },
        after: { status: 'confirmed' },
        reason,
      });
      numberLateSeats(this.db, this.audit, r.eventId, user.id);
      return { id: r.id, status: 'confirmed' as const, promoted: null };
    }
    if (r.status !== 'pending' && r.status !== 'confirmed' && r.status !== 'waitlisted')
      throw conflict('INVALID_STATE', { detail: r.status });
    if (!reason?.trim()) throw validation('reason: a rejection needs a reason');
    const promoted = this.releaseSeat(r, user.id);
    this.db.update(registrations).set({ status: 'rejected', waitlistSeq: null, reason }).where(eq(registrations.id, r.id)).run();
    this.audit.record({
      actorId: user.id,
      action: 'registration.reject',
      entity: 'registration',
      entityId: r.id,
      before: { status: r.status },
      after: { status: 'rejected' },
      reason,
    });
    return { id: r.id, status: 'rejected' as const, promoted };
  }

  /** Bulk approve/reject: all or nothing, one transaction. */
  decideMany(ids: number[], decision: 'approve' | 'reject', user: AuthUser, reason?: string | null) {
    return writeTx(this.db, () =>
      ids.map((id) => {
        const r = this.reg(id);
        this.managedEvent(r.eventId, user);
        return this.decideOne(r, decision, user, reason);
      }),
    );
  }

  /** Waitlist position = 1 + how many on this event's list arrived before. */
  private positionOf(r: Pick<RegRow, 'eventId' | 'status' | 'waitlistSeq'>): number | null {
    return r.status === 'waitlisted' && r.waitlistSeq != null ? this.st.position.get(r.eventId, r.waitlistSeq)!.n : null;
  }

  /** GET /api/me/registrations */
  mine(userId: number) {
    const rows = this.db
      .select({ r: registrations, e: events, c: contests, tradeName: trades.name, tradeNameEn: trades.nameEn })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .innerJoin(contests, eq(contests.id, events.contestId))
      .innerJoin(trades, eq(trades.id, events.tradeId))
      .where(eq(registrations.workerId, userId))
      .orderBy(desc(registrations.id))
      .all();
    return rows.map(({ r, e, c, tradeName, tradeNameEn }) => ({
      id: r.id,
      status: r.status,
      waitlistPosition: this.positionOf(r),
      bib: r.bib,
      checkedInAt: r.checkedInAt,
      reason: r.reason,
      createdAt: r.createdAt,
      event: {
        id: e.id,
        trade: { id: e.tradeId, name: tradeName, nameEn: tradeNameEn },
        venue: e.venue ?? c.venue,
        resultsPublished: !!e.resultsPublishedAt,
      },
      contest: {
        id: c.id,
        title: c.title,
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        registrationClosesAt: c.registrationClosesAt,
        venue: c.venue,
      },
      canCancel:
        (r.status === 'confirmed' || r.status === 'pending' || r.status === 'waitlisted') &&
        registrationWindowState(c.registrationOpensAt, c.registrationClosesAt, new Date()) !== 'closed',
    }));
  }

  /** GET /api/events/:id/registrations — organizer's desk, resident IDs masked. */
  listForEvent(eventId: number, user: AuthUser, q: { status?: RegistrationStatus; q?: string; page: number; pageSize: number }) {
    this.managedEvent(eventId, user);
    const conds: SQL[] = [eq(registrations.eventId, eventId)];
    if (q.status) conds.push(eq(registrations.status, q.status));
    const term = q.q?.trim();
    if (term)
      conds.push(
        or(
          like(users.name, `%${term}%`),
          like(users.phone, `%${term}%`),
          eq(registrations.bib, term),
          like(organisations.name, `%${term}%`),
        )!,
      );
    const where = and(...conds);
    const base = () =>
      this.db
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
    let total: number;
    let rows: ReturnType<ReturnType<typeof base>['all']>;
    if (term) {
      // a search matches names, phones and employers: it needs the joins
      total =
        this.db
          .select({ n: sql<number>`count(*)` })
          .from(registrations)
          .innerJoin(users, eq(users.id, registrations.workerId))
          .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
          .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
          .where(where)
          .get()?.n ?? 0;
      rows = base()
        .where(where)
        .orderBy(...deskOrder)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .all();
    } else {
      // Deferred join: count and page the event's narrow registration rows (registrations_event_status_idx), then join
      // people for this page only — a 10,000-seat event no longer joins every row before sorting.
      total =
        this.db
          .select({ n: sql<number>`count(*)` })
          .from(registrations)
          .where(where)
          .get()?.n ?? 0;
      const ids = this.db
        .select({ id: registrations.id })
        .from(registrations)
        .where(where)
        .orderBy(...deskOrder)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .all()
        .map((r) => r.id);
      const byId = new Map((ids.length ? base().where(inArray(registrations.id, ids)).all() : []).map((x) => [x.r.id, x] as const));
      rows = ids.map((id) => byId.get(id)!);
    }
    return {
      items: rows.map((x) => ({
        id: x.r.id,
        workerId: x.r.workerId,
        name: x.name,
        phone: x.phone.slice(0, 3) + '****' + x.phone.slice(7),
        idNumber: maskResidentId(x.idNumber),
        employer: x.employer,
        skillLevel: x.level as SkillLevel | null,
        status: x.r.status,
        waitlistPosition: this.positionOf(x.r),
        bib: x.r.bib,
        checkedInAt: x.r.checkedInAt,
        reason: x.r.reason,
        createdAt: x.r.createdAt,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** For exports: every registration of the event (masked), in desk order. */
  allForEvent(eventId: number, user: AuthUser) {
    return this.listForEvent(eventId, user, { page: 1, pageSize: 1_000_000 }).items;
  }

  /** A registration the caller may see: the worker's own, or an organizer's in scope. */
  visible(id: number, user: AuthUser) {
    const r = this.reg(id);
    const { e, c } = this.eventOf(r.eventId);
    const mine = r.workerId === user.id;
    if (!mine && !(hasRole(user, 'organizer', 'admin') && this.scope.contains(user, c.orgId))) throw notFound('registration');
    return { r, e, c };
  }

  /**
   * POST /api/events/:id/draw — blind numbers A001… for the confirmed registrations in an order
   * shuffled by a PRNG seeded from the recorded seed: the same seed gives the same draw.
   */
  draw(eventId: number, seed: string | null | undefined, user: AuthUser) {
    return writeTx(this.db, () => {
      const { e } = this.managedEvent(eventId, user);
      if (e.drawnAt) throw conflict('ALREADY_DRAWN');
      const usedSeed = seed?.trim() || crypto.randomBytes(8).toString('hex');
      const confirmed = this.db
        .select({ id: registrations.id })
        .from(registrations)
        .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'confirmed')))
        .orderBy(asc(registrations.id))
        .all()
        .map((r) => r.id);
      const order = shuffle(confirmed, usedSeed);
      const bibs = order.map((id, i) => ({ id, bib: `A${String(i + 1).padStart(3, '0')}` }));
      for (const b of bibs) this.db.update(registrations).set({ bib: b.bib }).where(eq(registrations.id, b.id)).run();
      const at = new Date().toISOString();
      this.db.update(events).set({ drawSeed: usedSeed, drawnAt: at }).where(eq(events.id, eventId)).run();
      this.audit.record({ actorId: user.id, action: 'event.draw', entity: 'event', entityId: eventId, after: { seed: usedSeed, bibs } });
      return { seed: usedSeed, drawnAt: at, assignments: bibs.map((b) => ({ registrationId: b.id, bib: b.bib })) };
    });
  }

  /** POST /api/registrations/check-in — the QR payload of an admission ticket. */
  checkIn(code: string, user: AuthUser) {
    return writeTx(this.db, () => {
      const ticket = parseTicketPayload(code);
      const r = this.db.select().from(registrations).where(eq(registrations.ticketCode, ticket)).get();
      if (!r) throw new AppError(404, 'UNKNOWN_TICKET');
      const { e, c } = this.eventOf(r.eventId);
      if (!this.scope.contains(user, c.orgId)) throw new AppError(404, 'UNKNOWN_TICKET');
      if (r.status !== 'confirmed') throw conflict('NOT_CONFIRMED');
      if (r.checkedInAt) throw conflict('ALREADY_CHECKED_IN');
      const at = new Date().toISOString();
      this.db.update(registrations).set({ checkedInAt: at }).where(eq(registrations.id, r.id)).run();
      this.audit.record({
        actorId: user.id,
        action: 'registration.check_in',
        entity: 'registration',
        entityId: r.id,
        after: { checkedInAt: at },
      });
      const w = this.db.select({ name: users.name }).from(users).where(eq(users.id, r.workerId)).get();
      const trade = this.db.select({ name: trades.name }).from(trades).where(eq(trades.id, e.tradeId)).get();
      return {
        registrationId: r.id,
        bib: r.bib,
        name: w?.name ?? '',
        event: { id: e.id, contest: c.title, trade: trade?.name ?? '' },
        checkedInAt: at,
      };
    });
  }

  /** Checked-in list for the venue page. */
  checkedIn(eventId: number, user: AuthUser) {
    this.managedEvent(eventId, user);
    return this.db
      .select({ registrationId: registrations.id, bib: registrations.bib, name: users.name, checkedInAt: registrations.checkedInAt })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.workerId))
      .where(and(eq(registrations.eventId, eventId), sql`${registrations.checkedInAt} is not null`))
      .orderBy(desc(registrations.checkedInAt))
      .all();
  }

  assertWorker(user: AuthUser) {
    if (!hasRole(user, 'worker')) throw forbidden();
  }
}

/** The ticket QR carries `GJT1:<code>`; a scanner or a person may also type the bare code. */
export function ticketPayload(code: string): string {
  return `GJT1:${code}`;
}
export function parseTicketPayload(raw: string): string {
  const s = raw.trim();
  return s.startsWith('GJT1:') ? s.slice(5) : s;
}

/** Fisher–Yates with a PRNG seeded from SHA-256(seed): reproducible from the recorded seed. */
export function shuffle<T>(items: readonly T[], seed: string): T[] {
  const h = crypto.createHash('sha256').update(seed).digest();
  let a = h.readUInt32LE(0);
  const rand = () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
