/**
 * Theory scores (理论知识, domain.md § Scoring: "Theory 0–100, imported by the organizer from the exam").
 * An import is all or nothing, so every problem of every row is reported at once.
 */

export const THEORY_MIN = 0;
export const THEORY_MAX = 100;

export type TheoryRowProblem = 'missing_bib' | 'unknown_bib' | 'duplicate_bib' | 'not_a_number' | 'out_of_range';

export interface TheoryRow {
  /** the row number the organizer sees (1-based list index, or the spreadsheet line) */
  row: number;
  bib: string;
  /** null or NaN when the cell was empty or not a number */
  score: number | null;
}

export interface TheoryRowError {
  row: number;
  bib: string;
  problem: TheoryRowProblem;
}

/** Blind numbers are compared trimmed and upper-cased: " a001" is A001. */
export function normaliseBib(bib: string): string {
  return bib.trim().toUpperCase();
}

/**
 * Every problem of every row, in row order: a missing or unknown blind number, a blind number
 * given more than once (each of its rows is flagged), a score that is not a number or not in 0–100.
 * An empty list means the whole import may be written.
 */
export function theoryRowErrors(rows: readonly TheoryRow[], knownBibs: Iterable<string>): TheoryRowError[] {
  const known = new Set([...knownBibs].map(normaliseBib));
  const count = new Map<string, number>();
  for (const r of rows) {
    const bib = normaliseBib(r.bib);
    if (bib) count.set(bib, (count.get(bib) ?? 0) + 1);
  }
  const errors: TheoryRowError[] = [];
  for (const r of rows) {
    const bib = normaliseBib(r.bib);
    const flag = (problem: TheoryRowProblem) => errors.push({ row: r.row, bib, problem });
    if (!bib) flag('missing_bib');
    else {
      if (!known.has(bib)) flag('unknown_bib');
      if ((count.get(bib) ?? 0) > 1) flag('duplicate_bib');
    }
    if (r.score === null || !Number.isFinite(r.score)) flag('not_a_number');
    else if (r.score < THEORY_MIN || r.score > THEORY_MAX) flag('out_of_range');
  }
  return errors;
}

/**
 * A spreadsheet cell's text as a score: plain decimal notation only ("87.5", " 90 "), so "0x10",
 * "1e2" or "" are not numbers (null).
 */
export function parseScoreText(text: string): number | null {
  const s = text.trim();
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : null;
}
