import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bibFor, bibNumber, drawBibs, lateBibs, seededShuffle } from '../src/index';

describe('the blind-number draw (domain.md § Contests)', () => {
  it('numbers A001… in the shuffled order', () => {
    expect(bibFor(1)).toBe('A001');
    expect(bibFor(1234)).toBe('A1234');
    expect(bibNumber('A042')).toBe(42);
    expect(bibNumber(null)).toBe(0);
    const d = drawBibs([3, 1, 2], 7);
    expect(d.map((x) => x.bib)).toEqual(['A001', 'A002', 'A003']);
    expect(d.map((x) => x.registrationId).sort()).toEqual([1, 2, 3]);
  });
  it('the same seed gives the same draw, whatever order the ids come in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (ids, seed) => {
          const a = drawBibs(ids, seed);
          expect(drawBibs([...ids].reverse(), seed)).toEqual(a);
          expect(a.map((x) => x.registrationId).sort((p, q) => p - q)).toEqual([...ids].sort((p, q) => p - q));
        },
      ),
    );
  });
  it('shuffles: a permutation, and different seeds usually differ', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(seededShuffle(items, 1).sort((a, b) => a - b)).toEqual(items);
    expect(seededShuffle(items, 1)).not.toEqual(seededShuffle(items, 2));
  });
  it('late seats get the next numbers after the highest ever given, never reusing one', () => {
    expect(lateBibs(['A001', 'A003', 'A002'], [9, 8])).toEqual([
      { registrationId: 9, bib: 'A004' },
      { registrationId: 8, bib: 'A005' },
    ]);
    expect(lateBibs([], [5])).toEqual([{ registrationId: 5, bib: 'A001' }]);
  });
});
