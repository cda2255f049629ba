import type { Database } from '../data/database';
import { eventById, hasScores, replaceCriteria, replacePromotionRules, updateEvent } from '../data/repos/contests';
import { deleteJudgeAssignment, judgeAssignmentOf, judgeHasMarks } from '../data/repos/judges';
import { AppError, conflict, defineMessages } from '../lib/errors';
import messages from '../messages/event-edit.json' with { type: 'json' };
import type { AuditTrail } from './audit';
import type { ContestsService } from './contests';
import { managedEvent } from './event-access';
import { normaliseEvent, type EventInput, type NormalisedEvent } from './event-scheme';
import type { RegistrationsService } from './registrations';
import type { Caller, Scope } from './scope';
import { checkQualifiesFrom, sameQualifiesFrom, saveQualifiesFrom } from './stages';
import { fillFreeSeats } from './waitlist';

defineMessages(messages);

/** PATCH /api/events/:id: any of the event's fields but its trade. */
export type EventPatch = Partial<Omit<EventInput, 'tradeId'>>;

/** The groups of an event's fields the edit rules speak about (domain.md § Contests, § Scoring). */
type Part =
  | 'capacity'
  | 'targetLevel'
  | 'requiresApproval'
  | 'venue'
  | 'eligibility'
  | 'scoring'
  | 'promotionRules'
  | 'qualifiesFrom'
  | 'appealHours'
  | 'registrationMode';

const EPS = 1e-9;
const same = (a: unknown, b: unknown): boolean =>
  typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < EPS : (a ?? null) === (b ?? null);
const sameRows = <T extends object>(a: readonly T[], b: readonly T[], keys: (keyof T)[]) =>
  a.length === b.length && a.every((x, i) => keys.every((k) => same(x[k], b[i]![k])));

