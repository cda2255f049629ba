import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignAwards,
  awardCutoffs,
  compareResults,
  DEFAULT_AWARD_CONFIG,
  DEFAULT_AWARD_PERCENTS,
  passed,
  percentCutoffRank,
  rankContestants,
  shareCutoffRank,
} from '../src/index';

const r = (id: number, theory: number, practical: number, total: number) => ({ id, theory, practical, total });

describe('rankContestants (domain.md § Scoring: ranking)', () => {
  it('orders by total desc', () => {
    const ranked = rankContestants([r(1, 70, 70, 70), r(2, 90, 90, 90), r(3, 80, 80, 80)]);
    expect(ranked.map((x) => [x.id, x.rank, x.tied])).toEqual([
      [2, 1, false],
      [3, 2, false],
      [1, 3, false],
    ]);
  });

  it('breaks equal totals by practical, then theory', () => {
    const ranked = rankContestants([r(1, 90, 80, 83), r(2, 76.67, 86, 83), r(3, 80, 84.29, 83), r(4, 79, 84.29, 83)]);
    expect(ranked.map((x) => x.id)).toEqual([2, 3, 4, 1]);
    expect(ranked.map((x) => x.rank)).toEqual([1, 2, 3, 4]);
    expect(ranked.every((x) => !x.tied)).toBe(true);
  });

  it('gives still-equal contestants the same rank, flags them, and skips: 1, 2, 2, 4', () => {
    const ranked = rankContestants([r(1, 80, 80, 80), r(2, 70, 90, 84), r(3, 80, 80, 80), r(4, 60, 60, 60)]);
    expect(ranked.map((x) => [x.id, x.rank, x.tied])).toEqual([
      [2, 1, false],
      [1, 2, true],
      [3, 2, true],
      [4, 4, false],
    ]);
  });

  it('ranks an empty field as empty', () => {
    expect(rankContestants([])).toEqual([]);
  });

  describe('properties', () => {
    const score = fc.integer({ min: 0, max: 20 }).map((x) => x * 5);
    const field = fc
      .array(fc.record({ theory: score, practical: score, total: fc.integer({ min: 50, max: 60 }) }), { maxLength: 30 })
      .map((rows) => rows.map((x, id) => ({ id, ...x })));

    it('ranks are 1-based, follow the tie-break, and skip after ties', () => {
      fc.assert(
        fc.property(field, (rows) => {
          const ranked = rankContestants(rows);
          expect(ranked).toHaveLength(rows.length);
          ranked.forEach((x, i) => {
            // rank = 1 + number of contestants strictly better
            expect(x.rank).toBe(1 + rows.filter((y) => compareResults(y, x) < 0).length);
            expect(x.tied).toBe(rows.filter((y) => compareResults(y, x) === 0).length > 1);
            const prev = ranked[i - 1];
            if (prev) {
              expect(compareResults(prev, x)).toBeLessThanOrEqual(0);
              expect(x.rank).toBe(compareResults(prev, x) === 0 ? prev.rank : i + 1);
            } else if (rows.length) expect(x.rank).toBe(1);
          });
        }),
      );
    });

    it('the tie-break is a total preorder: transitive and total', () => {
      const row = fc.record({ id: fc.nat(), theory: score, practical: score, total: score });
      fc.assert(
        fc.property(row, row, row, (a, b, c) => {
          const le = (x: typeof a, y: typeof a) => compareResults(x, y) <= 0;
          expect(le(a, b) || le(b, a)).toBe(true);
          if (le(a, b) && le(b, c)) expect(le(a, c)).toBe(true);
        }),
      );
    });

    it('does not depend on input order', () => {
      fc.assert(
        fc.property(field, (rows) => {
          const rankOf = (xs: typeof rows) => new Map(rankContestants(xs).map((x) => [x.id, x.rank]));
          expect(rankOf([...rows].reverse())).toEqual(rankOf(rows));
        }),
      );
    });
  });
});

describe('shares of the field: ranks ≤ max(1, ⌊N × share⌋)', () => {
  it('floors and never goes below 1', () => {
    expect(shareCutoffRank(10, 0.3)).toBe(3);
    expect(shareCutoffRank(9, 0.3)).toBe(2);
    expect(shareCutoffRank(3, 0.3)).toBe(1);
    expect(shareCutoffRank(0, 0.5)).toBe(1);
    expect(shareCutoffRank(7, 0.5)).toBe(3);
  });

  it('is exact in decimal: 100 × 0.29 is 29 (floating point says 28.999…)', () => {
    expect(100 * 0.29).toBeLessThan(29);
    expect(shareCutoffRank(100, 0.29)).toBe(29);
    expect(percentCutoffRank(100, 29)).toBe(29);
    expect(percentCutoffRank(1000, 14.3)).toBe(143);
  });

  it('percent and fraction agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 100 }), (n, p) => {
        expect(percentCutoffRank(n, p)).toBe(Math.max(1, Math.floor((n * p) / 100)));
        expect(shareCutoffRank(n, p / 100)).toBe(percentCutoffRank(n, p));
      }),
    );
  });
});

