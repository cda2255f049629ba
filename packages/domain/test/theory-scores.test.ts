import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseBib, parseScoreText, theoryRowErrors } from '../src/index';

const known = ['A001', 'A002', 'A003'];

describe('theoryRowErrors (theory 0–100, import all or nothing)', () => {
  it('accepts known, distinct blind numbers with scores in 0–100', () => {
    expect(
      theoryRowErrors(
        [
          { row: 2, bib: 'A001', score: 0 },
          { row: 3, bib: ' a002 ', score: 100 },
          { row: 4, bib: 'A003', score: 87.5 },
        ],
        known,
      ),
    ).toEqual([]);
  });

  it('lists every problem of every row', () => {
    const errors = theoryRowErrors(
      [
        { row: 1, bib: 'A001', score: 101 },
        { row: 2, bib: 'A999', score: 50 },
        { row: 3, bib: 'A002', score: 60 },
        { row: 4, bib: 'A002', score: Number.NaN },
        { row: 5, bib: '', score: -1 },
        { row: 6, bib: 'A003', score: null },
      ],
      known,
    );
    expect(errors).toEqual([
      { row: 1, bib: 'A001', problem: 'out_of_range' },
      { row: 2, bib: 'A999', problem: 'unknown_bib' },
      { row: 3, bib: 'A002', problem: 'duplicate_bib' },
      { row: 4, bib: 'A002', problem: 'duplicate_bib' },
      { row: 4, bib: 'A002', problem: 'not_a_number' },
      { row: 5, bib: '', problem: 'missing_bib' },
      { row: 5, bib: '', problem: 'out_of_range' },
      { row: 6, bib: 'A003', problem: 'not_a_number' },
    ]);
  });

  it('property: no errors exactly when every bib is known and distinct and every score is in 0–100', () => {
    const row = fc.record({
      bib: fc.constantFrom('A001', 'A002', 'A003', 'B001', ''),
      score: fc.oneof(fc.double({ min: -10, max: 110, noNaN: true }), fc.constant(null)),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), (raw) => {
        const rows = raw.map((r, i) => ({ ...r, row: i + 1 }));
        const bibs = rows.map((r) => normaliseBib(r.bib));
        const ok =
          bibs.every((b) => known.includes(b)) &&
          new Set(bibs).size === bibs.length &&
          rows.every((r) => r.score !== null && r.score >= 0 && r.score <= 100);
        const errors = theoryRowErrors(rows, known);
        expect(errors.length === 0).toBe(ok);
        for (const e of errors) expect(rows.some((r) => r.row === e.row)).toBe(true);
      }),
    );
  });
});

describe('parseScoreText', () => {
  it('reads plain decimals only', () => {
    expect(parseScoreText(' 87.5 ')).toBe(87.5);
    expect(parseScoreText('90')).toBe(90);
    expect(parseScoreText('-3')).toBe(-3);
    for (const s of ['', ' ', 'abc', '0x10', '1e2', '8 7', 'NaN', 'Infinity']) expect(parseScoreText(s)).toBeNull();
  });
});
