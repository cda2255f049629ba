/**
 * Stages (预赛 → 决赛; domain.md § Contests, api-contract.md § Contests as unions run them): a final's event names its
 * preliminaries (`qualifiesFrom`), and POST /api/events/:id/advance registers the qualifiers of every published
 * preliminary — the rule of who advances is the domain's (`qualifiers`, `qualifyRuleProblem`).
 */
import { qualifiers, qualifyRuleProblem } from '@gongjiang/domain';
import type { Database, Handle, Tx } from '../data/database';
import { insertRegistration, updateRegistration, userName } from '../data/repos/registrations';
import {
  eventLabels,
  publishedRanks,
  qualificationsOf,
  registrationsOfFinal,
  replaceQualifications,
  takeQualifierSeat,
  type QualificationRow,
} from '../data/repos/stages';
import { conflict, validation } from '../lib/errors';
import type { AuditTrail } from './audit';
import { managedEvent } from './event-access';
import type { Caller, Scope } from './scope';
import { numberLateSeats } from './waitlist';
import { randomToken } from '../lib/random';

/** One preliminary as organizers send it and every read returns it: exactly one of topN or topPercent. */
export interface QualifyRule {
  eventId: number;
  topN?: number;
  topPercent?: number;
}

const asRule = (q: QualificationRow): QualifyRule =>
  q.topN != null ? { eventId: q.fromEventId, topN: q.topN } : { eventId: q.fromEventId, topPercent: q.topPercent! };

/** `qualifiesFrom` of each of these events ([] for an event that is no final). */
export async function qualifiesFromOf(h: Handle, eventIds: readonly number[]): Promise<Map<number, QualifyRule[]>> {
  const out = new Map<number, QualifyRule[]>(eventIds.map((id) => [id, []]));
  for (const q of await qualificationsOf(h, eventIds)) out.get(q.finalEventId)!.push(asRule(q));
  return out;
}

/**
 * A final's `qualifiesFrom` checked (400 VALIDATION naming the entry): the domain's rule for topN/topPercent; each
 * preliminary an event whose contest is owned inside the final contest owner's subtree (what the final's organizer
 * manages), not the final itself, named once. `finalEventId` is null while the final is being created.
 */
export async function checkQualifiesFrom(
  h: Handle,
  scope: Scope,
  final: { eventId: number | null; orgId: number },
  rules: readonly QualifyRule[],
): Promise<QualificationRow[]> {
  const labels = new Map(
    (
      await eventLabels(
        h,
        rules.map((r) => r.eventId),
      )
    ).map((l) => [l.eventId, l]),
  );
  const ownerPath = await scope.pathOf(final.orgId);
  const seen = new Set<number>();
  const rows: QualificationRow[] = [];
  for (const [i, r] of rules.entries()) {
    const problem = qualifyRuleProblem(r);
    if (problem) throw validation(`qualifiesFrom.${i}: ${problem}`, `qualifiesFrom.${i}`, 'invalid');
    const at = `qualifiesFrom.${i}.eventId`;
    if (r.eventId === final.eventId) throw validation(`${at}: a final cannot qualify from itself`, at, 'invalid');
    if (seen.has(r.eventId)) throw validation(`${at}: this preliminary is listed twice`, at, 'invalid');
    seen.add(r.eventId);
    const label = labels.get(r.eventId);
    const path = label ? await scope.pathOf(label.orgId) : undefined;
    if (!label || !ownerPath || !path?.startsWith(ownerPath))
      throw validation(`${at}: no such event in the final's organisation subtree`, at, 'unknown_ref');
    rows.push({ fromEventId: r.eventId, topN: r.topN ?? null, topPercent: r.topPercent ?? null });
  }
  return rows;
}

/** Writes a final's checked list of preliminaries (inside the transaction holding the final event's lock). */
export function saveQualifiesFrom(t: Tx, finalEventId: number, rows: readonly QualificationRow[]) {
  return replaceQualifications(t, finalEventId, rows, new Date().toISOString());
}

/** The same rules, compared as the event's edit compares its parts. */
export function sameQualifiesFrom(a: readonly QualifyRule[], b: readonly QualifyRule[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) =>
        x.eventId === b[i]!.eventId && (x.topN ?? null) === (b[i]!.topN ?? null) && (x.topPercent ?? null) === (b[i]!.topPercent ?? null),
    )
  );
}

/** For lists of registrations: where each advanced one qualified (来自 {preliminary} 第 N 名), null for the others. */
export async function qualifiedOrigins(h: Handle, regs: readonly { qualifiedFromEventId: number | null }[]) {
  const ids = [...new Set(regs.map((r) => r.qualifiedFromEventId).filter((id): id is number => id != null))];
  const labels = new Map((await eventLabels(h, ids)).map((l) => [l.eventId, l]));
  return (r: { qualifiedFromEventId: number | null; qualifiedRank: number | null }) => {
    const l = r.qualifiedFromEventId != null ? labels.get(r.qualifiedFromEventId) : undefined;
    return l
      ? { eventId: l.eventId, contestId: l.contestId, contestTitle: l.contestTitle, trade: l.trade, rank: r.qualifiedRank ?? 0 }
      : null;
  };
}

