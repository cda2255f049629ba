import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateMarks,
  criterionMark,
  judgementConflicts,
  practicalScore,
  scoringSchemeProblem,
  totalScore,
  validateMark,
  type Aggregation,
} from '../src/index';

describe('validateMark (domain.md § Scoring: criterion kinds)', () => {
  it('score: 0..max in steps of 0.5', () => {
    expect(validateMark('score', 20, 0)).toBeNull();
    expect(validateMark('score', 20, 13.5)).toBeNull();
    expect(validateMark('score', 20, 20)).toBeNull();
    expect(validateMark('score', 20, 13.25)).toBe('step');
    expect(validateMark('score', 20, 20.5)).toBe('range');
    expect(validateMark('score', 20, -0.5)).toBe('range');
  });

  it('score: full marks are allowed even when the maximum is off-step', () => {
    expect(validateMark('score', 7.25, 7.25)).toBeNull();
    expect(validateMark('score', 7.25, 7)).toBeNull();
  });

  it('measurement: full mark or 0', () => {
    expect(validateMark('measurement', 5, 0)).toBeNull();
    expect(validateMark('measurement', 5, 5)).toBeNull();
    expect(validateMark('measurement', 5, 2.5)).toBe('step');
    expect(validateMark('measurement', 5, 6)).toBe('range');
  });

  it('judgement: 0, 1, 2 or 3 whatever the maximum', () => {
    for (const v of [0, 1, 2, 3]) expect(validateMark('judgement', 10, v)).toBeNull();
    expect(validateMark('judgement', 10, 1.5)).toBe('step');
    expect(validateMark('judgement', 10, 4)).toBe('range');
    expect(validateMark('judgement', 2, 3)).toBeNull();
  });

  it('refuses non-numbers as out of range', () => {
    expect(validateMark('score', 10, Number.NaN)).toBe('range');
    expect(validateMark('score', 10, Number.POSITIVE_INFINITY)).toBe('range');
  });
});

describe('aggregation of the judges’ marks', () => {
  it('mean', () => {
    expect(aggregateMarks([7, 8, 9], 'mean')).toBe(8);
  });

  it('trimmed drops one highest and one lowest with ≥ 5 judges', () => {
    expect(aggregateMarks([2, 8, 8.5, 9, 10], 'trimmed')).toBe(8.5);
    expect(aggregateMarks([10, 10, 2, 2, 6], 'trimmed')).toBe(6);
  });

  it('trimmed is the plain mean with fewer than 5 judges', () => {
    expect(aggregateMarks([2, 8, 9, 9], 'trimmed')).toBe(7);
  });

  it('median, with the two middle marks averaged for an even count', () => {
    expect(aggregateMarks([9, 1, 5], 'median')).toBe(5);
    expect(aggregateMarks([9, 1, 5, 6], 'median')).toBe(5.5);
  });

  it('has no value without marks', () => {
    expect(aggregateMarks([], 'mean')).toBeNull();
    expect(criterionMark('score', 10, [], 'median')).toBeNull();
  });
});

describe('criterionMark', () => {
  it('is the aggregated mark for score and measurement criteria', () => {
    expect(criterionMark('score', 20, [15, 16, 17], 'mean')).toBe(16);
    expect(criterionMark('measurement', 5, [5, 5, 0], 'median')).toBe(5);
  });

  it('scales judgement: mean ÷ 3 × max', () => {
    expect(criterionMark('judgement', 9, [2, 2, 2], 'mean')).toBe(6);
    expect(criterionMark('judgement', 9, [3, 3, 3], 'mean')).toBe(9);
    expect(criterionMark('judgement', 10, [1, 2, 2], 'mean')).toBeCloseTo((5 / 3 / 3) * 10, 12);
  });
});

