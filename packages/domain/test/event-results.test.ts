import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeEventResults,
  parseAwardConfig,
  totalScore,
  type Aggregation,
  type AwardConfig,
  type JudgeMark,
  type MarkColumns,
  type ResultsCriterion,
} from '../src/index';
import { referenceEventResults } from './reference-results';

const scheme = { theoryWeight: 0.3, practicalWeight: 0.7, aggregation: 'mean' as Aggregation, passMark: 60 };
const criteria: ResultsCriterion[] = [
  { id: 1, kind: 'score', maxScore: 60 },
  { id: 2, kind: 'measurement', maxScore: 30 },
  { id: 3, kind: 'judgement', maxScore: 10 },
];
const judges = [
  { judgeId: 11, employerOrgId: 100 },
  { judgeId: 12, employerOrgId: 200 },
  { judgeId: 13, employerOrgId: 300 },
];
const marksFor = (contestant: string, judgeId: number, values: [number, number, number]): JudgeMark<string, number>[] =>
  values.map((value, i) => ({ judgeId, contestant, criterion: i + 1, value }));

describe('computeEventResults (domain.md § Scoring)', () => {
  it('aggregates, sums, weights, ranks and awards', () => {
    const results = computeEventResults({
      scheme,
      criteria,
      judges,
      contestants: [
        { id: 'A001', employerOrgId: 500, theory: 80 },
        { id: 'A002', employerOrgId: 100, theory: 90.125 },
      ],
      marks: [
        ...marksFor('A001', 11, [50, 30, 3]),
        ...marksFor('A001', 12, [51, 30, 2]),
        ...marksFor('A001', 13, [52, 0, 3]),
        // judge 11 works for A002's employer: those marks are left out
        ...marksFor('A002', 11, [0, 0, 0]),
        ...marksFor('A002', 12, [40, 30, 3]),
        ...marksFor('A002', 13, [41, 30, 2]),
      ],
    });
    // A001: 51 + 20 + (8/3)/3×10 = 71 + 8.888… = 79.89; total 80×0.3 + 79.89×0.7 = 79.923 → 79.92
    // A002: 40.5 + 30 + 2.5/3×10 = 78.83; total 90.13×0.3 + 78.83×0.7 = 82.22
    expect(results.map((r) => [r.id, r.theory, r.practical, r.total, r.rank, r.award, r.passed, r.eligibleJudges])).toEqual([
      ['A002', 90.13, 78.83, 82.22, 1, 'first', true, 2],
      ['A001', 80, 79.89, 79.92, 2, 'second', true, 3],
    ]);
  });

  it('leaves unranked whoever lacks a theory score or a mark on some criterion', () => {
    const results = computeEventResults({
      scheme,
      criteria,
      judges: [judges[0]!],
      contestants: [
        { id: 'A001', employerOrgId: 100, theory: 70 }, // the only judge is conflicted
        { id: 'A002', employerOrgId: 200, theory: null },
        { id: 'A003', employerOrgId: 200, theory: 50 },
      ],
      marks: [...marksFor('A001', 11, [60, 30, 3]), ...marksFor('A002', 11, [60, 30, 3]), ...marksFor('A003', 11, [30, 0, 0])],
    });
    expect(results.map((r) => [r.id, r.rank, r.practical, r.total, r.passed])).toEqual([
      ['A003', 1, 30, 36, false],
      ['A001', null, null, null, null],
      ['A002', null, 100, null, null],
    ]);
    expect(results[1]!.eligibleJudges).toBe(0);
  });

  it('equal contestants share a rank and are flagged; the next rank skips', () => {
    const results = computeEventResults({
      scheme,
      criteria,
      judges,
      contestants: ['A001', 'A002', 'A003'].map((id) => ({ id, employerOrgId: null, theory: 60 })),
      marks: [...marksFor('A001', 12, [50, 30, 3]), ...marksFor('A002', 12, [50, 30, 3]), ...marksFor('A003', 12, [40, 30, 3])],
    });
    expect(results.map((r) => [r.id, r.rank, r.tied])).toEqual([
      ['A001', 1, true],
      ['A002', 1, true],
      ['A003', 3, false],
    ]);
  });

  const field = fc.record({
    aggregation: fc.constantFrom<Aggregation>('mean', 'trimmed', 'median'),
    contestants: fc.array(
      fc.record({
        employerOrgId: fc.option(fc.constantFrom(100, 200, 300, 400), { nil: null }),
        theory: fc.option(
          fc.integer({ min: 0, max: 200 }).map((x) => x / 2),
          { nil: null },
        ),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    values: fc.array(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.boolean(), fc.integer({ min: 0, max: 3 })), {
      minLength: 72,
      maxLength: 72,
    }),
  });
  interface Field {
    aggregation: Aggregation;
    contestants: { employerOrgId: number | null; theory: number | null }[];
    values: [number, boolean, number][];
  }
  const build = (f: Field) => {
    const contestants = f.contestants.map((c, i) => ({ ...c, id: i + 1 }));
    const marks = contestants.flatMap((c, ci) =>
      judges.flatMap((j, ji) => {
        const [s, m, g] = f.values[(ci * 3 + ji) % 72]!;
        return marksFor(String(c.id), j.judgeId, [s / 2, m ? 30 : 0, g]).map((x): JudgeMark<number, number> => ({
          ...x,
          contestant: c.id,
        }));
      }),
    );
    return { scheme: { ...scheme, aggregation: f.aggregation }, criteria, judges, contestants, marks };
  };

  it('property: a conflicted judge’s marks never influence that contestant’s result', () => {
    fc.assert(
      fc.property(field, fc.integer({ min: 0, max: 3 }), (f, noise) => {
        const input = build(f);
        const employerOf = new Map(input.contestants.map((c) => [c.id, c.employerOrgId]));
        const conflicted = (m: JudgeMark<number, number>) =>
          judges.find((j) => j.judgeId === m.judgeId)!.employerOrgId === employerOf.get(m.contestant);
        const changed = input.marks.map((m) => (conflicted(m) ? { ...m, value: m.criterion === 3 ? noise : 0 } : m));
        const without = input.marks.filter((m) => !conflicted(m));
        const a = computeEventResults(input);
        expect(computeEventResults({ ...input, marks: changed })).toEqual(a);
        expect(computeEventResults({ ...input, marks: without })).toEqual(a);
      }),
    );
  });

  it('property: ranked results are best first, totals recompute from the published parts, and mark order does not matter', () => {
    fc.assert(
      fc.property(field, (f) => {
        const input = build(f);
        const results = computeEventResults(input);
        const ranked = results.filter((r) => r.rank !== null);
        ranked.forEach((r, i) => {
          expect(r.total).toBe(totalScore(r.theory!, r.practical!, 0.3, 0.7));
          if (i > 0) expect(ranked[i - 1]!.total! >= r.total!).toBe(true);
        });
        expect(results.slice(ranked.length).every((r) => r.rank === null && r.award === null)).toBe(true);
        expect(computeEventResults({ ...input, marks: [...input.marks].reverse() })).toEqual(results);
      }),
    );
  });
});

describe('computeEventResults equals the reference computation (test/reference-results.ts)', () => {
  // small id pools so that ids repeat (a contestant or judge listed twice, a criterion twice) and marks go astray
  // (a judge not on the panel, a criterion or contestant of no one); marks of every kind of number, -0 included
  const anyField = fc.record({
    aggregation: fc.constantFrom<Aggregation>('mean', 'trimmed', 'median'),
    weights: fc.constantFrom([0.3, 0.7], [0.35, 0.65], [0, 1], [0.5, 0.5]),
    passMark: fc.constantFrom(0, 60, 72.5),
    awards: fc.option(
      fc.oneof(
        fc.record({ mode: fc.constant('count' as const), first: fc.nat(3), second: fc.nat(3), third: fc.nat(3) }),
        fc.record({ mode: fc.constant('percent' as const), first: fc.nat(30), second: fc.nat(30), third: fc.nat(40) }),
      ),
      { nil: null },
    ),
    criteria: fc.array(
      fc.record({
        id: fc.integer({ min: 1, max: 6 }),
        kind: fc.constantFrom<'score' | 'measurement' | 'judgement'>('score', 'measurement', 'judgement'),
        maxScore: fc.constantFrom(10, 7.3, 25, 0.1),
      }),
      { minLength: 0, maxLength: 5 },
    ),
    judges: fc.array(
      fc.record({ judgeId: fc.integer({ min: 1, max: 9 }), employerOrgId: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }) }),
      { maxLength: 9 },
    ),
    contestants: fc.array(
      fc.record({
        id: fc.integer({ min: 1, max: 14 }),
        employerOrgId: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
        theory: fc.option(
          fc.oneof(
            fc.integer({ min: 0, max: 200 }).map((x) => x / 2),
            fc.double({ min: 0, max: 100 }),
          ),
          { nil: null },
        ),
      }),
      { maxLength: 12 },
    ),
    marks: fc.array(
      fc.record({
        judgeId: fc.integer({ min: 1, max: 10 }),
        contestant: fc.integer({ min: 1, max: 15 }),
        criterion: fc.integer({ min: 1, max: 7 }),
        value: fc.oneof(
          fc.integer({ min: 0, max: 20 }).map((x) => x / 2),
          fc.integer({ min: 0, max: 3 }),
          fc.double({ min: 0, max: 10, noNaN: true }),
          fc.constant(-0),
        ),
      }),
      { maxLength: 200 },
    ),
  });
  type AnyField = typeof anyField extends fc.Arbitrary<infer T> ? T : never;
  const inputOf = (f: AnyField) => ({
    scheme: {
      theoryWeight: f.weights[0]!,
      practicalWeight: f.weights[1]!,
      aggregation: f.aggregation,
      passMark: f.passMark,
      awards: f.awards as AwardConfig | null,
    },
    criteria: f.criteria,
    judges: f.judges,
    contestants: f.contestants,
    marks: f.marks,
  });
  const columnsOf = (marks: readonly JudgeMark<number, number>[]): MarkColumns<number, number> => ({
    judgeIds: marks.map((m) => m.judgeId),
    contestants: marks.map((m) => m.contestant),
    criteria: marks.map((m) => m.criterion),
    values: Float64Array.from(marks.map((m) => m.value)),
  });

  it('property: the same results, to the last bit, from a mark list and from mark columns', () => {
    fc.assert(
      fc.property(anyField, (f) => {
        const input = inputOf(f);
        const reference = referenceEventResults(input);
        expect(computeEventResults(input)).toEqual(reference);
        expect(computeEventResults({ ...input, marks: columnsOf(input.marks) })).toEqual(reference);
      }),
      { numRuns: 500 },
    );
  });

  it('property: the same on full panels — every judge marks every contestant on every criterion, 5 to 9 judges', () => {
    const full = fc.record({
      aggregation: fc.constantFrom<Aggregation>('mean', 'trimmed', 'median'),
      judges: fc.integer({ min: 5, max: 9 }),
      contestants: fc.array(fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }), { minLength: 1, maxLength: 30 }),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(full, (f) => {
        let rng = f.seed >>> 0;
        const rand = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        const judgeList = Array.from({ length: f.judges }, (_, i) => ({ judgeId: 100 + i, employerOrgId: (i % 4) + 1 }));
        const people = f.contestants.map((employerOrgId, i) => ({ id: i + 1, employerOrgId, theory: Math.round(rand() * 200) / 2 }));
        const marks = people.flatMap((c) =>
          judgeList.flatMap((j) =>
            criteria.map((k) => ({
              judgeId: j.judgeId,
              contestant: c.id,
              criterion: k.id,
              value: k.kind === 'judgement' ? Math.floor(rand() * 4) : Math.round(rand() * 2 * k.maxScore) / 2,
            })),
          ),
        );
        const input = { scheme: { ...scheme, aggregation: f.aggregation }, criteria, judges: judgeList, contestants: people, marks };
        expect(computeEventResults(input)).toEqual(referenceEventResults(input));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseAwardConfig', () => {
  it('reads count and percent configurations', () => {
    expect(parseAwardConfig({ mode: 'count', first: 1, second: 3, third: 6 })).toEqual({ mode: 'count', first: 1, second: 3, third: 6 });
    expect(parseAwardConfig({ mode: 'percent', first: 10, second: 20, third: 30 })).toEqual({
      mode: 'percent',
      first: 10,
      second: 20,
      third: 30,
    });
  });

  it('refuses anything malformed', () => {
    for (const bad of [
      null,
      'x',
      {},
      { mode: 'count', first: 1.5, second: 1, third: 1 },
      { mode: 'percent', first: 50, second: 40, third: 20 },
      { mode: 'count', first: -1, second: 1, third: 1 },
      { mode: 'rank', first: 1, second: 1, third: 1 },
    ]) {
      expect(parseAwardConfig(bad)).toBeNull();
    }
  });
});