/** A final's preliminaries as its organizer's pages show them. */
export async function preliminariesOf(h: Handle, finalEventId: number) {
  const rules = (await qualifiesFromOf(h, [finalEventId])).get(finalEventId)!;
  const labels = new Map(
    (
      await eventLabels(
        h,
        rules.map((r) => r.eventId),
      )
    ).map((l) => [l.eventId, l]),
  );
  return rules.flatMap((r) => {
    const l = labels.get(r.eventId);
    if (!l) return [];
    return [
      {
        eventId: r.eventId,
        topN: r.topN ?? null,
        topPercent: r.topPercent ?? null,
        contestId: l.contestId,
        contestTitle: l.contestTitle,
        trade: l.trade,
        resultsPublished: !!l.resultsPublishedAt,
      },
    ];
  });
}

const LIVE = new Set(['pending', 'confirmed', 'waitlisted']);

export class StagesService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly scope: Scope,
  ) {}

  /**
   * POST /api/events/:id/advance — one transaction locked on the final event. For each preliminary (in the listed order)
   * whose results are published, its qualifiers (domain `qualifiers`: the cut by topN or topPercent, ties at the cut
   * included) are registered confirmed, whatever the final's window, capacity or eligibility; capacity grows when the
   * seats are taken. Nobody is registered twice: a worker who advanced before (whatever became of that registration)
   * is skipped; one who holds their own live registration keeps it, confirmed, now recording the qualification.
   */
  advance(eventId: number, user: Caller) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const { e, c } = await managedEvent(t, this.scope, eventId, user);
      if (c.status === 'cancelled') throw conflict('CONTEST_CANCELLED');
      if (e.resultsPublishedAt) throw conflict('RESULTS_PUBLISHED');
      const rules = await qualificationsOf(t, [eventId]);
      const published = new Set(
        (
          await eventLabels(
            t,
            rules.map((r) => r.fromEventId),
          )
        )
          .filter((l) => l.resultsPublishedAt)
          .map((l) => l.eventId),
      );
      const open = rules.filter((r) => published.has(r.fromEventId));
      if (!open.length) throw conflict('RESULTS_NOT_PUBLISHED');

      const regs = await registrationsOfFinal(t, eventId);
      const advanced = new Set(regs.filter((r) => r.qualifiedFromEventId != null).map((r) => r.workerId));
      const live = new Map(regs.filter((r) => LIVE.has(r.status)).map((r) => [r.workerId, r]));
      const at = new Date().toISOString();
      const items = [];
      for (const rule of open) {
        for (const q of qualifiers(await publishedRanks(t, rule.fromEventId), rule)) {
          if (advanced.has(q.workerId)) continue;
          advanced.add(q.workerId);
          const mine = live.get(q.workerId);
          const origin = { qualifiedFromEventId: rule.fromEventId, qualifiedRank: q.rank };
          let registrationId: number;
          if (mine) {
            registrationId = mine.id;
            if (mine.status !== 'confirmed')
              await takeQualifierSeat(
                t,
                eventId,
                { newSeat: mine.status === 'waitlisted', fromWaitlist: mine.status === 'waitlisted' },
                at,
              );
            await updateRegistration(t, mine.id, { status: 'confirmed', waitlistSeq: null, ...origin, updatedAt: at });
            await this.audit.record(t, {
              actorId: user.id,
              action: 'registration.advance',
              entity: 'registration',
              entityId: mine.id,
              before: { status: mine.status },
              after: { status: 'confirmed', eventId, fromEventId: rule.fromEventId, rank: q.rank },
            });
          } else {
            await takeQualifierSeat(t, eventId, { newSeat: true, fromWaitlist: false }, at);
            const ticketCode = randomToken();
            registrationId = await insertRegistration(t, {
              eventId,
              workerId: q.workerId,
              status: 'confirmed',
              waitlistSeq: null,
              ticketCode,
              now: at,
            });
            await updateRegistration(t, registrationId, origin);
            await this.audit.record(t, {
              actorId: user.id,
              action: 'registration.advance',
              entity: 'registration',
              entityId: registrationId,
              after: { status: 'confirmed', eventId, fromEventId: rule.fromEventId, rank: q.rank },
            });
          }
          items.push({
            workerId: q.workerId,
            fromEventId: rule.fromEventId,
            rank: q.rank,
            registrationId,
            name: await userName(t, q.workerId),
            wasRegistered: !!mine,
          });
        }
      }
      if (items.length && e.drawnAt) await numberLateSeats(t, this.audit, eventId, user.id);
      await this.audit.record(t, {
        actorId: user.id,
        action: 'event.advance',
        entity: 'event',
        entityId: eventId,
        after: { fromEventIds: open.map((r) => r.fromEventId), registrationIds: items.map((i) => i.registrationId) },
      });
      return { items };
    });
  }
}