/** Edits an event under the rules of what may still change, and takes judges off an event. */
export class EventEditService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly contests: ContestsService,
    private readonly registrations: RegistrationsService,
    private readonly scope: Scope,
  ) {}

  /**
   * PATCH /api/events/:id — one BEGIN IMMEDIATE transaction: the merged event is validated like a new one, each
   * changed part is checked against the event's state (409 otherwise), and raising capacity hands the new seats
   * to the waiting list in arrival order. Eligibility and approval changes apply to future registrations only.
   */
  update(eventId: number, patch: EventPatch, user: Caller) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const { e, c } = await managedEvent(t, this.scope, eventId, user);
      if (c.status === 'cancelled') throw conflict('CONTEST_CANCELLED');
      const before = await this.contests.describeEvent(e, t);
      const merged: EventInput = {
        tradeId: e.tradeId,
        capacity: patch.capacity ?? before.capacity,
        targetLevel: patch.targetLevel !== undefined ? patch.targetLevel : before.targetLevel,
        requiresApproval: patch.requiresApproval ?? before.requiresApproval,
        venue: patch.venue !== undefined ? patch.venue : before.venue,
        eligibility: { ...before.eligibility, ...patch.eligibility },
        scoring: { ...before.scoring, ...patch.scoring, criteria: patch.scoring?.criteria ?? before.scoring.criteria },
        promotionRules: patch.promotionRules ?? before.promotionRules,
        appealHours: patch.appealHours ?? before.appealHours,
        registrationMode: patch.registrationMode ?? before.registrationMode,
      };
      const next = normaliseEvent(merged, c.tier);
      // a final's preliminaries (services/stages.ts): checked whenever sent, a part of their own
      const stages = patch.qualifiesFrom && (await checkQualifiesFrom(t, this.scope, { eventId, orgId: c.orgId }, patch.qualifiesFrom));
      const changed = this.changedParts(before, next);
      if (patch.qualifiesFrom && !sameQualifiesFrom(before.qualifiesFrom, patch.qualifiesFrom)) changed.push('qualifiesFrom');
      if (!changed.length) return { ...(await this.registrations.eventForDesk(eventId, user, t)), promotedFromWaitlist: 0 };

      // the most specific reason first: a rules change after applying is refused for that, not for publication
      if (changed.includes('promotionRules') && e.promotionsAppliedAt) throw conflict('PROMOTION_RULES_LOCKED');
      // a judge's mark or a theory score fixes the scheme the results are computed with
      if (changed.includes('scoring') && (await hasScores(t, eventId))) throw conflict('SCORING_LOCKED');
      if (e.resultsPublishedAt && changed.some((p) => p !== 'venue')) throw conflict('RESULTS_PUBLISHED');
      if (changed.includes('capacity') && next.event.capacity < e.taken)
        throw new AppError(409, 'CAPACITY_BELOW_TAKEN', { taken: e.taken });
      // quota seats and open seats share the capacity (domain SeatState.reserved): held + unused quota seats must fit
      if (changed.includes('capacity') && next.event.capacity < e.taken + e.reserved)
        throw new AppError(409, 'CAPACITY_BELOW_QUOTAS', { seats: e.taken + e.reserved });

      const { tradeId: _trade, ...fields } = next.event;
      await updateEvent(t, eventId, fields);
      if (changed.includes('scoring') && !sameRows(before.scoring.criteria, next.criteria, ['name', 'maxScore', 'kind']))
        await replaceCriteria(t, eventId, next.criteria);
      if (changed.includes('promotionRules')) await replacePromotionRules(t, eventId, next.rules);
      if (stages && changed.includes('qualifiesFrom')) await saveQualifiesFrom(t, eventId, stages);
      const promoted = next.event.capacity > e.capacity ? await fillFreeSeats(t, this.audit, eventId, user.id, 'capacity raised') : [];

      const after = await this.contests.describeEvent((await eventById(t, eventId))!, t);
      const pick = (d: typeof before) => Object.fromEntries(changed.map((p) => [p, d[p]]));
      await this.audit.record(t, {
        actorId: user.id,
        action: 'event.update',
        entity: 'event',
        entityId: eventId,
        before: pick(before),
        after: { ...pick(after), ...(promoted.length ? { promotedFromWaitlist: promoted.map((p) => p.id) } : {}) },
      });
      return { ...(await this.registrations.eventForDesk(eventId, user, t)), promotedFromWaitlist: promoted.length };
    });
  }

  private changedParts(before: Awaited<ReturnType<ContestsService['describeEvent']>>, next: NormalisedEvent): Part[] {
    const n = next.event;
    const parts: [Part, boolean][] = [
      ['capacity', same(before.capacity, n.capacity)],
      ['targetLevel', same(before.targetLevel, n.targetLevel)],
      ['requiresApproval', before.requiresApproval === n.requiresApproval],
      ['registrationMode', before.registrationMode === n.registrationMode],
      ['venue', same(before.venue, n.venue)],
      [
        'eligibility',
        same(before.eligibility.minLevel, n.minLevel) &&
          same(before.eligibility.maxLevel, n.maxLevel) &&
          same(before.eligibility.minAge, n.minAge) &&
          same(before.eligibility.maxAge, n.maxAge) &&
          before.eligibility.unionMemberOnly === n.unionMemberOnly,
      ],
      [
        'scoring',
        same(before.scoring.theoryWeight, n.theoryWeight) &&
          same(before.scoring.practicalWeight, n.practicalWeight) &&
          before.scoring.aggregation === n.aggregation &&
          same(before.scoring.passMark, n.passMark) &&
          sameRows([before.scoring.awards], [n.awards as typeof before.scoring.awards], ['mode', 'first', 'second', 'third']) &&
          sameRows(before.scoring.criteria, next.criteria, ['name', 'maxScore', 'kind']),
      ],
      [
        'promotionRules',
        sameRows(before.promotionRules, next.rules, ['fromRank', 'toRank', 'topPercent', 'targetLevel', 'capLevel', 'title']),
      ],
      ['appealHours', same(before.appealHours, n.appealHours)],
    ];
    return parts.filter(([, unchanged]) => !unchanged).map(([p]) => p);
  }

  /**
   * DELETE /api/events/:id/judges/:userId — a wrongly assigned judge leaves the panel. A judge who has entered
   * any mark stays (409 JUDGE_HAS_SCORES): the marks and their audit trail would lose their author.
   */
  removeJudge(eventId: number, judgeId: number, user: Caller) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const { e } = await managedEvent(t, this.scope, eventId, user);
      if (e.resultsPublishedAt) throw conflict('ALREADY_PUBLISHED');
      const a = await judgeAssignmentOf(t, eventId, judgeId);
      if (!a) throw new AppError(404, 'JUDGE_NOT_ASSIGNED');
      if (await judgeHasMarks(t, eventId, judgeId)) throw conflict('JUDGE_HAS_SCORES');
      await deleteJudgeAssignment(t, a.id);
      await this.audit.record(t, {
        actorId: user.id,
        action: 'judge.remove',
        entity: 'judge_assignment',
        entityId: a.id,
        before: { eventId, judgeId, chief: a.chief, submittedAt: a.submittedAt },
      });
      return { eventId, judgeId, removed: true as const };
    });
  }
}
