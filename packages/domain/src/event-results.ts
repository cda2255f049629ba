/**
 * An event's results from its raw data (domain.md § Scoring), composed of the scoring, recusal and
 * ranking rules: per criterion the non-conflicted judges' marks are aggregated; practical = sum;
 * total = theory × wT + practical × wP; ranked with tie-breaks; pass mark; awards.
 */
import { roundHalfUp } from './decimal';
import { assignAwards, DEFAULT_AWARD_CONFIG, passed, rankContestants, type AwardConfig } from './ranking';
import { nonConflictedJudges, type JudgeEmployer } from './recusal';
import { criterionMark, practicalScore, totalScore, type JudgeMark } from './scoring';
import type { Aggregation, Award, CriterionKind } from './types';

export interface ResultsScheme {
  theoryWeight: number;
  practicalWeight: number;
  aggregation: Aggregation;
  passMark: number;
  /** null → DEFAULT_AWARD_CONFIG */
  awards?: AwardConfig | null;
}

export interface ResultsCriterion<K = number> {
  id: K;
  kind: CriterionKind;
  maxScore: number;
}

export interface ResultsContestant<C> {
  /** a primitive key (registration id or blind number): marks refer to it */
  id: C;
  employerOrgId: number | null;
  /** the imported theory score; null while missing */
  theory: number | null;
}

export interface ContestantResult<C> {
  id: C;
  /** the aggregated mark of each criterion (in criteria order), unrounded; null = no counting mark */
  criterionMarks: (number | null)[];
  /** published figures, rounded half-up to 2 decimals; null while they cannot be computed */
  theory: number | null;
  practical: number | null;
  total: number | null;
  passed: boolean | null;
  rank: number | null;
  tied: boolean;
  award: Award | null;
  /** how many judges may mark this contestant once conflicts of interest are left out */
  eligibleJudges: number;
}

/**
 * Results of every contestant. Those with a theory score and a mark on every criterion are ranked
 * (best first; N for shares and awards = these); the others follow in input order with rank null.
 * Marks of conflicted judges, or of judges not in `judges`, never count.
 */
export function computeEventResults<C, K = number>(input: {
  scheme: ResultsScheme;
  criteria: readonly ResultsCriterion<K>[];
  judges: readonly JudgeEmployer[];
  contestants: readonly ResultsContestant<C>[];
  marks: readonly JudgeMark<C, K>[];
}): ContestantResult<C>[] {
  const { scheme, criteria, judges, contestants, marks } = input;
  // Who may mark whom is known before reading a mark, so a conflicted judge's mark is dropped on
  // the way in (and the marks that count are kept as bare numbers: 70,000 marks, little garbage).
  const allowed = new Map(contestants.map((c) => [c.id, new Set(nonConflictedJudges(judges, c.employerOrgId).map((j) => j.judgeId))]));
  const counted = new Map<C, Map<K, number[]>>();
  for (const m of marks) {
    if (!allowed.get(m.contestant)?.has(m.judgeId)) continue;
    let cells = counted.get(m.contestant);
    if (!cells) counted.set(m.contestant, (cells = new Map()));
    const cell = cells.get(m.criterion);
    if (cell) cell.push(m.value);
    else cells.set(m.criterion, [m.value]);
  }

  const complete: (ContestantResult<C> & { theory: number; practical: number; total: number })[] = [];
  const incomplete: ContestantResult<C>[] = [];
  for (const c of contestants) {
    const cells = counted.get(c.id);
    const criterionMarks = criteria.map((k) => criterionMark(k.kind, k.maxScore, cells?.get(k.id) ?? [], scheme.aggregation));
    const practical = criterionMarks.every((x) => x !== null) ? practicalScore(criterionMarks as number[]) : null;
    const theory = c.theory === null || !Number.isFinite(c.theory) ? null : roundHalfUp(c.theory, 2);
    const base = { id: c.id, criterionMarks, rank: null, tied: false, award: null, eligibleJudges: allowed.get(c.id)!.size };
    if (theory === null || practical === null) {
      incomplete.push({ ...base, theory, practical, total: null, passed: null });
    } else {
      const total = totalScore(theory, practical, scheme.theoryWeight, scheme.practicalWeight);
      complete.push({ ...base, theory, practical, total, passed: passed(total, scheme.passMark) });
    }
  }
  const ranked = assignAwards(rankContestants(complete), scheme.awards ?? DEFAULT_AWARD_CONFIG);
  return [...ranked, ...incomplete];
}

/**
 * An event's stored award configuration (`{mode: 'count'|'percent', first, second, third}`),
 * or null when absent or malformed (the caller then uses the default). Counts are whole numbers;
 * percentages together at most 100.
 */
export function parseAwardConfig(raw: unknown): AwardConfig | null {
  if (raw == null || typeof raw !== 'object') return null;
  const { mode, first, second, third } = raw as Record<string, unknown>;
  const parts = [first, second, third];
  if (!parts.every((x): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0)) return null;
  const [a, b, c] = parts as [number, number, number];
  if (mode === 'count') return parts.every((x) => Number.isInteger(x)) ? { mode, first: a, second: b, third: c } : null;
  if (mode === 'percent') return a + b + c <= 100 ? { mode, first: a, second: b, third: c } : null;
  return null;
}
