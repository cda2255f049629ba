/**
 * An event's scheme as organizers send it (POST /api/contests/:id/events, PATCH /api/events/:id): validation,
 * the defaults, and writing the criteria and promotion-rule rows. Shared by creating and editing an event.
 */
import {
  DEFAULT_APPEAL_HOURS,
  DEFAULT_AWARD_CONFIG,
  DEFAULT_PASS_MARK,
  DEFAULT_PRACTICAL_WEIGHT,
  DEFAULT_THEORY_WEIGHT,
  levelOrder,
  parseAwardConfig,
  PROMOTION_TEMPLATES,
  scoringSchemeProblem,
  type Aggregation,
  type AwardConfig,
  type ContestTier,
  type CriterionKind,
  type RegistrationMode,
  type SkillLevel,
} from '@gongjiang/domain';
import { validation } from '../lib/errors';
import type { QualifyRule } from './stages';

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
  /** a final's preliminaries (services/stages.ts) */
  qualifiesFrom?: QualifyRule[];
  /** hours after publication within which a contestant may appeal */
  appealHours?: number;
  /** who may register (domain REGISTRATION_MODES); default open */
  registrationMode?: RegistrationMode;
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
  const theoryWeight = sc.theoryWeight ?? DEFAULT_THEORY_WEIGHT;
  const practicalWeight = sc.practicalWeight ?? DEFAULT_PRACTICAL_WEIGHT;
  const crit = sc.criteria ?? DEFAULT_CRITERIA;
  if (crit.length === 0) throw validation('scoring.criteria: at least one criterion', 'scoring.criteria', 'too_short');
  // the contract's rule, checked exactly in decimal by the domain (0.1 + 0.2 + 0.7 is 1 there)
  const problem = scoringSchemeProblem({ theoryWeight, practicalWeight, criteria: crit });
  if (problem === 'weights') throw validation('scoring.theoryWeight + scoring.practicalWeight must equal 1', 'scoring.theoryWeight', 'sum');
  if (problem === 'criteria') {
    const sum = crit.reduce((s, c) => s + c.maxScore, 0);
    throw validation(
      `scoring.criteria: maxScore values must sum to 100 (they sum to ${Number(sum.toFixed(4))})`,
      'scoring.criteria',
      'sum',
    );
  }
  crit.forEach((c, i) => {
    if (c.kind === 'score' && Math.abs(c.maxScore * 2 - Math.round(c.maxScore * 2)) > EPS)
      throw validation(
        `scoring.criteria.${i}.maxScore: a score criterion's maximum is a multiple of 0.5`,
        `scoring.criteria.${i}.maxScore`,
        'step',
      );
  });
  const awards = sc.awards === undefined ? DEFAULT_AWARD_CONFIG : parseAwardConfig(sc.awards);
  if (!awards)
    throw validation(
      sc.awards?.mode === 'count' ? 'scoring.awards: counts are whole numbers' : 'scoring.awards: percentages together at most 100',
      'scoring.awards',
      'range',
    );
  if (el.minLevel && el.maxLevel && levelOrder(el.minLevel) > levelOrder(el.maxLevel))
    throw validation('eligibility.maxLevel: must not be below minLevel', 'eligibility.maxLevel', 'order');
  if (el.minAge != null && el.maxAge != null && el.minAge > el.maxAge)
    throw validation('eligibility.maxAge: must not be below minAge', 'eligibility.maxAge', 'order');
  const rules = input.promotionRules ?? PROMOTION_TEMPLATES[tier].map((r) => ({ ...r }));
  rules.forEach((r, i) => {
    const byRank = r.fromRank != null || r.toRank != null;
    const byShare = r.topPercent != null;
    if (byRank === byShare)
      throw validation(`promotionRules.${i}: give either fromRank..toRank or topPercent`, `promotionRules.${i}`, 'invalid');
    if (byRank && (r.fromRank == null || r.toRank == null || r.fromRank > r.toRank))
      throw validation(`promotionRules.${i}.toRank: a band needs fromRank ≤ toRank`, `promotionRules.${i}.toRank`, 'order');
    if (levelOrder(r.capLevel) < levelOrder(r.targetLevel))
      throw validation(`promotionRules.${i}.capLevel: must not be below targetLevel`, `promotionRules.${i}.capLevel`, 'order');
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
      passMark: sc.passMark ?? DEFAULT_PASS_MARK,
      awards: { ...awards } as Record<string, unknown>,
      appealHours: input.appealHours ?? DEFAULT_APPEAL_HOURS,
      registrationMode: input.registrationMode ?? 'open',
    },
    criteria: crit,
    rules,
  };
}

export type NormalisedEvent = ReturnType<typeof normaliseEvent>;
