/**
 * Preliminaries feeding a final (预赛 → 决赛; domain.md § Contests, "Stages"): the top N or the top share of each
 * published preliminary advance. Ranks are competition ranks (1, 2, 2, 4), so everyone tied at the cut advances.
 */
import { percentCutoffRank } from './ranking';

export interface QualifyRule {
  topN?: number | null;
  /** percent 0–100 of the contestants with a result: ranks ≤ max(1, ⌊N × topPercent / 100⌋) */
  topPercent?: number | null;
}

/** The last rank that advances. */
export function qualifyingRank(rule: QualifyRule, contestants: number): number {
  if (rule.topN != null) return rule.topN;
  if (rule.topPercent != null) return percentCutoffRank(contestants, rule.topPercent);
  return 0;
}

/** Those of a preliminary's ranked results who advance: rank ≤ the cut, ties at the cut included; best first. */
export function qualifiers<T extends { rank: number }>(results: readonly T[], rule: QualifyRule): T[] {
  const cut = qualifyingRank(rule, results.length);
  return results.filter((r) => r.rank <= cut).sort((a, b) => a.rank - b.rank);
}

/** A rule names exactly one of topN (≥ 1) or topPercent (0 < p ≤ 100). */
export function qualifyRuleProblem(rule: QualifyRule): string | null {
  const n = rule.topN != null;
  const p = rule.topPercent != null;
  if (n === p) return 'give either topN or topPercent';
  if (n && !(Number.isInteger(rule.topN) && (rule.topN as number) >= 1)) return 'topN is a whole number ≥ 1';
  if (p && !((rule.topPercent as number) > 0 && (rule.topPercent as number) <= 100)) return 'topPercent is above 0 and at most 100';
  return null;
}
