/**
 * An event's scheme as organizers send it (POST /api/contests/:id/events, PATCH /api/events/:id): validation,
 * the defaults, and writing the criteria and promotion-rule rows. Shared by creating and editing an event.
 */
import {
  DEFAULT_AWARD_CONFIG,
  levelOrder,
  parseAwardConfig,
  PROMOTION_TEMPLATES,
  type Aggregation,
  type AwardConfig,
  type ContestTier,
  type CriterionKind,
  type SkillLevel,
} from '@gongjiang/domain';
import type { Db } from '../db';
import { criteria, promotionRules } from '../db/schema';
import { validation } from '../lib/errors';

export interface EventInput {
  tradeId: number;
  targetLevel?: SkillLevel | null;
  capacity: number;
  requiresApproval?: boolean;
  venue?: string | null;
  eligibility?: {
    minLevel?: SkillLevel | null;
    maxLevel?: SkillLevel | null;
    minAge?: number | null;
    maxAge?: number | null;
    unionMemberOnly?: boolean;
  };
  scoring?: {
    theoryWeight?: number;
    practicalWeight?: number;
    aggregation?: Aggregation;
    passMark?: number;
    criteria?: { name: string; maxScore: number; kind: CriterionKind }[];
    awards?: AwardConfig;
  };
  promotionRules?: {
    fromRank?: number | null;
    toRank?: number | null;
    topPercent?: number | null;
    targetLevel: SkillLevel;
    capLevel: SkillLevel;
    title?: string | null;
  }[];
}

const EPS = 1e-9;
const DEFAULT_CRITERIA: NonNullable<NonNullable<EventInput['scoring']>['criteria']> = [
  { name: '操作规范与安全', maxScore: 20, kind: 'score' },
  { name: '工件精度', maxScore: 40, kind: 'measurement' },
  { name: '工艺与质量', maxScore: 30, kind: 'score' },
  { name: '文明生产', maxScore: 10, kind: 'judgement' },
];

/** Validates an event's scheme (api-contract.md: 400 when maxima don't sum to 100 or weights don't sum to 1). */
export function normaliseEvent(input: EventInput, tier: ContestTier) {
  const el = input.eligibility ?? {};
  const sc = input.scoring ?? {};
  const theoryWeight = sc.theoryWeight ?? 0.3;
  const practicalWeight = sc.practicalWeight ?? 0.7;
  if (Math.abs(theoryWeight + practicalWeight - 1) > EPS) throw validation('scoring.theoryWeight + scoring.practicalWeight must equal 1');
  const crit = sc.criteria ?? DEFAULT_CRITERIA;
  if (crit.length === 0) throw validation('scoring.criteria: at least one criterion');
  const sum = crit.reduce((s, c) => s + c.maxScore, 0);
  if (Math.abs(sum - 100) > EPS)
    throw validation(`scoring.criteria: maxScore values must sum to 100 (they sum to ${Number(sum.toFixed(4))})`);
  crit.forEach((c, i) => {
    if (c.kind === 'score' && Math.abs(c.maxScore * 2 - Math.round(c.maxScore * 2)) > EPS)
      throw validation(`scoring.criteria.${i}.maxScore: a score criterion's maximum is a multiple of 0.5`);
  });
  const awards = sc.awards === undefined ? DEFAULT_AWARD_CONFIG : parseAwardConfig(sc.awards);
  if (!awards)
    throw validation(
      sc.awards?.mode === 'count' ? 'scoring.awards: counts are whole numbers' : 'scoring.awards: percentages together at most 100',
    );
  if (el.minLevel && el.maxLevel && levelOrder(el.minLevel) > levelOrder(el.maxLevel))
    throw validation('eligibility.maxLevel: must not be below minLevel');
  if (el.minAge != null && el.maxAge != null && el.minAge > el.maxAge) throw validation('eligibility.maxAge: must not be below minAge');
  const rules = input.promotionRules ?? PROMOTION_TEMPLATES[tier].map((r) => ({ ...r }));
  rules.forEach((r, i) => {
    const byRank = r.fromRank != null || r.toRank != null;
    const byShare = r.topPercent != null;
    if (byRank === byShare) throw validation(`promotionRules.${i}: give either fromRank..toRank or topPercent`);
    if (byRank && (r.fromRank == null || r.toRank == null || r.fromRank > r.toRank))
      throw validation(`promotionRules.${i}.toRank: a band needs fromRank ≤ toRank`);
    if (levelOrder(r.capLevel) < levelOrder(r.targetLevel)) throw validation(`promotionRules.${i}.capLevel: must not be below targetLevel`);
  });
  return {
    event: {
      tradeId: input.tradeId,
      targetLevel: input.targetLevel ?? null,
      capacity: input.capacity,
      requiresApproval: input.requiresApproval ?? false,
      venue: input.venue ?? null,
      minLevel: el.minLevel ?? null,
      maxLevel: el.maxLevel ?? null,
      minAge: el.minAge ?? null,
      maxAge: el.maxAge ?? null,
      unionMemberOnly: el.unionMemberOnly ?? true,
      theoryWeight,
      practicalWeight,
      aggregation: sc.aggregation ?? 'mean',
      passMark: sc.passMark ?? 60,
      awards: { ...awards } as Record<string, unknown>,
    },
    criteria: crit,
    rules,
  };
}

export type NormalisedEvent = ReturnType<typeof normaliseEvent>;

/** Inserts an event's criteria in order (positions 1…n). Call inside a transaction. */
export function insertCriteria(db: Db, eventId: number, crit: NormalisedEvent['criteria']) {
  return db
    .insert(criteria)
    .values(crit.map((cr, i) => ({ eventId, position: i + 1, name: cr.name.trim(), maxScore: cr.maxScore, kind: cr.kind })))
    .returning()
    .all();
}

/** Inserts an event's promotion bands in order (positions 1…n). Call inside a transaction. */
export function insertPromotionRules(db: Db, eventId: number, rules: NormalisedEvent['rules']) {
  if (!rules.length) return [];
  return db
    .insert(promotionRules)
    .values(
      rules.map((r, i) => ({
        eventId,
        position: i + 1,
        fromRank: r.fromRank ?? null,
        toRank: r.toRank ?? null,
        topPercent: r.topPercent ?? null,
        targetLevel: r.targetLevel,
        capLevel: r.capLevel,
        title: r.title ?? null,
      })),
    )
    .returning()
    .all();
}
