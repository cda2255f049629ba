import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandFor,
  decidePromotions,
  levelOrder,
  promotedLevel,
  PROMOTION_TEMPLATES,
  SKILL_LEVELS,
  type ContestResultForPromotion,
  type PromotionRule,
  type SkillLevel,
  type WorkerStanding,
} from '../src/index';

const rule = (over: Partial<PromotionRule>): PromotionRule => ({
  fromRank: 1,
  toRank: 3,
  topPercent: null,
  targetLevel: 'technician',
  capLevel: 'senior_technician',
  title: null,
  ...over,
});

describe('PROMOTION_TEMPLATES (domain.md § Promotions, default table)', () => {
  it('city: ranks 1–3 → technician cap senior_technician 市技术能手; ranks 4–10 → senior cap technician', () => {
    expect(PROMOTION_TEMPLATES.city).toEqual([
      { fromRank: 1, toRank: 3, topPercent: null, targetLevel: 'technician', capLevel: 'senior_technician', title: '市技术能手' },
      { fromRank: 4, toRank: 10, topPercent: null, targetLevel: 'senior', capLevel: 'technician', title: null },
    ]);
  });

  it('district: ranks 1–6 → senior cap senior; enterprise: top 30 % → intermediate cap senior', () => {
    expect(PROMOTION_TEMPLATES.district).toEqual([
      { fromRank: 1, toRank: 6, topPercent: null, targetLevel: 'senior', capLevel: 'senior', title: null },
    ]);
    expect(PROMOTION_TEMPLATES.enterprise).toEqual([
      { fromRank: null, toRank: null, topPercent: 30, targetLevel: 'intermediate', capLevel: 'senior', title: null },
    ]);
  });
});

describe('bands', () => {
  it('a rank band is inclusive', () => {
    const rules = PROMOTION_TEMPLATES.city;
    expect(bandFor(rules, 3, 50)?.targetLevel).toBe('technician');
    expect(bandFor(rules, 4, 50)?.targetLevel).toBe('senior');
    expect(bandFor(rules, 10, 50)?.targetLevel).toBe('senior');
    expect(bandFor(rules, 11, 50)).toBeNull();
  });

  it('a top-percent band is ranks ≤ max(1, ⌊N × p / 100⌋)', () => {
    const rules = PROMOTION_TEMPLATES.enterprise;
    expect(bandFor(rules, 3, 10)).not.toBeNull();
    expect(bandFor(rules, 4, 10)).toBeNull();
    expect(bandFor(rules, 1, 2)).not.toBeNull(); // ⌊0.6⌋ = 0 → still rank 1
    expect(bandFor(rules, 2, 2)).toBeNull();
  });

  it('the first matching band wins when bands overlap', () => {
    const rules = [rule({ fromRank: 1, toRank: 5, title: 'first' }), rule({ fromRank: 3, toRank: 8, title: 'second' })];
    expect(bandFor(rules, 4, 20)?.title).toBe('first');
    expect(bandFor(rules, 6, 20)?.title).toBe('second');
  });
});

describe('promotedLevel (below target → target; else one up, never above cap)', () => {
  const city13 = PROMOTION_TEMPLATES.city[0] as PromotionRule;

  it('lifts anyone below the target straight to it', () => {
    expect(promotedLevel(null, city13)).toBe('technician');
    expect(promotedLevel('intermediate', city13)).toBe('technician');
  });

  it('lifts someone at or above target one level, up to the cap', () => {
    expect(promotedLevel('technician', city13)).toBe('senior_technician');
    expect(promotedLevel('senior_technician', city13)).toBeNull();
    expect(promotedLevel('special_technician', city13)).toBeNull();
  });

  it('never passes chief_technician', () => {
    const top = rule({ targetLevel: 'chief_technician', capLevel: 'chief_technician' });
    expect(promotedLevel('special_technician', top)).toBe('chief_technician');
    expect(promotedLevel('chief_technician', top)).toBeNull();
  });

  it('caps the target too when a rule sets target above cap', () => {
    expect(promotedLevel('junior', rule({ targetLevel: 'technician', capLevel: 'senior' }))).toBe('senior');
  });
});

