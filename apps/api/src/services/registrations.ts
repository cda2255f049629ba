import crypto from 'node:crypto';
import {
  admit,
  checkEligibility,
  drawBibs,
  maskResidentId,
  parseTicketCode,
  registrationWindowState,
  seatsLeft,
  selfRegistrationAllowed,
  ticketCheckInUrl,
  type RegistrationStatus,
  type SkillLevel,
} from '@gongjiang/domain';
import type { Database, Handle, Tx } from '../data/database';
import { eventWithContest } from '../data/repos/events';
import { tradeById } from '../data/repos/trades';
import {
  adjustEventCounts,
  checkedInOf,
  confirmedIds,
  deskPage,
  eligibilityProfile,
  registrationCheck,
  insertRegistration,
  insertRegistrationAudit,
  joinWaitlist,
  joinWaitlistRegistered,
  registrationById,
  registrationByTicket,
  publishedResultsOfWorker,
  registrationsOfWorker,
  setBibs,
  takeSeat,
  updateRegistration,
  userName,
  waitlistPosition,
  type DeskQuery,
  type EligibilityProfile,
  type EventForRegistration,
  type RegistrationRow,
} from '../data/repos/registrations';
import { nominationUnions, refreshReserved, useQuota } from '../data/repos/quotas';
import { updateEvent } from '../data/repos/contests';
import { latestAppealsOfWorker } from '../data/repos/appeals';
import { appealState } from './appeals';
import { AppError, conflict, defineMessages, forbidden, notFound, validation } from '../lib/errors';
import type { AuditTrail } from './audit';
import { isProfileComplete } from './profile-complete';
import { managedEvent } from './event-access';
import { hasRole, type Caller, type Scope } from './scope';
import { assertOnTime } from './timing';
import { preliminariesOf, qualifiedOrigins } from './stages';
import { fillFreeSeats, numberLateSeats } from './waitlist';
import { notifyLater } from './notifications';
import { randomToken } from '../lib/random';

defineMessages({
  ALREADY_REGISTERED: { zh: '你已报名该赛项', en: 'You are already registered for this event' },
  REGISTRATION_CLOSED: { zh: '不在报名时间内（{detail}）', en: 'Registration is not open ({detail})' },
  PROFILE_INCOMPLETE: {
    zh: '请先完善个人资料（姓名、身份证号、工作单位、工种）',
    en: 'Please complete your profile first (name, resident ID, employer, trade)',
  },
  NOT_ELIGIBLE: { zh: '不符合报名条件：{detail}', en: 'Not eligible: {detail}' },
  ALREADY_DRAWN: { zh: '该赛项已抽签', en: 'Blind numbers have already been drawn for this event' },
  ALREADY_CHECKED_IN: { zh: '该选手已于 {time} 检录', en: 'This contestant already checked in at {time}' },
  NOT_CONFIRMED: { zh: '只有已确认的报名可以执行此操作', en: 'Only a confirmed registration can do this' },
  INVALID_STATE: { zh: '当前状态（{detail}）不允许此操作', en: 'Not possible in the current state ({detail})' },
  UNKNOWN_TICKET: { zh: '无效的准考证二维码', en: 'Unknown admission ticket code' },
  NOMINATION_ONLY: {
    zh: '本项目由各单位推荐报名，不接受个人报名',
    en: 'This event takes nominations by unions only; workers cannot register themselves',
  },
});

const RULE_TEXT: Record<string, { zh: string; en: string }> = {
  level_below: { zh: '技能等级低于要求', en: 'skill level below the minimum' },
  level_above: { zh: '技能等级高于上限', en: 'skill level above the maximum' },
  age_below: { zh: '年龄低于要求', en: 'below the minimum age' },
  age_above: { zh: '年龄超过上限', en: 'above the maximum age' },
  not_union_member: { zh: '仅限工会会员报名', en: 'union members only' },
};

