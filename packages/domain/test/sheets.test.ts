import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgementConflicts, judgementSpreadsFor, missingCells, sheetProgress, type JudgeMark } from '../src/index';

describe('missingCells / sheetProgress (a judge’s sheet)', () => {
  it('lists the empty cells in sheet order', () => {
    const marked = [
      { contestant: 'A001', criterion: 1 },
      { contestant: 'A002', criterion: 2 },
    ];
    expect(missingCells(['A001', 'A002'], [1, 2], marked)).toEqual([
      { contestant: 'A001', criterion: 2 },
      { contestant: 'A002', criterion: 1 },
    ]);
    expect(sheetProgress(['A001', 'A002'], [1, 2], marked)).toEqual({ done: 2, total: 4 });
  });

  it('ignores marks outside the sheet (e.g. a contestant the judge now recuses)', () => {
    expect(sheetProgress(['A001'], [1], [{ contestant: 'A009', criterion: 1 }])).toEqual({ done: 0, total: 1 });
  });

  it('property: done + missing = contestants × criteria', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(20)),
        fc.uniqueArray(fc.nat(5)),
        fc.array(fc.record({ contestant: fc.nat(20), criterion: fc.nat(5) })),
        (cs, ks, marked) => {
          const p = sheetProgress(cs, ks, marked);
          expect(p.total).toBe(cs.length * ks.length);
          expect(p.done + missingCells(cs, ks, marked).length).toBe(p.total);
        },
      ),
    );
  });
});

describe('judgementSpreadsFor (marks more than 1 apart block the lock)', () => {
  const m = (judgeId: number, contestant: string, value: number, criterion = 7): JudgeMark<string, number> => ({
    judgeId,
    contestant,
    criterion,
    value,
  });

  it('reports this judge’s cells where another judge is more than 1 away, with the farthest mark', () => {
    const marks = [m(1, 'A001', 0), m(2, 'A001', 2), m(3, 'A001', 3), m(1, 'A002', 2), m(2, 'A002', 3)];
    expect(judgementSpreadsFor(1, marks)).toEqual([{ contestant: 'A001', criterion: 7, mine: 0, other: 3, otherJudgeId: 3 }]);
  });

  it('a spread of exactly 1 is fine', () => {
    expect(judgementSpreadsFor(1, [m(1, 'A001', 1), m(2, 'A001', 2), m(3, 'A001', 0)])).toEqual([]);
  });

  it('a spread between two other judges does not block this judge', () => {
    expect(judgementSpreadsFor(1, [m(1, 'A001', 1), m(2, 'A001', 0), m(3, 'A001', 2)])).toEqual([]);
    expect(judgementSpreadsFor(2, [m(1, 'A001', 3), m(2, 'A001', 0), m(3, 'A001', 2)])).toHaveLength(1);
  });

  it('different criteria are separate cells', () => {
    expect(judgementSpreadsFor(1, [m(1, 'A001', 0, 1), m(2, 'A001', 3, 2)])).toEqual([]);
  });

  const panel = fc.array(
    fc.record({
      judgeId: fc.integer({ min: 1, max: 5 }),
      contestant: fc.constantFrom('A001', 'A002'),
      criterion: fc.constant(7),
      value: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 12 },
  );
  // one mark per (judge, cell), as the database guarantees
  const oneMarkPerCell = (marks: JudgeMark<string, number>[]) => [
    ...new Map(marks.map((x) => [`${x.judgeId}/${x.contestant}`, x])).values(),
  ];

  it('property: agrees with judgementConflicts — a cell has a conflict iff its lowest and highest markers both see a spread there', () => {
    fc.assert(
      fc.property(panel, (raw) => {
        const marks = oneMarkPerCell(raw);
        const conflicts = judgementConflicts(marks);
        for (const contestant of ['A001', 'A002']) {
          const cell = marks.filter((x) => x.contestant === contestant);
          const conflicted = conflicts.some((c) => c.contestant === contestant);
          const judgesSeeing = cell.filter((x) => judgementSpreadsFor(x.judgeId, marks).some((s) => s.contestant === contestant));
          if (!conflicted) expect(judgesSeeing).toEqual([]);
          else {
            const low = Math.min(...cell.map((x) => x.value));
            const high = Math.max(...cell.map((x) => x.value));
            expect(judgesSeeing.some((x) => x.value === low)).toBe(true);
            expect(judgesSeeing.some((x) => x.value === high)).toBe(true);
          }
        }
      }),
    );
  });
});
