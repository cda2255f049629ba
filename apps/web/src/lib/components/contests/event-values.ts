/** An event as the API describes it → the values of EventForm (editing an event starts from what it is now). */
import type { Event as EventDetail } from '@gongjiang/contract';
import type { EventValues, RuleValues, StageValues } from '$lib/components/contests/values';

/** Rows of the promotion table offered beyond the existing ones (empty rows are ignored on save). */
export const SPARE_RULE_ROWS = 2;

const s = (n: number | null | undefined) => (n == null ? '' : String(n));
/** 0.3 → "30": the form takes weights in percent */
const percent = (w: number) => String(Number((w * 100).toFixed(4)));

/** Preliminary rows offered beyond the chosen ones (a final rarely has more than a few districts per form save). */
export const SPARE_STAGE_ROWS = 2;

export function blankStage(): StageValues {
  return { eventId: '', mode: 'topN', value: '' };
}

/** The stage rows of a form: the event's preliminaries, then spare empty rows. */
export function stageRows(qualifiesFrom: readonly { eventId: number; topN?: number; topPercent?: number }[] = []): StageValues[] {
  return [
    ...qualifiesFrom.map((q) =>
      q.topN != null
        ? { eventId: String(q.eventId), mode: 'topN', value: String(q.topN) }
        : { eventId: String(q.eventId), mode: 'topPercent', value: String(q.topPercent ?? '') },
    ),
    ...Array.from({ length: SPARE_STAGE_ROWS }, blankStage),
  ];
}

export function blankRule(): RuleValues {
  return { fromRank: '', toRank: '', topPercent: '', targetLevel: '', capLevel: '', title: '' };
}

export function eventValuesOf(ev: EventDetail): EventValues {
  return {
    tradeId: String(ev.tradeId),
    capacity: String(ev.capacity),
    targetLevel: ev.targetLevel ?? '',
    requiresApproval: ev.requiresApproval,
    registrationMode: ev.registrationMode,
    venue: ev.venue ?? '',
    minLevel: ev.eligibility.minLevel ?? '',
    maxLevel: ev.eligibility.maxLevel ?? '',
    minAge: s(ev.eligibility.minAge),
    maxAge: s(ev.eligibility.maxAge),
    unionMemberOnly: ev.eligibility.unionMemberOnly,
    theoryWeight: percent(ev.scoring.theoryWeight),
    practicalWeight: percent(ev.scoring.practicalWeight),
    aggregation: ev.scoring.aggregation,
    passMark: String(ev.scoring.passMark),
    awards: {
      mode: ev.scoring.awards.mode,
      first: String(ev.scoring.awards.first),
      second: String(ev.scoring.awards.second),
      third: String(ev.scoring.awards.third),
    },
    criteria: ev.scoring.criteria.map((c) => ({ name: c.name, maxScore: String(c.maxScore), kind: c.kind })),
    rules: [
      ...ev.promotionRules.map((r) => ({
        fromRank: s(r.fromRank),
        toRank: s(r.toRank),
        topPercent: s(r.topPercent),
        targetLevel: r.targetLevel,
        capLevel: r.capLevel,
        title: r.title ?? '',
      })),
      ...Array.from({ length: SPARE_RULE_ROWS }, blankRule),
    ],
    stages: stageRows(ev.qualifiesFrom),
  };
}
