/**
 * An event's results from its raw data (domain.md § Scoring), composed of the scoring, recusal and
 * ranking rules: per criterion the non-conflicted judges' marks are aggregated; practical = sum;
 * total = theory × wT + practical × wP; ranked with tie-breaks; pass mark; awards.
 */
import { roundHalfUp } from './decimal';
import { assignAwards, DEFAULT_AWARD_CONFIG, passed, rankContestants, type AwardConfig } from './ranking';
import { isConflicted, type JudgeEmployer } from './recusal';
import { aggregateSorted, practicalScore, scaledMark, totalScorer, type JudgeMark } from './scoring';
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
 * Marks column-wise, as a database hands them over: the i-th mark is (judgeIds[i], contestants[i], criteria[i],
 * values[i]). The same marks as a JudgeMark list, without an object per mark.
 */
export interface MarkColumns<C, K = number> {
  judgeIds: ArrayLike<number>;
  contestants: ArrayLike<C>;
  criteria: ArrayLike<K>;
  values: ArrayLike<number>;
}

/** Sorts a[from..to) ascending in place, stably — the order `[...xs].sort((x, y) => x - y)` gives (cells hold a few marks). */
function sortRange(a: Float64Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = a[i]!;
    if (v !== v) {
      // NaN (never a validated mark): the comparator's own order, whatever the engine makes of it
      a.set(
        Array.from(a.subarray(from, to)).sort((x, y) => x - y),
        from,
      );
      return;
    }
    let j = i - 1;
    for (; j >= from && a[j]! > v; j--) a[j + 1] = a[j]!;
    a[j + 1] = v;
  }
}

/**
 * Results of every contestant. Those with a theory score and a mark on every criterion are ranked
 * (best first; N for shares and awards = these); the others follow in input order with rank null.
 * Marks of conflicted judges, or of judges not in `judges`, never count.
 *
 * Built for 1,000 contestants × 7 judges × 10 criteria: contestants, judges and criteria get dense slot numbers,
 * who may mark whom is a byte per (contestant, judge), and the marks that count are bucketed by (contestant,
 * criterion) into one Float64Array (count, then fill), each cell sorted in place and aggregated by the same
 * arithmetic as aggregateMarks — no Map or array per cell.
 */
