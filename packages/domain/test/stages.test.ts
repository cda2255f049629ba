import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qualifiers, qualifyingRank, qualifyRuleProblem, rankContestants } from '../src/index';

const ranked = (ranks: number[]) => ranks.map((rank, i) => ({ id: i + 1, rank }));

describe('qualifiers (domain.md § Contests, Stages)', () => {
  it('takes the top N', () => {
    expect(qualifiers(ranked([1, 2, 3, 4]), { topN: 2 }).map((r) => r.id)).toEqual([1, 2]);
  });
  it('takes everyone tied at the cut', () => {
    expect(qualifiers(ranked([1, 2, 2, 4]), { topN: 2 }).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(qualifiers(ranked([1, 1, 1, 4]), { topN: 1 }).map((r) => r.id)).toEqual([1, 2, 3]);
  });
  it('takes a share as ranks ≤ max(1, ⌊N × p / 100⌋)', () => {
    expect(qualifyingRank({ topPercent: 30 }, 10)).toBe(3);
    expect(qualifyingRank({ topPercent: 5 }, 10)).toBe(1);
    expect(qualifiers(ranked([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { topPercent: 30 }).map((r) => r.id)).toEqual([1, 2, 3]);
  });
  it('never takes fewer than N when there are N, and only whole tie groups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 40 }),
        (totals, n) => {
          const field = rankContestants(totals.map((t, i) => ({ id: i, theory: t, practical: t, total: t })));
          const q = qualifiers(field, { topN: n });
          expect(q.length).toBeGreaterThanOrEqual(Math.min(n, field.length));
          const cut = new Set(q.map((r) => r.id));
          for (const r of field) if (q.some((x) => x.rank === r.rank)) expect(cut.has(r.id)).toBe(true);
        },
      ),
    );
  });
  it('checks a rule', () => {
    expect(qualifyRuleProblem({ topN: 3 })).toBeNull();
    expect(qualifyRuleProblem({ topPercent: 50 })).toBeNull();
    expect(qualifyRuleProblem({})).not.toBeNull();
    expect(qualifyRuleProblem({ topN: 2, topPercent: 10 })).not.toBeNull();
    expect(qualifyRuleProblem({ topN: 0 })).not.toBeNull();
    expect(qualifyRuleProblem({ topPercent: 101 })).not.toBeNull();
  });
});
