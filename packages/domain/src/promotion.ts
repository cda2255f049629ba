/**
 * The contest promotion engine (domain.md § Promotions).
 */
import { percentCutoffRank } from './ranking';
import { becameHighSkill, levelOrder, nextLevel, type SkillLevel } from './skill-levels';
import type { ContestTier } from './types';

/**
 * One row of an event's promotion table. A band is either ranks `fromRank..toRank` (inclusive)
 * or `topPercent` (0–100): ranks ≤ max(1, ⌊N × topPercent / 100⌋), N = contestants with a result.
 */
export interface PromotionRule {
  fromRank: number | null;
  toRank: number | null;
  topPercent: number | null;
  targetLevel: SkillLevel;
  capLevel: SkillLevel;
  title: string | null;
}

const band = (
  fromRank: number | null,
  toRank: number | null,
  topPercent: number | null,
  targetLevel: SkillLevel,
  capLevel: SkillLevel,
  title: string | null = null,
): PromotionRule => ({ fromRank, toRank, topPercent, targetLevel, capLevel, title });

/** The default table per tier, exactly as domain.md § Promotions. */
export const PROMOTION_TEMPLATES: Readonly<Record<ContestTier, readonly PromotionRule[]>> = {
  city: [band(1, 3, null, 'technician', 'senior_technician', '市技术能手'), band(4, 10, null, 'senior', 'technician')],
  district: [band(1, 6, null, 'senior', 'senior')],
  enterprise: [band(null, null, 30, 'intermediate', 'senior')],
};

/** Whether `rank` falls in the band, for a field of `fieldSize` contestants with a result. */
export function rankInBand(rule: PromotionRule, rank: number, fieldSize: number): boolean {
  if (rule.topPercent != null) return rank <= percentCutoffRank(fieldSize, rule.topPercent);
  if (rule.fromRank == null && rule.toRank == null) return false;
  return rank >= (rule.fromRank ?? 1) && rank <= (rule.toRank ?? Number.POSITIVE_INFINITY);
}

/**
 * The first rule whose band contains the rank, in table order. Bands are meant not to overlap;
 * if they do, the earlier row wins, so organizers order the table best band first.
 */
export function bandFor(rules: readonly PromotionRule[], rank: number, fieldSize: number): PromotionRule | null {
  return rules.find((r) => rankInBand(r, rank, fieldSize)) ?? null;
}

function minLevel(a: SkillLevel, b: SkillLevel): SkillLevel {
  return levelOrder(a) <= levelOrder(b) ? a : b;
}

/**
 * "New level: below target → target; at or above target → one level up, but never above the
 * band's cap; if that is not above the current level, no promotion." The cap is applied to the
 * target too (a rule with target above cap promotes only to the cap), and nobody passes
 * chief_technician. Returns null when there is no promotion.
 */
export function promotedLevel(current: SkillLevel | null, rule: PromotionRule): SkillLevel | null {
  const wanted = levelOrder(current) < levelOrder(rule.targetLevel) ? rule.targetLevel : nextLevel(current);
  if (wanted === null) return null;
  const level = minLevel(wanted, rule.capLevel);
  return levelOrder(level) > levelOrder(current) ? level : null;
}

export interface WorkerStanding {
  currentLevel: SkillLevel | null;
  /** Contest promotions already recorded for this worker in the contest's calendar year. */
  contestPromotionsThisYear: number;
}

export interface ContestResultForPromotion {
  workerId: number;
  rank: number;
  passed: boolean;
}

export type NoPromotionReason = 'not_in_plan' | 'not_passed' | 'no_band' | 'already_promoted_this_year' | 'at_cap';

export type PromotionDecision =
  | { workerId: number; promote: true; fromLevel: SkillLevel | null; toLevel: SkillLevel; title: string | null; becameHighSkill: boolean }
  | { workerId: number; promote: false; reason: NoPromotionReason };

/** At most one contest promotion per worker per calendar year. */
export const CONTEST_PROMOTIONS_PER_YEAR = 1;

/**
 * A decision for every contestant with a result. Reasons are checked in this order:
 * not_in_plan (only in-plan contests promote), not_passed, no_band, already_promoted_this_year,
 * at_cap. N for percentage bands is the number of results passed in. A worker missing from
 * `workers` is a caller bug and throws.
 * Idempotent as the API applies it: re-deciding with each promoted worker's new level and
 * counter promotes nobody new.
 */
export function decidePromotions(input: {
  inPlan: boolean;
  rules: readonly PromotionRule[];
  results: readonly ContestResultForPromotion[];
  workers: ReadonlyMap<number, WorkerStanding> | Readonly<Record<number, WorkerStanding>>;
}): PromotionDecision[] {
  const { inPlan, rules, results, workers } = input;
  const standingOf = (id: number): WorkerStanding => {
    const s = workers instanceof Map ? workers.get(id) : (workers as Readonly<Record<number, WorkerStanding>>)[id];
    if (!s) throw new RangeError(`no standing for worker ${id}`);
    return s;
  };
  return results.map(({ workerId, rank, passed }): PromotionDecision => {
    const no = (reason: NoPromotionReason): PromotionDecision => ({ workerId, promote: false, reason });
    if (!inPlan) return no('not_in_plan');
    if (!passed) return no('not_passed');
    const rule = bandFor(rules, rank, results.length);
    if (!rule) return no('no_band');
    const { currentLevel, contestPromotionsThisYear } = standingOf(workerId);
    if (contestPromotionsThisYear >= CONTEST_PROMOTIONS_PER_YEAR) return no('already_promoted_this_year');
    const toLevel = promotedLevel(currentLevel, rule);
    if (toLevel === null) return no('at_cap');
    return {
      workerId,
      promote: true,
      fromLevel: currentLevel,
      toLevel,
      title: rule.title,
      becameHighSkill: becameHighSkill(currentLevel, toLevel),
    };
  });
}