export function computeEventResults<C, K = number>(input: {
  scheme: ResultsScheme;
  criteria: readonly ResultsCriterion<K>[];
  judges: readonly JudgeEmployer[];
  contestants: readonly ResultsContestant<C>[];
  marks: readonly JudgeMark<C, K>[] | MarkColumns<C, K>;
}): ContestantResult<C>[] {
  const { scheme, criteria, judges, contestants } = input;

  // slots: a contestant id listed twice is one slot with the employer listed last (as a Map built from the list)
  const contestantSlot = new Map<C, number>();
  const employerOf: (number | null)[] = [];
  for (const c of contestants) {
    let slot = contestantSlot.get(c.id);
    if (slot === undefined) contestantSlot.set(c.id, (slot = employerOf.length));
    employerOf[slot] = c.employerOrgId;
  }
  const judgeSlot = new Map<number, number>();
  for (const j of judges) if (!judgeSlot.has(j.judgeId)) judgeSlot.set(j.judgeId, judgeSlot.size);
  const criterionSlot = new Map<K, number>();
  for (const k of criteria) if (!criterionSlot.has(k.id)) criterionSlot.set(k.id, criterionSlot.size);
  const nC = employerOf.length;
  const nJ = judgeSlot.size;
  const nK = criterionSlot.size;

  // Who may mark whom is known before reading a mark, so a conflicted judge's mark is dropped on the way in.
  // A judge listed twice may mark whom either entry may; eligible = distinct judges who may.
  const allowed = new Uint8Array(nC * nJ);
  const eligible = new Int32Array(nC);
  const judgeSlots = judges.map((j) => judgeSlot.get(j.judgeId)!);
  for (let c = 0; c < nC; c++)
    judges.forEach((j, i) => {
      const at = c * nJ + judgeSlots[i]!;
      if (!allowed[at] && !isConflicted(j.employerOrgId, employerOf[c] ?? null)) {
        allowed[at] = 1;
        eligible[c]! += 1;
      }
    });

  // the marks that count, bucketed by cell (contestant slot × nK + criterion slot): count, prefix sums, fill
  const columns = Array.isArray(input.marks) ? null : (input.marks as MarkColumns<C, K>);
  const list = columns ? null : (input.marks as readonly JudgeMark<C, K>[]);
  const markCount = columns ? columns.values.length : list!.length;
  const cellOf = new Int32Array(markCount);
  const start = new Int32Array(nC * nK + 1);
  // marks come in runs (a judge's sheet, a contestant's row): the last id's slot is remembered
  let lastC: C | undefined, lastCS: number | undefined;
  let lastJ: number | undefined, lastJS: number | undefined;
  let lastK: K | undefined, lastKS: number | undefined;
  for (let i = 0; i < markCount; i++) {
    const m = list?.[i];
    const cId = columns ? (columns.contestants[i] as C) : m!.contestant;
    const jId = columns ? columns.judgeIds[i]! : m!.judgeId;
    const kId = columns ? (columns.criteria[i] as K) : m!.criterion;
    const c = cId === lastC && i > 0 ? lastCS : (lastCS = contestantSlot.get((lastC = cId)));
    const j = jId === lastJ && i > 0 ? lastJS : (lastJS = judgeSlot.get((lastJ = jId)));
    const k = kId === lastK && i > 0 ? lastKS : (lastKS = criterionSlot.get((lastK = kId)));
    if (c === undefined || j === undefined || k === undefined || !allowed[c * nJ + j]) {
      cellOf[i] = -1;
      continue;
    }
    const cell = c * nK + k;
    cellOf[i] = cell;
    start[cell + 1]! += 1;
  }
  for (let cell = 0; cell < nC * nK; cell++) start[cell + 1]! += start[cell]!;
  const values = new Float64Array(start[nC * nK]!);
  const next = start.slice(0, nC * nK);
  for (let i = 0; i < markCount; i++) {
    const cell = cellOf[i]!;
    if (cell >= 0) values[next[cell]!++] = columns ? columns.values[i]! : list![i]!.value;
  }
  for (let cell = 0; cell < nC * nK; cell++) sortRange(values, start[cell]!, start[cell + 1]!);

  const criterionSlots = criteria.map((k) => criterionSlot.get(k.id)!);
  const totalOf = totalScorer(scheme.theoryWeight, scheme.practicalWeight);
  const complete: (ContestantResult<C> & { theory: number; practical: number; total: number })[] = [];
  const incomplete: ContestantResult<C>[] = [];
  for (const c of contestants) {
    const slot = contestantSlot.get(c.id)!;
    let every = true;
    const criterionMarks = criteria.map((k, i) => {
      const cell = slot * nK + criterionSlots[i]!;
      const from = start[cell]!;
      const to = start[cell + 1]!;
      if (from === to) return ((every = false), null);
      return scaledMark(k.kind, k.maxScore, aggregateSorted(values, from, to, scheme.aggregation));
    });
    const practical = every ? practicalScore(criterionMarks as number[]) : null;
    const theory = c.theory === null || !Number.isFinite(c.theory) ? null : roundHalfUp(c.theory, 2);
    const eligibleJudges = eligible[slot]!;
    // one object literal, not { ...base, theory, … }: spreading into new keys costs ~10 µs an object in V8 (measured);
    // a total exists exactly when theory and practical do, so the cast below only restates that
    const total = theory === null || practical === null ? null : totalOf(theory, practical);
    const result = {
      id: c.id,
      criterionMarks,
      rank: null,
      tied: false,
      award: null,
      eligibleJudges,
      theory,
      practical,
      total,
      passed: total === null ? null : passed(total, scheme.passMark),
    };
    if (total === null) incomplete.push(result);
    else complete.push(result as (typeof complete)[number]);
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