describe('passed', () => {
  it('pass = total ≥ pass mark (default 60)', () => {
    expect(passed(60)).toBe(true);
    expect(passed(59.99)).toBe(false);
    expect(passed(75, 75)).toBe(true);
    expect(passed(74.99, 75)).toBe(false);
  });
});

describe('assignAwards (一等奖 / 二等奖 / 三等奖 / 优胜奖)', () => {
  const ranks = (...rs: number[]) => rs.map((rank) => ({ rank }));

  it('by counts, default 1 / 2 / 3, then 优胜奖 for the rest of the top half', () => {
    const field = ranks(...Array.from({ length: 20 }, (_, i) => i + 1));
    const awards = assignAwards(field, DEFAULT_AWARD_CONFIG).map((x) => x.award);
    expect(awards.slice(0, 11)).toEqual([
      'first',
      'second',
      'second',
      'third',
      'third',
      'third',
      'excellence',
      'excellence',
      'excellence',
      'excellence',
      null,
    ]);
  });

  it('gives tied contestants the same award', () => {
    const awards = assignAwards(ranks(1, 1, 3, 4, 5, 6, 7, 8), { mode: 'count', first: 1, second: 1, third: 1 }).map((x) => x.award);
    // Two share rank 1: both get 一等奖; rank 2 does not exist, so nobody gets 二等奖.
    expect(awards).toEqual(['first', 'first', 'third', 'excellence', null, null, null, null]);
  });

  it('by percent, cumulatively', () => {
    // N = 40: first ≤ ⌊40×10%⌋ = 4, second ≤ ⌊40×30%⌋ = 12, third ≤ ⌊40×45%⌋ = 18, top half ≤ 20.
    expect(awardCutoffs(40, { mode: 'percent', first: 10, second: 20, third: 15 })).toEqual({
      first: 4,
      second: 12,
      third: 18,
      excellence: 20,
    });
    const field = ranks(...Array.from({ length: 40 }, (_, i) => i + 1));
    const awards = assignAwards(field, { mode: 'percent', first: 10, second: 20, third: 15 }).map((x) => x.award);
    expect(awards.filter((a) => a === 'first')).toHaveLength(4);
    expect(awards.filter((a) => a === 'second')).toHaveLength(8);
    expect(awards.filter((a) => a === 'third')).toHaveLength(6);
    expect(awards.filter((a) => a === 'excellence')).toHaveLength(2);
    expect(awards.filter((a) => a === null)).toHaveLength(20);
  });

  it('default percentages 5 / 10 / 15 leave room for 优胜奖', () => {
    expect(awardCutoffs(100, DEFAULT_AWARD_PERCENTS)).toEqual({ first: 5, second: 15, third: 30, excellence: 50 });
  });

  it('in a tiny field the max(1, …) floor gives at least one first prize', () => {
    expect(awardCutoffs(3, DEFAULT_AWARD_PERCENTS)).toEqual({ first: 1, second: 1, third: 1, excellence: 1 });
    expect(assignAwards(ranks(1, 2, 3), DEFAULT_AWARD_PERCENTS).map((x) => x.award)).toEqual(['first', null, null]);
  });

  it('a class set to 0 awards nobody', () => {
    expect(awardCutoffs(100, { mode: 'percent', first: 0, second: 10, third: 0 })).toEqual({
      first: 0,
      second: 10,
      third: 10,
      excellence: 50,
    });
  });

  it('property: awards never get better as rank gets worse', () => {
    const order = { first: 0, second: 1, third: 2, excellence: 3 } as const;
    const config = fc.oneof(
      fc.record({ mode: fc.constant('count' as const), first: fc.nat(5), second: fc.nat(5), third: fc.nat(5) }),
      fc.record({ mode: fc.constant('percent' as const), first: fc.nat(30), second: fc.nat(30), third: fc.nat(30) }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 40 }), config, (rs, cfg) => {
        const sorted = [...rs].sort((a, b) => a - b).map((rank) => ({ rank }));
        const value = (a: keyof typeof order | null) => (a === null ? 4 : order[a]);
        const awarded = assignAwards(sorted, cfg);
        expect(awarded.map((x) => x.rank)).toEqual(sorted.map((x) => x.rank)); // input order kept
        awarded.forEach((x, i) => {
          const prev = awarded[i - 1];
          if (prev) expect(value(prev.award)).toBeLessThanOrEqual(value(x.award));
        });
      }),
    );
  });
});
