/**
 * The reference computation of an event's results: computeEventResults as it was written first (Maps of Maps, the
 * generic aggregateMarks per cell). The faster computeEventResults of src/event-results.ts must return exactly what
 * this returns — event-results.test.ts checks it on random fields.
 */
import {
  assignAwards,
  criterionMark,
  DEFAULT_AWARD_CONFIG,
  nonConflictedJudges,
  passed,
  practicalScore,
  rankContestants,
  roundHalfUp,
  totalScore,
  type ContestantResult,
  type JudgeEmployer,
  type JudgeMark,
  type ResultsContestant,
  type ResultsCriterion,
  type ResultsScheme,
} from '../src/index';

export function referenceEventResults<C, K = number>(input: {
  scheme: ResultsScheme;
  criteria: readonly ResultsCriterion<K>[];
  judges: readonly JudgeEmployer[];
  contestants: readonly ResultsContestant<C>[];
  marks: readonly JudgeMark<C, K>[];
}): ContestantResult<C>[] {
  const { scheme, criteria, judges, contestants, marks } = input;
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