describe('decidePromotions', () => {
  const workers = new Map<number, WorkerStanding>([
    [1, { currentLevel: 'intermediate', contestPromotionsThisYear: 0 }],
    [2, { currentLevel: 'technician', contestPromotionsThisYear: 0 }],
    [3, { currentLevel: 'senior_technician', contestPromotionsThisYear: 0 }],
    [4, { currentLevel: null, contestPromotionsThisYear: 0 }],
    [5, { currentLevel: 'junior', contestPromotionsThisYear: 1 }],
    [6, { currentLevel: 'junior', contestPromotionsThisYear: 0 }],
    [7, { currentLevel: 'junior', contestPromotionsThisYear: 0 }],
  ]);
  const results: ContestResultForPromotion[] = [
    { workerId: 1, rank: 1, passed: true },
    { workerId: 2, rank: 2, passed: true },
    { workerId: 3, rank: 3, passed: true },
    { workerId: 4, rank: 4, passed: true },
    { workerId: 5, rank: 5, passed: true },
    { workerId: 6, rank: 6, passed: false },
    { workerId: 7, rank: 11, passed: true },
  ];

  it('applies the city template', () => {
    expect(decidePromotions({ inPlan: true, rules: PROMOTION_TEMPLATES.city, results, workers })).toEqual([
      { workerId: 1, promote: true, fromLevel: 'intermediate', toLevel: 'technician', title: '市技术能手', becameHighSkill: true },
      { workerId: 2, promote: true, fromLevel: 'technician', toLevel: 'senior_technician', title: '市技术能手', becameHighSkill: false },
      { workerId: 3, promote: false, reason: 'at_cap' },
      { workerId: 4, promote: true, fromLevel: null, toLevel: 'senior', title: null, becameHighSkill: true },
      { workerId: 5, promote: false, reason: 'already_promoted_this_year' },
      { workerId: 6, promote: false, reason: 'not_passed' },
      { workerId: 7, promote: false, reason: 'no_band' },
    ]);
  });

  it('promotes nobody from a contest outside the official plan', () => {
    const decisions = decidePromotions({ inPlan: false, rules: PROMOTION_TEMPLATES.city, results, workers });
    expect(decisions.every((d) => !d.promote && d.reason === 'not_in_plan')).toBe(true);
  });

  it('accepts workers as a plain record', () => {
    const decisions = decidePromotions({
      inPlan: true,
      rules: PROMOTION_TEMPLATES.district,
      results: [{ workerId: 9, rank: 1, passed: true }],
      workers: { 9: { currentLevel: 'senior', contestPromotionsThisYear: 0 } },
    });
    expect(decisions).toEqual([{ workerId: 9, promote: false, reason: 'at_cap' }]);
  });

  it('throws when a contestant’s standing is missing', () => {
    expect(() =>
      decidePromotions({ inPlan: true, rules: PROMOTION_TEMPLATES.city, results: [{ workerId: 99, rank: 1, passed: true }], workers }),
    ).toThrow(RangeError);
  });

  it('counts N for percentage bands as the contestants with a result', () => {
    const field = Array.from({ length: 10 }, (_, i) => ({ workerId: i + 1, rank: i + 1, passed: true }));
    const standings = new Map(field.map((f) => [f.workerId, { currentLevel: 'junior' as SkillLevel, contestPromotionsThisYear: 0 }]));
    const decisions = decidePromotions({ inPlan: true, rules: PROMOTION_TEMPLATES.enterprise, results: field, workers: standings });
    expect(decisions.filter((d) => d.promote).map((d) => d.workerId)).toEqual([1, 2, 3]);
  });
});