/** Eligibility of a worker for an event (domain checkEligibility), on the profile as it is now. */
export async function eligibilityOf(h: Handle, ev: EventForRegistration, workerId: number) {
  return eligibility(ev, await eligibilityProfile(h, workerId));
}

/** Eligibility for an event on this profile (undefined: the worker has none yet). */
function eligibility(ev: EventForRegistration, p: EligibilityProfile | undefined) {
  return checkEligibility({
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
}

export class NotEligible extends AppError {
  constructor(readonly rule: string) {
    super(409, 'NOT_ELIGIBLE', { rule });
  }
  override messageIn(lang: 'zh' | 'en'): string {
    const base = new AppError(409, 'NOT_ELIGIBLE', { detail: RULE_TEXT[this.rule]?.[lang] ?? this.rule });
    return base.messageIn(lang);
  }
}

type RegRow = RegistrationRow;

/** The 32-bit PRNG seed of a recorded draw seed: the first four bytes of its SHA-256. */
export function drawSeed32(seed: string): number {
  return crypto.createHash('sha256').update(seed).digest().readUInt32LE(0);
}

export class RegistrationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly scope: Scope,
  ) {}

  /**
   * POST /api/events/:id/registrations. Eligibility and the other refusals first (on the read connection), then one
   * transaction: the seat counter is taken conditionally (`taken < capacity`), else the worker joins the waiting list. Whatever the concurrency and however many
   * processes share the database, seats are never oversold (the UPDATE re-checks its condition on the newest row),
   * and the partial unique index makes a second live registration impossible.
   */
  async register(eventId: number, user: Caller, now = new Date()) {
    // Every refusal is decided on the last commit, in one read on the read connection, before any write lock: in a
    // rush most answers are refusals (already registered, not eligible, closed) and they cost no transaction. A second
    // registration of the same worker racing this one is stopped by the partial unique index.
    const ev = await this.refusal(this.db.read, eventId, user, now);
    const approval = !!ev.requiresApproval;
    const at = now.toISOString();
    // a rush's registrations share their commits (group commit; see Database.txGrouped): this body may run twice
    return this.db.txGrouped(async (t) => {
      // domain admit() on the counters just read says where the newcomer goes; the counters may have moved since, so
      // each UPDATE re-checks its condition on the newest row (a seat only while one is free and nobody waits; the
      // waiting list only while not) and, if the other way is right by now, the other one is made.
      let trySeat =
        admit({ capacity: ev.capacity, taken: ev.taken, waiting: ev.waitlistedCount, reserved: ev.reserved }, approval) !== 'waitlisted';
      const ticketCode = randomToken();
      const alreadyRegistered = (e: unknown) =>
        this.db.uniqueViolation(e) === 'registrations_event_worker_live_uq' ? conflict('ALREADY_REGISTERED') : e;
      if (!trySeat && t.dialect === 'postgres') {
        // the rush's common case on PostgreSQL in one statement (joinWaitlistRegistered): the hot row locked the least
        const line = await joinWaitlistRegistered(t, { eventId, workerId: user.id, actorId: user.id, ticketCode, now: at }).catch((e) => {
          throw alreadyRegistered(e);
        });
        if (line) return { id: line.id, eventId, status: 'waitlisted' as const, waitlistPosition: line.position };
        trySeat = true;
      }
      let status: RegistrationStatus;
      let seq: number | null = null;
      let waitlistPosition: number | null = null;
      for (;;) {
        if (trySeat && (await takeSeat(t, eventId, !approval, at))) {
          status = approval ? 'pending' : 'confirmed';
          break;
        }
        // The newcomer is last in line: their position is the list's length, read from the counter
        // (counting the list instead slows down as it grows — engineering-notes.md).
        const line = trySeat ? undefined : await joinWaitlist(t, eventId, at);
        if (line) {
          status = 'waitlisted';
          ({ seq, position: waitlistPosition } = line);
          break;
        }
        trySeat = !trySeat;
      }
      let id: number;
      try {
        id = await insertRegistration(t, { eventId, workerId: user.id, status, waitlistSeq: seq, ticketCode, now: at });
      } catch (e) {
        throw alreadyRegistered(e);
      }
      await insertRegistrationAudit(t, at, user.id, 'registration.create', { id, eventId }, { status, eventId, waitlistSeq: seq });
      if (status === 'confirmed') {
        if (ev.drawnAt) await numberLateSeats(t, this.audit, eventId, user.id);
        await notifyLater(t, 'registration.confirmed', id);
      }
      return { id, eventId, status, waitlistPosition };
    });
  }

  /** Why this worker cannot register for this event now (thrown), on what `h` sees; else the event as read. */
  private async refusal(h: Handle, eventId: number, user: Caller, now: Date): Promise<EventForRegistration> {
    const check = await registrationCheck(h, eventId, user.id);
    const ev = check?.ev;
    if (!ev || ev.contestStatus !== 'published') throw notFound('event');
    if (!selfRegistrationAllowed(ev.registrationMode)) throw conflict('NOMINATION_ONLY');
    const window = registrationWindowState(ev.opensAt, ev.closesAt, now);
    if (window !== 'open')
      throw new AppError(409, 'REGISTRATION_CLOSED', { detail: window === 'not_open' ? `opens ${ev.opensAt}` : `closed ${ev.closesAt}` });
    const verdict = eligibility(ev, check.profile);
    if (!verdict.ok) {
      if (verdict.code === 'PROFILE_INCOMPLETE') throw conflict('PROFILE_INCOMPLETE');
      throw new NotEligible(verdict.rule);
    }
    if (check.live) throw conflict('ALREADY_REGISTERED');
    return ev;
  }

  private async reg(h: Handle, id: number): Promise<RegRow> {
    const r = await registrationById(h, id);
    if (!r) throw notFound('registration');
    return r;
  }

  private async eventOf(h: Handle, eventId: number) {
    const row = await eventWithContest(h, eventId);
    if (!row) throw notFound('event');
    return row;
  }

  /** An organizer's event: in their subtree, else 404. */
  managedEvent(eventId: number, user: Caller, h: Handle = this.db.read) {
    return managedEvent(h, this.scope, eventId, user);
  }

  /** GET /api/events/:id — the desk's header: the event, its contest, its seats and the recorded draw. */
  async eventForDesk(eventId: number, user: Caller, h: Handle = this.db.read) {
    const { e, c } = await this.managedEvent(eventId, user, h);
    const trade = await tradeById(h, e.tradeId);
    const preliminaries = await preliminariesOf(h, eventId);
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
      trade: trade ? { id: trade.id, name: trade.name, nameEn: trade.nameEn } : null,
      capacity: e.capacity,
      confirmed: e.confirmedCount,
      pending: e.taken - e.confirmedCount,
      waitlisted: e.waitlistedCount,
      seatsLeft: seatsLeft(e),
      requiresApproval: !!e.requiresApproval,
      venue: e.venue ?? c.venue,
      drawSeed: e.drawSeed,
      registrationMode: e.registrationMode,
      drawnAt: e.drawnAt,
      qualifiesFrom: preliminaries.map((p) =>
        p.topN != null ? { eventId: p.eventId, topN: p.topN } : { eventId: p.eventId, topPercent: p.topPercent! },
      ),
      preliminaries,
    };
  }

  /**
   * Frees the seat a registration held and gives it to the first on the waiting list (confirmed,
   * or pending when the event requires approval) — domain.md § Contests. Inside the event's transaction. A nominated
   * seat of a quota goes back to that quota: the waiting list gets only open seats (domain SeatState.reserved).
   */
  private async releaseSeat(t: Tx, r: RegRow, actorId: number) {
    if (r.status === 'waitlisted') {
      await adjustEventCounts(t, r.eventId, { waitlisted: -1 });
      return null;
    }
    if (r.status !== 'confirmed' && r.status !== 'pending') return null;
    await adjustEventCounts(t, r.eventId, { taken: -1, confirmed: r.status === 'confirmed' ? -1 : 0 });
    if (r.quotaOrgId != null) {
      // a nomination's seat goes back to its union's quota (reserved again), never to the waiting list
      await useQuota(t, r.eventId, r.quotaOrgId, -1);
      await refreshReserved(t, r.eventId);
    }
    return (await fillFreeSeats(t, this.audit, r.eventId, actorId))[0] ?? null;
  }

  /** A registration read again once its event is locked (the lock root of every seat change). */
  private async lockedReg(t: Tx, id: number): Promise<RegRow> {
    const first = await this.reg(t, id);
    await t.lock('events', first.eventId);
    return this.reg(t, id);
  }

  /** DELETE /api/registrations/:id — the worker until registration closes; an organizer in scope any time. */
  cancel(id: number, user: Caller, reason?: string | null, now = new Date()) {
    return this.db.tx(async (t) => {
      const r = await this.lockedReg(t, id);
      const { c } = await this.eventOf(t, r.eventId);
      const own = r.workerId === user.id;
      const organizer = await this.scope.manages(user, c.orgId);
      if (!own && !organizer) throw notFound('registration');
      if (!organizer && registrationWindowState(c.registrationOpensAt, c.registrationClosesAt, now) === 'closed') {
        throw new AppError(409, 'REGISTRATION_CLOSED', { detail: `closed ${c.registrationClosesAt}` });
      }
      if (r.status === 'cancelled' || r.status === 'rejected') throw conflict('INVALID_STATE', { detail: r.status });
      const promoted = await this.releaseSeat(t, r, user.id);
      await updateRegistration(t, id, { status: 'cancelled', waitlistSeq: null, reason: reason ?? null });
      await this.audit.record(t, {
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
  decide(id: number, decision: 'approve' | 'reject', user: Caller, reason?: string | null) {
    return this.db.tx(async (t) => {
      const r = await this.lockedReg(t, id);
      await this.managedEvent(r.eventId, user, t);
      return this.decideOne(t, r, decision, user, reason);
    });
  }

  private async decideOne(t: Tx, r: RegRow, decision: 'approve' | 'reject', user: Caller, reason?: string | null) {
    if (decision === 'approve') {
      if (r.status !== 'pending') throw conflict('INVALID_STATE', { detail: r.status });
      await updateRegistration(t, r.id, { status: 'confirmed' });
      await adjustEventCounts(t, r.eventId, { confirmed: 1 });
      await this.audit.record(t, {
        actorId: user.id,
        action: 'registration.approve',
        entity: 'registration',
        entityId: r.id,
        before: { status: r.status },
        after: { status: 'confirmed' },
        reason,
      });
      await numberLateSeats(t, this.audit, r.eventId, user.id);
      await notifyLater(t, 'registration.approved', r.id);
      return { id: r.id, status: 'confirmed' as const, promoted: null };
    }
    if (r.status !== 'pending' && r.status !== 'confirmed' && r.status !== 'waitlisted')
      throw conflict('INVALID_STATE', { detail: r.status });
    if (!reason?.trim()) throw validation('reason: a rejection needs a reason', 'reason', 'required');
    const promoted = await this.releaseSeat(t, r, user.id);
    await updateRegistration(t, r.id, { status: 'rejected', waitlistSeq: null, reason });
    await this.audit.record(t, {
      actorId: user.id,
      action: 'registration.reject',
      entity: 'registration',
      entityId: r.id,
      before: { status: r.status },
      after: { status: 'rejected' },
      reason,
    });
    await notifyLater(t, 'registration.rejected', r.id);
    return { id: r.id, status: 'rejected' as const, promoted };
  }

  /** Bulk approve/reject: all or nothing, one transaction; the events concerned are locked together, in id order. */
  decideMany(ids: number[], decision: 'approve' | 'reject', user: Caller, reason?: string | null) {
    return this.db.tx(async (t) => {
      const first = await Promise.all(ids.map((id) => this.reg(t, id)));
      await t.lock(
        'events',
        first.map((r) => r.eventId),
      );
      const out = [];
      for (const id of ids) {
        const r = await this.reg(t, id);
        await this.managedEvent(r.eventId, user, t);
        out.push(await this.decideOne(t, r, decision, user, reason));
      }
      return out;
    });
  }

  /** Waitlist position = 1 + how many on this event's list arrived before. */
  private async positionOf(h: Handle, r: Pick<RegRow, 'eventId' | 'status' | 'waitlistSeq'>): Promise<number | null> {
    return r.status === 'waitlisted' && r.waitlistSeq != null ? waitlistPosition(h, r.eventId, r.waitlistSeq) : null;
  }

  /** GET /api/me/registrations */
  async mine(userId: number) {
    const h = this.db.read;
    const rows = await registrationsOfWorker(h, userId);
    // the worker's own result once the event's results are published (api-contract.md § Contests as unions run them)
    const results = new Map((await publishedResultsOfWorker(h, userId)).map(({ registrationId, ...result }) => [registrationId, result]));
    const appeals = new Map((await latestAppealsOfWorker(h, userId)).map((a) => [a.registrationId, a]));
    const unions = await nominationUnions(
      h,
      rows.filter((x) => x.r.nominatedBy != null).map((x) => x.r.id),
    );
    const now = new Date();
    const originOf = await qualifiedOrigins(
      h,
      rows.map((x) => x.r),
    );
    return Promise.all(
      rows.map(async ({ r, e, c, tradeName, tradeNameEn }) => ({
        id: r.id,
        status: r.status,
        waitlistPosition: await this.positionOf(h, r),
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
        // only published events' rows come back (publishedResultsOfWorker): withdrawn results are null too
        result: results.get(r.id) ?? null,
        qualifiedFrom: originOf(r),
        // 单位推荐: the union that nominated the worker (its quota's, else the nominating organizer's)
        nomination: r.nominatedBy != null ? (unions.get(r.id) ?? { orgId: null, orgName: null }) : null,
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
          registrationWindowState(c.registrationOpensAt, c.registrationClosesAt, now) !== 'closed',
        ...appealState(e, results.has(r.id), appeals.get(r.id), now),
      })),
    );
  }

  /** GET /api/events/:id/registrations — organizer's desk, resident IDs masked. */
  async listForEvent(eventId: number, user: Caller, q: DeskQuery, h: Handle = this.db.read) {
    await this.managedEvent(eventId, user, h);
    const { total, rows } = await deskPage(h, eventId, q);
    const originOf = await qualifiedOrigins(
      h,
      rows.map((x) => x.r),
    );
    const items = await Promise.all(
      rows.map(async (x) => ({
        id: x.r.id,
        workerId: x.r.workerId,
        name: x.name,
        phone: x.phone.slice(0, 3) + '****' + x.phone.slice(7),
        idNumber: maskResidentId(x.idNumber),
        employer: x.employer,
        skillLevel: x.level as SkillLevel | null,
        status: x.r.status,
        waitlistPosition: await this.positionOf(h, x.r),
        bib: x.r.bib,
        checkedInAt: x.r.checkedInAt,
        reason: x.r.reason,
        createdAt: x.r.createdAt,
        qualifiedFrom: originOf(x.r),
      })),
    );
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /** For exports: every registration of the event (masked), in desk order. */
  async allForEvent(eventId: number, user: Caller) {
    return (await this.listForEvent(eventId, user, { page: 1, pageSize: 1_000_000 }, this.db.report)).items;
  }

  /** A registration the caller may see: the worker's own, or an organizer's in scope. */
  async visible(id: number, user: Caller, h: Handle = this.db.read) {
    const r = await this.reg(h, id);
    const { e, c } = await this.eventOf(h, r.eventId);
    if (r.workerId !== user.id && !(await this.scope.manages(user, c.orgId))) throw notFound('registration');
    return { r, e, c };
  }

  /**
   * POST /api/events/:id/draw — blind numbers A001… for the confirmed registrations in an order
   * shuffled by a PRNG seeded from the recorded seed: the same seed gives the same draw (domain drawBibs).
   */
  draw(eventId: number, seed: string | null | undefined, user: Caller) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const { e, c } = await this.managedEvent(eventId, user, t);
      assertOnTime('draw', c);
      if (e.drawnAt) throw conflict('ALREADY_DRAWN');
      const usedSeed = seed?.trim() || crypto.randomBytes(8).toString('hex');
      const assignments = drawBibs(await confirmedIds(t, eventId), drawSeed32(usedSeed));
      await setBibs(t, assignments);
      const at = new Date().toISOString();
      await updateEvent(t, eventId, { drawSeed: usedSeed, drawnAt: at });
      const bibs = assignments.map((a) => ({ id: a.registrationId, bib: a.bib }));
      await this.audit.record(t, {
        actorId: user.id,
        action: 'event.draw',
        entity: 'event',
        entityId: eventId,
        after: { seed: usedSeed, bibs },
      });
      await notifyLater(t, 'draw.done', eventId);
      return { seed: usedSeed, drawnAt: at, assignments };
    });
  }

  /**
   * POST /api/registrations/check-in — what a ticket QR gave: the check-in URL, `GJT1:<code>` (older tickets) or the bare
   * code. A second check-in is 409 ALREADY_CHECKED_IN with the time of the first (`checkedInAt`, and in the message).
   */
  async checkIn(code: string, user: Caller) {
    const ticket = parseTicketCode(code);
    const found = ticket ? await registrationByTicket(this.db.read, ticket) : undefined;
    if (!found) throw new AppError(404, 'UNKNOWN_TICKET');
    return this.db.tx(async (t) => {
      await t.lock('events', found.eventId);
      const r = await this.reg(t, found.id);
      const { e, c } = await this.eventOf(t, r.eventId);
      if (!(await this.scope.contains(user, c.orgId))) throw new AppError(404, 'UNKNOWN_TICKET');
      if (r.status !== 'confirmed') throw conflict('NOT_CONFIRMED');
      if (r.checkedInAt)
        throw new AppError(409, 'ALREADY_CHECKED_IN', { time: beijingClock(r.checkedInAt) }, undefined, { checkedInAt: r.checkedInAt });
      const at = new Date().toISOString();
      await updateRegistration(t, r.id, { checkedInAt: at });
      await this.audit.record(t, {
        actorId: user.id,
        action: 'registration.check_in',
        entity: 'registration',
        entityId: r.id,
        after: { checkedInAt: at },
      });
      const trade = await tradeById(t, e.tradeId);
      return {
        registrationId: r.id,
        bib: r.bib,
        name: await userName(t, r.workerId),
        event: { id: e.id, contest: c.title, trade: trade?.name ?? '' },
        checkedInAt: at,
      };
    });
  }

  /** Checked-in list for the venue page. */
  async checkedIn(eventId: number, user: Caller) {
    await this.managedEvent(eventId, user);
    return checkedInOf(this.db.read, eventId);
  }

  assertWorker(user: Caller) {
    if (!hasRole(user, 'worker')) throw forbidden();
  }
}

/**
 * What a ticket's QR encodes: the venue check-in page on the site's origin with the code (`<origin>/manage/check-in?code=
 * GJT1%3A<code>`), so any staff phone's camera opens it; tickets printed before carry `GJT1:<code>`, which still checks in.
 */
export function ticketPayload(origin: string, code: string): string {
  return ticketCheckInUrl(origin, code);
}

/** hh:mm in Beijing time (the venue's clock) of an ISO instant. */
const beijingClock = (iso: string) =>
  new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
