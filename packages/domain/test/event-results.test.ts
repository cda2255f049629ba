import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeEventResults, parseAwardConfig, totalScore, type Aggregation, type JudgeMark, type ResultsCriterion } from '../src/index';

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
