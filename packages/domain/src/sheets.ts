/**
 * A judge's score sheet (domain.md § Scoring): which cells it has, which are still empty, and the
 * judgement marks that block its lock.
 */
import type { JudgeMark } from './scoring';

export interface SheetCell<C, K> {
  contestant: C;
  criterion: K;
}

const keyOf = (contestant: unknown, criterion: unknown) => JSON.stringify([contestant, criterion]);

/**
 * The cells of a sheet still without a mark, in sheet order (contestants, then criteria).
 * `contestants` are the judge's non-conflicted contestants; marks on cells outside the sheet are ignored.
 * Contestants and criteria are primitive keys (ids, blind numbers), compared with ===.
 */
export function missingCells<C, K>(
  contestants: readonly C[],
  criteria: readonly K[],
  marked: readonly SheetCell<C, K>[],
): SheetCell<C, K>[] {
  // nested Map/Set rather than string keys: a 1,000 × 10 sheet is checked for every judge on every progress read
  const done = new Map<C, Set<K>>();
  for (const m of marked) {
    const row = done.get(m.contestant);
    if (row) row.add(m.criterion);
    else done.set(m.contestant, new Set([m.criterion]));
  }
  const missing: SheetCell<C, K>[] = [];
  for (const contestant of contestants) {
    const row = done.get(contestant);
    for (const criterion of criteria) {
      if (!row?.has(criterion)) missing.push({ contestant, criterion });
    }
  }
  return missing;
}

/** Cells done / cells in the sheet (a judge's progress). */
export function sheetProgress<C, K>(
  contestants: readonly C[],
  criteria: readonly K[],
  marked: readonly SheetCell<C, K>[],
): { done: number; total: number } {
  const total = contestants.length * criteria.length;
  return { done: total - missingCells(contestants, criteria, marked).length, total };
}

export interface JudgementSpread<C, K> {
  contestant: C;
  criterion: K;
  /** this judge's mark */
  mine: number;
  /** the other judge's mark farthest from it */
  other: number;
  otherJudgeId: number;
}

/**
 * "For judgement, scores more than 1 apart for the same contestant block the sheet's lock until
 * reconciled" — seen from one judge: each (contestant, criterion) where this judge's mark and
 * another judge's mark differ by more than 1, reporting the farthest other mark. Pass the counted
 * (non-conflicted) marks of judgement criteria only. Spreads between two other judges do not
 * block this judge.
 */
export function judgementSpreadsFor<C, K>(judgeId: number, marks: readonly JudgeMark<C, K>[]): JudgementSpread<C, K>[] {
  const mine = new Map<string, JudgeMark<C, K>>();
  for (const m of marks) if (m.judgeId === judgeId) mine.set(keyOf(m.contestant, m.criterion), m);
  const worst = new Map<string, JudgementSpread<C, K>>();
  for (const m of marks) {
    if (m.judgeId === judgeId) continue;
    const key = keyOf(m.contestant, m.criterion);
    const own = mine.get(key);
    if (!own) continue;
    const gap = Math.abs(own.value - m.value);
    if (gap <= 1) continue;
    const seen = worst.get(key);
    if (!seen || gap > Math.abs(seen.mine - seen.other)) {
      worst.set(key, { contestant: own.contestant, criterion: own.criterion, mine: own.value, other: m.value, otherJudgeId: m.judgeId });
    }
  }
  // in the order of the judge's own marks
  return [...mine.keys()].flatMap((k) => worst.get(k) ?? []);
}