describe('promotion properties', () => {
  const level = fc.constantFrom<SkillLevel | null>(null, ...SKILL_LEVELS);
  const someLevel = fc.constantFrom<SkillLevel>(...SKILL_LEVELS);
  const band = fc.oneof(
    fc
      .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 10 }))
      .map(([from, len]) => ({ fromRank: from, toRank: from + len, topPercent: null })),
    fc.integer({ min: 0, max: 100 }).map((p) => ({ fromRank: null, toRank: null, topPercent: p })),
  );
  const rules: fc.Arbitrary<PromotionRule[]> = fc.array(
    fc
      .record({ band, targetLevel: someLevel, capLevel: someLevel, title: fc.option(fc.constant('能手'), { nil: null }) })
      .map(({ band: b, ...r }) => ({ ...b, ...r })),
    { maxLength: 3 },
  );
  const contest = fc
    .array(fc.record({ passed: fc.boolean(), currentLevel: level, count: fc.nat(2), rank: fc.integer({ min: 1, max: 25 }) }), {
      maxLength: 25,
    })
    .map((rows) => ({
      results: rows.map((r, i) => ({ workerId: i + 1, rank: r.rank, passed: r.passed })),
      workers: new Map<number, WorkerStanding>(
        rows.map((r, i) => [i + 1, { currentLevel: r.currentLevel, contestPromotionsThisYear: r.count }]),
      ),
    }));

  it('never lowers a level, never passes the band’s cap or chief_technician, respects one per year', () => {
    fc.assert(
      fc.property(fc.boolean(), rules, contest, (inPlan, rs, { results, workers }) => {
        const decisions = decidePromotions({ inPlan, rules: rs, results, workers });
        expect(decisions.map((d) => d.workerId)).toEqual(results.map((r) => r.workerId)); // one decision each
        for (const d of decisions) {
          const standing = workers.get(d.workerId) as WorkerStanding;
          const result = results.find((r) => r.workerId === d.workerId) as ContestResultForPromotion;
          if (!d.promote) continue;
          const matched = bandFor(rs, result.rank, results.length) as PromotionRule;
          expect(inPlan && result.passed).toBe(true);
          expect(standing.contestPromotionsThisYear).toBe(0);
          expect(d.fromLevel).toBe(standing.currentLevel);
          expect(levelOrder(d.toLevel)).toBeGreaterThan(levelOrder(d.fromLevel));
          expect(levelOrder(d.toLevel)).toBeLessThanOrEqual(levelOrder(matched.capLevel));
          expect(levelOrder(d.toLevel)).toBeLessThanOrEqual(levelOrder('chief_technician'));
        }
      }),
    );
  });

  it('a worker already promoted by a contest this year is never promoted', () => {
    fc.assert(
      fc.property(rules, contest, (rs, { results, workers }) => {
        const decisions = decidePromotions({ inPlan: true, rules: rs, results, workers });
        expect(decisions).toHaveLength(results.length);
        for (const d of decisions) {
          if ((workers.get(d.workerId)?.contestPromotionsThisYear ?? 0) >= 1) expect(d.promote).toBe(false);
        }
      }),
    );
  });

  it('deciding again with the updated levels and counters promotes nobody new (idempotence)', () => {
    fc.assert(
      fc.property(rules, contest, (rs, { results, workers }) => {
        const first = decidePromotions({ inPlan: true, rules: rs, results, workers });
        const updated = new Map(workers);
        for (const d of first) {
          if (!d.promote) continue;
          const count = workers.get(d.workerId)?.contestPromotionsThisYear ?? 0;
          updated.set(d.workerId, { currentLevel: d.toLevel, contestPromotionsThisYear: count + 1 });
        }
        const second = decidePromotions({ inPlan: true, rules: rs, results, workers: updated });
        expect(second.filter((d) => d.promote)).toEqual([]);
      }),
    );
  });

  it('applied over and over (ignoring the yearly limit) a band climbs to its cap and stops', () => {
    fc.assert(
      fc.property(level, someLevel, someLevel, (current, target, cap) => {
        const r = rule({ targetLevel: target, capLevel: cap });
        let lv = current;
        for (let next = promotedLevel(lv, r); next !== null; next = promotedLevel(lv, r)) {
          expect(levelOrder(next)).toBeGreaterThan(levelOrder(lv));
          lv = next;
        }
        expect(levelOrder(lv)).toBe(Math.max(levelOrder(current), levelOrder(cap)));
      }),
    );
  });
});
