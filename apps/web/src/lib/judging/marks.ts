/**
 * What a judge may enter per criterion kind (domain.md § Scoring): `score` 0..max in steps of 0.5,
 * `measurement` 0 or the full mark, `judgement` 0, 1, 2 or 3. The API checks the same; checking here
 * gives the judge the message before the mark leaves the tablet.
 */
import type { SheetCriterion as Criterion } from '@gongjiang/contract';

export type MarkCheck = { ok: true; score: number | null } | { ok: false; reason: 'number' | 'range' | 'step' | 'binary' | 'judgement' };

/** Parses what was typed ('' clears the cell; a comma decimal is accepted: "7,5"). */
export function checkMark(raw: string, criterion: Pick<Criterion, 'kind' | 'maxScore'>): MarkCheck {
  const text = raw.trim().replace(',', '.');
  if (text === '') return { ok: true, score: null };
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, reason: 'number' };
  const n = Number(text);
  if (criterion.kind === 'judgement') return Number.isInteger(n) && n <= 3 ? { ok: true, score: n } : { ok: false, reason: 'judgement' };
  if (criterion.kind === 'measurement')
    return n === 0 || n === criterion.maxScore ? { ok: true, score: n } : { ok: false, reason: 'binary' };
  if (n > criterion.maxScore) return { ok: false, reason: 'range' };
  if (!Number.isInteger(n * 2)) return { ok: false, reason: 'step' };
  return { ok: true, score: n };
}

/** The cell's input text for a stored mark. */
export function markText(score: number | null | undefined): string {
  return score === null || score === undefined ? '' : String(score);
}

/** The highest mark a cell accepts (judgement marks go to 3 whatever the criterion's weight). */
export function cellMax(criterion: Pick<Criterion, 'kind' | 'maxScore'>): number {
  return criterion.kind === 'judgement' ? 3 : criterion.maxScore;
}