describe('practical and total (domain.md § Scoring)', () => {
  it('practical = sum of criterion marks, rounded half-up to 2 decimals', () => {
    expect(practicalScore([30, 25.5, 10 / 3])).toBe(58.83);
    expect(practicalScore([0.1, 0.2])).toBe(0.3);
    expect(practicalScore([])).toBe(0);
  });

  it('total = theory × 0.3 + practical × 0.7 by default', () => {
    expect(totalScore(80, 90)).toBe(87);
    expect(totalScore(85.5, 77.35)).toBe(79.8); // 25.65 + 54.145 = 79.795 → 79.80
  });

  it('rounds a true half-cent up, where binary arithmetic would round it down', () => {
    // 0.3 × 60.05 + 0.7 × 90 = 18.015 + 63 = 81.015 exactly; in floating point 81.01499999999999,
    // which even a decimal-safe roundHalfUp of the float would take down to 81.01.
    expect(0.3 * 60.05 + 0.7 * 90).toBeLessThan(81.015);
    expect(totalScore(60.05, 90)).toBe(81.02);
    expect(totalScore(60.45, 90)).toBe(81.14);
  });

  it('uses the published (rounded) theory and practical', () => {
    expect(totalScore(79.995, 80)).toBe(80);
  });

  it('takes other weights', () => {
    expect(totalScore(70, 90, 0.4, 0.6)).toBe(82);
    expect(totalScore(70, 90, 0, 1)).toBe(90);
  });

  it('property: total equals the integer-arithmetic oracle (cents × percent, half-up)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100 }),
        (tCents, pCents, k) => {
          const exact = tCents * k + pCents * (100 - k); // in units of 0.0001
          const expected = Math.floor((exact + 50) / 100) / 100;
          expect(totalScore(tCents / 100, pCents / 100, k / 100, (100 - k) / 100)).toBe(expected);
        },
      ),
    );
  });

  it('property: total of in-range inputs lies within 0..100', () => {
    const mark = fc.integer({ min: 0, max: 10_000 }).map((c) => c / 100);
    fc.assert(
      fc.property(mark, mark, fc.integer({ min: 0, max: 100 }), (theory, practical, wT) => {
        const total = totalScore(theory, practical, wT / 100, (100 - wT) / 100);
        expect(total).toBeGreaterThanOrEqual(0);
        expect(total).toBeLessThanOrEqual(100);
        expect(total).toBeGreaterThanOrEqual(Math.min(theory, practical) - 0.005);
        expect(total).toBeLessThanOrEqual(Math.max(theory, practical) + 0.005);
      }),
    );
  });
});

describe('scoringSchemeProblem (api-contract.md: maxima sum to 100, weights to 1)', () => {
  const criteria = [{ maxScore: 40 }, { maxScore: 35.5 }, { maxScore: 24.5 }];

  it('accepts a sound scheme, exactly in decimal', () => {
    expect(scoringSchemeProblem({ theoryWeight: 0.3, practicalWeight: 0.7, criteria })).toBeNull();
    expect(
      scoringSchemeProblem({
        theoryWeight: 0.1,
        practicalWeight: 0.9,
        criteria: [{ maxScore: 33.3 }, { maxScore: 33.3 }, { maxScore: 33.4 }],
      }),
    ).toBeNull();
  });

  it('refuses weights that do not sum to 1', () => {
    expect(scoringSchemeProblem({ theoryWeight: 0.3, practicalWeight: 0.6, criteria })).toBe('weights');
    expect(scoringSchemeProblem({ theoryWeight: -0.5, practicalWeight: 1.5, criteria })).toBe('weights');
  });

  it('refuses maxima that do not sum to 100, or a non-positive maximum', () => {
    expect(scoringSchemeProblem({ theoryWeight: 0.3, practicalWeight: 0.7, criteria: [{ maxScore: 60 }, { maxScore: 30 }] })).toBe(
      'criteria',
    );
    expect(scoringSchemeProblem({ theoryWeight: 0.3, practicalWeight: 0.7, criteria: [{ maxScore: 110 }, { maxScore: -10 }] })).toBe(
      'criteria',
    );
    expect(scoringSchemeProblem({ theoryWeight: 0.3, practicalWeight: 0.7, criteria: [] })).toBe('criteria');
  });
});

