/**
 * Ranking, pass and awards (domain.md § Scoring).
 */
import { compareDecimals, floorDecimal, multiplyDecimals, toDecimal } from './decimal';
import { DEFAULT_PASS_MARK } from './scoring';
import type { Award } from './types';

export interface ResultFigures<Id = number> {
  id: Id;
  theory: number;
  practical: number;
  /** The published (rounded) total: "ranks use the published total". */
  total: number;
}

export type Ranked<T> = T & { rank: number; tied: boolean };

/** Better first: total desc, then practical desc, then theory desc. 0 = a true tie. */
export function compareResults(a: ResultFigures<unknown>, b: ResultFigures<unknown>): number {
  return b.total - a.total || b.practical - a.practical || b.theory - a.theory;
}

/**
 * Standard competition ranking (1, 2, 2, 4): contestants still equal after the tie-breaks share
 * a rank and are flagged `tied` for the chief judge; the next rank skips. Returned best first;
 * tied contestants keep their input order.
 */
export function rankContestants<T extends ResultFigures<unknown>>(results: readonly T[]): Ranked<T>[] {
  const sorted = [...results].sort(compareResults);
  const ranks: number[] = [];
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    ranks.push(prev !== undefined && compareResults(prev, r) === 0 ? (ranks[i - 1] as number) : i + 1);
  });
  return sorted.map((r, i) => {
    const rank = ranks[i] as number;
    const tied = ranks[i - 1] === rank || ranks[i + 1] === rank;
    return { ...r, rank, tied };
  });
}

/**
 * "Shares of the field count ranks ≤ max(1, ⌊N × share⌋)", N = contestants with a result.
 * `share` is a fraction (0.3 = 30 %). Computed in exact decimal: 100 × 0.29 is 29, not 28.
 */
export function shareCutoffRank(n: number, share: number): number {
  return Math.max(1, floorDecimal(multiplyDecimals(toDecimal(n), toDecimal(share))));
}

/** The same with the share given in percent (0–100), as promotion bands and awards store it. */
export function percentCutoffRank(n: number, percent: number): number {
  const product = multiplyDecimals(toDecimal(n), toDecimal(percent));
  return Math.max(1, floorDecimal({ units: product.units, scale: product.scale + 2 }));
}

/**
 * Pass = total ≥ pass mark (default 60), compared as the decimals the numbers stand for. For finite numbers that is
 * the numbers' own order: a number's shortest decimal rounds back to it, and rounding to nearest is monotonic, so
 * a < b exactly when decimal(a) < decimal(b). Non-finite numbers go to toDecimal, which refuses them.
 */
export function passed(total: number, passMark: number = DEFAULT_PASS_MARK): boolean {
  if (Number.isFinite(total) && Number.isFinite(passMark)) return total >= passMark;
  return compareDecimals(toDecimal(total), toDecimal(passMark)) >= 0;
}

/**
 * Award configuration. `count`: 一等奖 to the best `first` ranks, 二等奖 to the next `second`,
 * 三等奖 to the next `third`. `percent` (0–100 of N): cumulative cutoffs — 一等奖 for ranks ≤
 * cutoff(first %), 二等奖 ≤ cutoff(first + second %), 三等奖 ≤ cutoff(first + second + third %).
 * A class set to 0 awards nobody (the max(1, …) floor applies only to non-zero shares).
 */
export type AwardConfig =
  { mode: 'count'; first: number; second: number; third: number } | { mode: 'percent'; first: number; second: number; third: number };

/** 1 / 2 / 3 places — the usual prize list of a small event. */
export const DEFAULT_AWARD_COUNTS: AwardConfig = { mode: 'count', first: 1, second: 2, third: 3 };
/**
 * 5 % / 10 % / 15 % (30 % of the field in all), so that 优胜奖 ("anyone else in the top half")
 * still has room; 10/20/30 would already cover 60 % and leave no 优胜奖.
 */
export const DEFAULT_AWARD_PERCENTS: AwardConfig = { mode: 'percent', first: 5, second: 10, third: 15 };
export const DEFAULT_AWARD_CONFIG: AwardConfig = DEFAULT_AWARD_COUNTS;

/** The share of the field for 优胜奖: the top half. */
export const EXCELLENCE_SHARE = 0.5;

export interface AwardCutoffs {
  first: number;
  second: number;
  third: number;
  excellence: number;
}

/** The last rank of each award class for a field of n (0 = nobody). */
export function awardCutoffs(n: number, config: AwardConfig): AwardCutoffs {
  const excellence = n === 0 ? 0 : shareCutoffRank(n, EXCELLENCE_SHARE);
  if (config.mode === 'count') {
    const first = config.first;
    const second = first + config.second;
    return { first, second, third: second + config.third, excellence };
  }
  const cut = (previous: number, cumulativePercent: number, own: number) =>
    own > 0 && n > 0 ? Math.max(previous, percentCutoffRank(n, cumulativePercent)) : previous;
  const first = cut(0, config.first, config.first);
  const second = cut(first, config.first + config.second, config.second);
  const third = cut(second, config.first + config.second + config.third, config.third);
  return { first, second, third, excellence };
}

/**
 * Awards by rank, so tied contestants always get the same award. 优胜奖 ('excellence') goes to
 * anyone else within the top half. Pass is not required (domain.md does not ask for it);
 * filter first if an event wants it. Input order is kept.
 */
export function assignAwards<T extends { rank: number }>(
  ranked: readonly T[],
  config: AwardConfig = DEFAULT_AWARD_CONFIG,
): (T & { award: Award | null })[] {
  const c = awardCutoffs(ranked.length, config);
  const awardFor = (rank: number): Award | null =>
    rank <= c.first ? 'first' : rank <= c.second ? 'second' : rank <= c.third ? 'third' : rank <= c.excellence ? 'excellence' : null;
  return ranked.map((r) => ({ ...r, award: awardFor(r.rank) }));
}
