/**
 * Marks, criterion marks, practical and total scores (domain.md § Scoring).
 */
import {
  addDecimals,
  compareDecimals,
  decimalToNumber,
  multiplyDecimals,
  roundDecimal,
  roundHalfUp,
  roundSmall,
  smallDecimal,
  toDecimal,
} from './decimal';
import type { Aggregation, CriterionKind } from './types';

export const DEFAULT_THEORY_WEIGHT = 0.3;
export const DEFAULT_PRACTICAL_WEIGHT = 0.7;
export const DEFAULT_PASS_MARK = 60;
/** Trimming only makes sense with enough judges: "only with ≥ 5 judges, else mean". */
export const MIN_MARKS_FOR_TRIMMING = 5;
/** A judgement mark is 0, 1, 2 or 3. */
export const JUDGEMENT_MAX = 3;

export type MarkProblem = 'range' | 'step';

/**
 * null when a judge may enter `value` for a criterion, else why not:
 * - score: 0..max in steps of 0.5 (full marks are always allowed, even when max is off-step);
 * - measurement: 0 or max (WorldSkills: all or nothing);
 * - judgement: 0, 1, 2 or 3, whatever the criterion's max.
 * 'range' = outside the allowed interval (or not a finite number); 'step' = inside it but not an allowed value.
 */
export function validateMark(kind: CriterionKind, maxScore: number, value: number): MarkProblem | null {
  const top = kind === 'judgement' ? JUDGEMENT_MAX : maxScore;
  if (!Number.isFinite(value) || value < 0 || value > top) return 'range';
  switch (kind) {
    case 'score':
      return Number.isInteger(value * 2) || value === maxScore ? null : 'step';
    case 'measurement':
      return value === 0 || value === maxScore ? null : 'step';
    case 'judgement':
      return Number.isInteger(value) ? null : 'step';
  }
}

/** The mean of sorted[from..to), summed from the smallest up (the order fixes the last bit). */
function meanOf(sorted: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += sorted[i] as number;
  return sum / (to - from);
}

/**
 * aggregateMarks over marks already sorted ascending, sorted[from..to) (to > from): the arithmetic of every
 * aggregation in one place, for aggregateMarks and for computeEventResults, which keeps an event's marks in one
 * typed array.
 */
export function aggregateSorted(sorted: ArrayLike<number>, from: number, to: number, aggregation: Aggregation): number {
  const n = to - from;
  switch (aggregation) {
    case 'mean':
      return meanOf(sorted, from, to);
    case 'trimmed':
      return n >= MIN_MARKS_FOR_TRIMMING ? meanOf(sorted, from + 1, to - 1) : meanOf(sorted, from, to);
    case 'median': {
      const mid = from + (n >> 1);
      return n % 2 === 1 ? (sorted[mid] as number) : meanOf(sorted, mid - 1, mid + 1);
    }
  }
}

/**
 * Combines the judges' marks for one criterion. Marks are sorted first, so the result does not
 * depend on the order judges submitted in (not even in the last floating-point bit).
 * `trimmed` drops one highest and one lowest mark, only with ≥ 5 marks; otherwise it is the mean.
 * `median` of an even count is the mean of the two middle marks. No marks → null.
 */
export function aggregateMarks(marks: readonly number[], aggregation: Aggregation): number | null {
  if (marks.length === 0) return null;
  return aggregateSorted(
    [...marks].sort((a, b) => a - b),
    0,
    marks.length,
    aggregation,
  );
}

/** A judgement mark (0–3, aggregated) on a criterion's scale: aggregated ÷ 3 × max; other kinds as they are. */
export function scaledMark(kind: CriterionKind, maxScore: number, aggregated: number): number {
  return kind === 'judgement' ? (aggregated / JUDGEMENT_MAX) * maxScore : aggregated;
}

/**
 * A criterion's mark for one contestant, unrounded. For `judgement` the aggregated 0–3 mark is
 * scaled: mark = aggregated ÷ 3 × max. null when no judge marked it (e.g. every judge recused):
 * the result cannot be computed yet.
 */
export function criterionMark(
  kind: CriterionKind,
  maxScore: number,
  judgeMarks: readonly number[],
  aggregation: Aggregation,
): number | null {
  const aggregated = aggregateMarks(judgeMarks, aggregation);
  return aggregated === null ? null : scaledMark(kind, maxScore, aggregated);
}

/** Practical = sum of criterion marks, rounded half-up to 2 decimals (it is a published figure). */
export function practicalScore(criterionMarks: readonly number[]): number {
  const sum = [...criterionMarks].sort((a, b) => a - b).reduce((s, x) => s + x, 0);
  return roundHalfUp(sum, 2);
}