describe('judgementConflicts (judgement marks more than 1 apart block the lock)', () => {
  it('lists each contestant and criterion whose marks differ by more than 1', () => {
    const marks = [
      { judgeId: 1, contestant: 'A001', criterion: 7, value: 1 },
      { judgeId: 2, contestant: 'A001', criterion: 7, value: 3 },
      { judgeId: 3, contestant: 'A001', criterion: 7, value: 2 },
      { judgeId: 1, contestant: 'A002', criterion: 7, value: 2 },
      { judgeId: 2, contestant: 'A002', criterion: 7, value: 3 },
      { judgeId: 1, contestant: 'A002', criterion: 8, value: 0 },
      { judgeId: 2, contestant: 'A002', criterion: 8, value: 3 },
    ];
    expect(judgementConflicts(marks)).toEqual([
      { contestant: 'A001', criterion: 7, low: 1, high: 3 },
      { contestant: 'A002', criterion: 8, low: 0, high: 3 },
    ]);
  });

  it('finds nothing when marks agree within 1', () => {
    expect(judgementConflicts([{ judgeId: 1, contestant: 'A001', criterion: 1, value: 2 }])).toEqual([]);
    expect(judgementConflicts([])).toEqual([]);
  });

  it('property: a cell is reported iff max − min > 1', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 7 }), (values) => {
        const marks = values.map((value, judgeId) => ({ judgeId, contestant: 1, criterion: 1, value }));
        expect(judgementConflicts(marks).length).toBe(Math.max(...values) - Math.min(...values) > 1 ? 1 : 0);
      }),
    );
  });
});

describe('aggregation properties', () => {
  const halfSteps = fc.array(
    fc.integer({ min: 0, max: 40 }).map((x) => x / 2),
    { minLength: 1, maxLength: 9 },
  );
  const anyMarks = fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 9 });
  const aggregation = fc.constantFrom<Aggregation>('mean', 'trimmed', 'median');

  it('is independent of the order the judges’ marks come in (bit for bit)', () => {
    fc.assert(
      fc.property(anyMarks, aggregation, fc.nat(), (marks, how, seed) => {
        const shuffled = [...marks].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        expect(aggregateMarks(shuffled, how)).toBe(aggregateMarks(marks, how));
        expect(aggregateMarks([...marks].reverse(), how)).toBe(aggregateMarks(marks, how));
      }),
    );
  });

  it('trimmed with ≥ 5 marks equals the mean of the middle marks', () => {
    fc.assert(
      fc.property(
        halfSteps.filter((m) => m.length >= 5),
        (marks) => {
          const middle = [...marks].sort((a, b) => a - b).slice(1, -1);
          expect(aggregateMarks(marks, 'trimmed')).toBeCloseTo(middle.reduce((s, x) => s + x, 0) / middle.length, 9);
        },
      ),
    );
  });

  it('stays between the lowest and highest mark', () => {
    fc.assert(
      fc.property(anyMarks, aggregation, (marks, how) => {
        const value = aggregateMarks(marks, how) as number;
        expect(value).toBeGreaterThanOrEqual(Math.min(...marks) - 1e-9);
        expect(value).toBeLessThanOrEqual(Math.max(...marks) + 1e-9);
      }),
    );
  });

  it('a judgement criterion mark never exceeds its maximum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 100 }),
        aggregation,
        (marks, max, how) => {
          const mark = criterionMark('judgement', max, marks, how) as number;
          expect(mark).toBeGreaterThanOrEqual(0);
          expect(mark).toBeLessThanOrEqual(max + 1e-9);
        },
      ),
    );
  });
});
