/**
 * Seat quotas and unit nominations (单位推荐/名额分配; domain.md § Contests; api-contract.md § Contests as unions run
 * them). The rules are the domain's (quotas.ts: quotaHolderFor, quotaProblem, nominationSeat, reservedSeats); this
 * service reads and writes them in one transaction locked on the event.
 *
 * How quota seats and open seats share the capacity: a union's unused quota seats are reserved
 * (events.quota_reserved = Σ max(0, seats − used)); self-registration and the waiting list get only
 * `capacity − taken − reserved`, a nomination takes a seat of its union's quota. A declined or cancelled nomination
 * gives its seat back to the quota, so the waiting list never receives it. Lowering or removing quotas opens seats,
 * which go to the waiting list at once. Capacity is never exceeded: every seat is taken by a conditional UPDATE.
 */
import { nominationSeat, quotaHolderFor, quotaProblem, registrationWindowState, type RegistrationStatus } from '@gongjiang/domain';
import type { Database, Handle } from '../data/database';
import { eventWithContest } from '../data/repos/events';
import { eventForRegistration, insertRegistration } from '../data/repos/registrations';
import {
  liveRegistrants,
  nomineesByIds,
  orgsByIds,
  quotasInSubtree,
  quotasOf,
  refreshReserved,
  replaceQuotas,
  takeNominatedSeat,
  useQuota,
  type QuotaRow,
} from '../data/repos/quotas';
import { AppError, conflict, defineMessages, notFound, validation, type Lang } from '../lib/errors';
import messages from '../messages/nominations.json' with { type: 'json' };
import type { AuditTrail } from './audit';
import { managedEvent } from './event-access';
import { eligibilityOf, NotEligible } from './registrations';
import type { Caller, Scope } from './scope';
import { fillFreeSeats, numberLateSeats } from './waitlist';
import { notifyLater } from './notifications';
import { randomToken } from '../lib/random';

defineMessages(messages);

export type NominationCode = 'NOT_ELIGIBLE' | 'ALREADY_REGISTERED' | 'QUOTA_FULL' | 'PROFILE_INCOMPLETE';

export interface NominationItem {
  workerId: number;
  registrationId?: number;
  status?: 'confirmed' | 'pending';
  code?: NominationCode;
  /** why a worker was refused, in the caller's language */
  message?: string;
}

/** At most this many quota rows in the caller's list of events to nominate for. */
const MY_QUOTAS_LIMIT = 200;