/**
 * Total = theory × wT + practical × wP, rounded half-up to 2 decimals. Theory and practical are
 * first taken as published (2 decimals) so anyone can recompute a published total from the
 * published parts; the weighted sum is computed in exact decimal arithmetic.
 */
export function totalScore(
  theory: number,
  practical: number,
  theoryWeight: number = DEFAULT_THEORY_WEIGHT,
  practicalWeight: number = DEFAULT_PRACTICAL_WEIGHT,
): number {
  return totalScorer(theoryWeight, practicalWeight)(theory, practical);
}

/**
 * totalScore with the weights read once, for a whole field. Safe-integer arithmetic (no BigInt) when every figure
 * is a short decimal — theory and practical of at most 2 decimals, as published — and every product and the sum stay
 * safe integers; exact decimals otherwise. Exact either way: a product or sum that is a safe integer is computed
 * exactly, and one that is not comes out ≥ 2^53 and takes the decimal path.
 */
export function totalScorer(theoryWeight: number, practicalWeight: number): (theory: number, practical: number) => number {
  const a = smallDecimal(theoryWeight);
  const b = smallDecimal(practicalWeight);
  const exact = (theory: number, practical: number) => {
    const t = roundDecimal(toDecimal(theory), 2);
    const p = roundDecimal(toDecimal(practical), 2);
    const sum = addDecimals(multiplyDecimals(t, toDecimal(theoryWeight)), multiplyDecimals(p, toDecimal(practicalWeight)));
    return decimalToNumber(roundDecimal(sum, 2));
  };
  if (!a || !b) return exact;
  return (theory, practical) => {
    const t = smallDecimal(theory);
    const p = smallDecimal(practical);
    if (!t || !p || t.scale > 2 || p.scale > 2) return exact(theory, practical);
    const scale = Math.max(t.scale + a.scale, p.scale + b.scale);
    if (scale > 22) return exact(theory, practical);
    const x = t.units * a.units;
    const y = p.units * b.units;
    const sx = x * 10 ** (scale - t.scale - a.scale);
    const sy = y * 10 ** (scale - p.scale - b.scale);
    const sum = sx + sy;
    const safe = Number.isSafeInteger(x) && Number.isSafeInteger(y) && Number.isSafeInteger(sx) && Number.isSafeInteger(sy);
    return safe && Number.isSafeInteger(sum) ? roundSmall(sum, scale, 2) : exact(theory, practical);
  };
}

export type SchemeProblem = 'weights' | 'criteria';

/**
 * api-contract.md: an event's scheme is refused when the criteria maxima don't sum to 100 or
 * the weights don't sum to 1. Checked exactly in decimal (0.1 + 0.2 + 0.7 is 1 here).
 */
export function scoringSchemeProblem(scheme: {
  theoryWeight: number;
  practicalWeight: number;
  criteria: readonly { maxScore: number }[];
}): SchemeProblem | null {
  const { theoryWeight: wT, practicalWeight: wP } = scheme;
  if (wT < 0 || wP < 0 || compareDecimals(addDecimals(toDecimal(wT), toDecimal(wP)), toDecimal(1)) !== 0) return 'weights';
  const maxima = scheme.criteria.map((c) => c.maxScore);
  if (maxima.some((m) => !(m > 0))) return 'criteria';
  const total = maxima.reduce((sum, m) => addDecimals(sum, toDecimal(m)), toDecimal(0));
  return compareDecimals(total, toDecimal(100)) === 0 ? null : 'criteria';
}

export interface JudgeMark<C, K> {
  judgeId: number;
  contestant: C;
  criterion: K;
  value: number;
}

export interface JudgementConflict<C, K> {
  contestant: C;
  criterion: K;
  low: number;
  high: number;
}

/**
 * "For judgement, scores more than 1 apart for the same contestant block the sheet's lock until
 * reconciled." Pass the marks of judgement criteria only; returns each (contestant, criterion)
 * whose lowest and highest marks differ by more than 1, in order of first appearance.
 */
export function judgementConflicts<C, K>(marks: readonly JudgeMark<C, K>[]): JudgementConflict<C, K>[] {
  const cells = new Map<string, JudgementConflict<C, K>>();
  for (const m of marks) {
    const key = JSON.stringify([m.contestant, m.criterion]);
    const cell = cells.get(key);
    if (cell) {
      cell.low = Math.min(cell.low, m.value);
      cell.high = Math.max(cell.high, m.value);
    } else {
      cells.set(key, { contestant: m.contestant, criterion: m.criterion, low: m.value, high: m.value });
    }
  }
  return [...cells.values()].filter((c) => c.high - c.low > 1);
}
