import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criterionMark, isConflicted, marksThatCount, nonConflictedJudges, type Aggregation } from '../src/index';

const judges = [
  { judgeId: 1, employerOrgId: 100 },
  { judgeId: 2, employerOrgId: 200 },
  { judgeId: 3, employerOrgId: null },
  { judgeId: 4, employerOrgId: 100 },
];

describe('conflict of interest (回避, domain.md § Scoring)', () => {
  it('a judge never scores a contestant from the judge’s own employer', () => {
    expect(isConflicted(100, 100)).toBe(true);
    expect(isConflicted(100, 200)).toBe(false);
  });

  it('an unknown employer conflicts with nobody', () => {
    expect(isConflicted(null, null)).toBe(false);
    expect(isConflicted(null, 100)).toBe(false);
    expect(isConflicted(100, null)).toBe(false);
  });

  it('leaves out the conflicted judges', () => {
    expect(nonConflictedJudges(judges, 100).map((j) => j.judgeId)).toEqual([2, 3]);
    expect(nonConflictedJudges(judges, 300).map((j) => j.judgeId)).toEqual([1, 2, 3, 4]);
  });

  it('aggregates over the remaining judges', () => {
    const marks = [
      { judgeId: 1, value: 20 },
      { judgeId: 2, value: 12 },
      { judgeId: 3, value: 14 },
      { judgeId: 4, value: 20 },
    ];
    const counted = marksThatCount(marks, judges, 100).map((m) => m.value);
    expect(counted).toEqual([12, 14]);
    expect(criterionMark('score', 20, counted, 'mean')).toBe(13);
  });

  it('drops marks from judges it does not know', () => {
    expect(marksThatCount([{ judgeId: 99, value: 5 }], judges, 300)).toEqual([]);
  });

  it('property: a conflicted judge’s marks never influence that contestant', () => {
    const panel = fc.array(
      fc.record({
        employerOrgId: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
        value: fc.integer({ min: 0, max: 40 }).map((x) => x / 2),
      }),
      {
        minLength: 1,
        maxLength: 7,
      },
    );
    fc.assert(
      fc.property(
        panel,
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<Aggregation>('mean', 'trimmed', 'median'),
        fc.integer({ min: 0, max: 40 }),
        (rows, employer, how, other) => {
          const js = rows.map((r, i) => ({ judgeId: i, employerOrgId: r.employerOrgId }));
          const marks = rows.map((r, i) => ({ judgeId: i, value: r.value }));
          // Change every conflicted judge's mark to something else: the result must not move.
          const tampered = marks.map((m) => (js[m.judgeId]?.employerOrgId === employer ? { ...m, value: other / 2 } : m));
          const mark = (ms: typeof marks) =>
            criterionMark(
              'score',
              20,
              marksThatCount(ms, js, employer).map((m) => m.value),
              how,
            );
          expect(mark(tampered)).toBe(mark(marks));
          expect(marksThatCount(marks, js, employer).every((m) => js[m.judgeId]?.employerOrgId !== employer)).toBe(true);
        },
      ),
    );
  });
});