export class NominationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly scope: Scope,
  ) {}

  /** The quota holders inside the caller's subtree (a union organizer's own, or those below it). */
  private async heldBy(user: Caller, quotas: readonly QuotaRow[]): Promise<QuotaRow[]> {
    const prefix = await this.scope.prefixFor(user);
    return prefix ? quotas.filter((q) => q.path.startsWith(prefix)) : [];
  }

  /**
   * The event and the caller's standing: `manager` (organizer of the event) or a union organizer whose subtree holds
   * one of its quotas; anyone else gets 404, as for an event out of scope.
   */
  private async access(h: Handle, eventId: number, user: Caller) {
    const row = await eventWithContest(h, eventId);
    if (!row) throw notFound('event');
    const quotas = await quotasOf(h, eventId);
    const manager = await this.scope.manages(user, row.c.orgId);
    const mine = manager ? quotas : await this.heldBy(user, quotas);
    if (!manager && !mine.length) throw notFound('event');
    return { ...row, quotas, manager, mine };
  }

  /** GET /api/events/:id/quotas — the event's organizer sees every row; a union organizer the rows of their subtree. */
  async list(eventId: number, user: Caller) {
    const { mine } = await this.access(this.db.read, eventId, user);
    return mine.map((q) => ({ orgId: q.orgId, orgName: q.orgName, seats: q.seats, used: q.used }));
  }

  /** GET /api/quotas — quotas held in the caller's subtree, in published contests: where they may nominate. */
  async mine(user: Caller) {
    const prefix = await this.scope.prefixFor(user);
    if (!prefix) return [];
    const now = new Date();
    return (await quotasInSubtree(this.db.read, prefix, MY_QUOTAS_LIMIT)).map((q) => ({
      eventId: q.eventId,
      orgId: q.orgId,
      orgName: q.orgName,
      seats: q.seats,
      used: q.used,
      contest: { id: q.contestId, title: q.contestTitle, registrationClosesAt: q.registrationClosesAt },
      trade: { name: q.tradeName, nameEn: q.tradeNameEn },
      open: registrationWindowState(q.registrationOpensAt, q.registrationClosesAt, now) === 'open',
    }));
  }

  /**
   * PUT /api/events/:id/quotas — the event's organizer sets the whole list: each union inside the event owner's subtree,
   * seats adding up to at most the capacity (400 otherwise, nothing written). Seats freed by lowering a quota go to the
   * waiting list. Audited as event.quotas with the list before and after.
   */
  set(eventId: number, input: readonly { orgId: number; seats: number }[], user: Caller) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const { e, c } = await managedEvent(t, this.scope, eventId, user);
      if (c.status === 'cancelled') throw conflict('CONTEST_CANCELLED');
      const problem = quotaProblem(input, e.capacity);
      if (problem) throw validation(`body: ${problem}`, '', problem.includes('capacity') ? 'sum' : 'invalid');
      const owner = await this.scope.pathOf(c.orgId);
      const orgs = new Map(
        (
          await orgsByIds(
            t,
            input.map((q) => q.orgId),
          )
        ).map((o) => [o.id, o]),
      );
      input.forEach((q, i) => {
        const org = orgs.get(q.orgId);
        if (!org || !owner || !org.path.startsWith(owner))
          throw validation(`${i}.orgId: not a union inside the event owner's organisation`, `${i}.orgId`, 'unknown_ref');
      });
      const before = await quotasOf(t, eventId);
      const now = new Date().toISOString();
      await replaceQuotas(t, eventId, input, now);
      await refreshReserved(t, eventId);
      const promoted = await fillFreeSeats(t, this.audit, eventId, user.id, 'quotas lowered');
      const after = await quotasOf(t, eventId);
      const brief = (rows: QuotaRow[]) => rows.map((q) => ({ orgId: q.orgId, seats: q.seats, used: q.used }));
      await this.audit.record(t, {
        actorId: user.id,
        action: 'event.quotas',
        entity: 'event',
        entityId: eventId,
        before: { quotas: brief(before) },
        after: { quotas: brief(after), ...(promoted.length ? { promotedFromWaitlist: promoted.map((p) => p.id) } : {}) },
      });
      return after.map((q) => ({ orgId: q.orgId, orgName: q.orgName, seats: q.seats, used: q.used }));
    });
  }

  /**
   * POST /api/events/:id/nominations — one transaction locked on the event. Each worker is registered (confirmed, or
   * pending when the event needs approval) on a seat of the nearest quota on the path from their employer up (an open
   * seat when no union there holds one), or refused with its own code; one refusal never blocks the others.
   * Accepted while registration is open (409 REGISTRATION_CLOSED otherwise). Each nomination is audited.
   */
  nominate(eventId: number, workerIds: readonly number[], user: Caller, lang: Lang, now = new Date()) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const { c, quotas } = await this.access(t, eventId, user);
      const ev = await eventForRegistration(t, eventId);
      if (!ev || c.status !== 'published') throw conflict('REGISTRATION_CLOSED', { detail: c.status });
      const window = registrationWindowState(ev.opensAt, ev.closesAt, now);
      if (window !== 'open')
        throw new AppError(409, 'REGISTRATION_CLOSED', { detail: window === 'not_open' ? `opens ${ev.opensAt}` : `closed ${ev.closesAt}` });

      const people = new Map((await nomineesByIds(t, workerIds)).map((p) => [p.id, p]));
      const registered = await liveRegistrants(t, eventId, workerIds);
      const approval = !!ev.requiresApproval;
      const at = now.toISOString();
      const refuse = (workerId: number, code: NominationCode, error: AppError = new AppError(409, code)): NominationItem => ({
        workerId,
        code,
        message: error.messageIn(lang),
      });
      const items: NominationItem[] = [];
      let confirmedAny = false;
      for (const workerId of workerIds) {
        const p = people.get(workerId);
        const ours = !!p && !p.disabled && p.roles.includes('worker') && p.orgId != null && (await this.scope.contains(user, p.orgId));
        if (!p || !ours) {
          items.push(refuse(workerId, 'NOT_ELIGIBLE', new AppError(409, 'NOT_YOUR_WORKER')));
          continue;
        }
        if (registered.has(workerId)) {
          items.push(refuse(workerId, 'ALREADY_REGISTERED'));
          continue;
        }
        const verdict = await eligibilityOf(t, ev, workerId);
        if (!verdict.ok) {
          items.push(
            verdict.code === 'PROFILE_INCOMPLETE'
              ? refuse(workerId, 'PROFILE_INCOMPLETE')
              : refuse(workerId, 'NOT_ELIGIBLE', new NotEligible(verdict.rule)),
          );
          continue;
        }
        // the seats as they stand now, after the nominations before this one
        const seats = (await eventForRegistration(t, eventId))!;
        const holder = p.path ? quotaHolderFor(p.path, quotas) : null;
        const where = nominationSeat(holder, {
          capacity: seats.capacity,
          taken: seats.taken,
          waiting: seats.waitlistedCount,
          reserved: seats.reserved,
        });
        if (where === 'full' || !(await takeNominatedSeat(t, eventId, !approval, at))) {
          items.push(refuse(workerId, 'QUOTA_FULL'));
          continue;
        }
        const quotaOrgId = where === 'quota' ? holder!.orgId : null;
        if (holder && quotaOrgId != null) {
          await useQuota(t, eventId, quotaOrgId, 1);
          holder.used += 1;
          await refreshReserved(t, eventId);
        }
        const status: RegistrationStatus = approval ? 'pending' : 'confirmed';
        const id = await insertRegistration(t, {
          eventId,
          workerId,
          status,
          waitlistSeq: null,
          ticketCode: randomToken(),
          now: at,
          nominatedBy: user.id,
          quotaOrgId,
        });
        await this.audit.record(t, {
          actorId: user.id,
          action: 'registration.nominate',
          entity: 'registration',
          entityId: id,
          after: { status, eventId, workerId, quotaOrgId, nominatedBy: user.id },
        });
        await notifyLater(t, 'registration.nominated', id);
        registered.add(workerId);
        confirmedAny ||= status === 'confirmed';
        items.push({ workerId, registrationId: id, status: status as 'confirmed' | 'pending' });
      }
      if (confirmedAny && ev.drawnAt) await numberLateSeats(t, this.audit, eventId, user.id);
      return { items };
    });
  }
}
