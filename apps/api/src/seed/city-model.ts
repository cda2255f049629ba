/**
 * The city-scale data set's in-memory model: a seeded PRNG, the organisation tree grown from the
 * demo's federation and districts to 13,480 base unions (× scale), and the workforce — 2.44 M
 * workers (× scale) held in typed arrays, so a whole city fits in a few tens of megabytes.
 *
 * Every base union's workers get consecutive indexes, and the base unions of a district are
 * consecutive too, so "a random worker of this subtree" is a random index in one range.
 */
import { SKILL_LEVELS, type SkillLevel } from '@gongjiang/domain';
import { BASE_UNIONS, DISTRICTS } from './data/organisations';
import type { TradeSeed } from './data/trades';
import { BRANDS, COMPANY_FORMS, INDUSTRIES, PLACES, POPULAR_TRADES, type Industry } from './city-data';

/** mulberry32: small, well mixed, deterministic. Not for secrets. */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  float(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }
  normal(mean: number, sd: number): number {
    const u = 1 - this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }
  /** exp(normal): a positive, right-skewed size weight */
  lognormal(sd: number): number {
    return Math.exp(this.normal(0, sd));
  }
}

/** Weighted choice by binary search over cumulative weights: O(log n) per pick. */
export class Weighted<T> {
  private readonly cum: Float64Array;
  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    this.cum = new Float64Array(items.length);
    let s = 0;
    weights.forEach((w, i) => (this.cum[i] = s += w));
  }
  pick(rng: Rng): T {
    const r = rng.float() * (this.cum[this.cum.length - 1] as number);
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cum[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/** Skill level as a small integer: -1 = no certificate, 0 = apprentice … 7 = chief_technician. */
export const levelName = (n: number): SkillLevel | null => (n < 0 ? null : (SKILL_LEVELS[n] as SkillLevel));
export const levelNum = (l: SkillLevel | null): number => (l === null ? -1 : SKILL_LEVELS.indexOf(l));

/** Share of each level among union members (−1 … 7), before age limits. */
const LEVEL_WEIGHTS = new Weighted([-1, 0, 1, 2, 3, 4, 5, 6, 7], [22, 3, 24, 27, 14, 7, 2.4, 0.3, 0.1]);
/** Youngest plausible age per level (index = level). */
const MIN_AGE = [16, 18, 18, 21, 25, 30, 36, 42, 45];

export interface CityOrg {
  id: number;
  name: string;
  kind: 'federation' | 'district' | 'base';
  parentId: number | null;
  path: string;
  district: string | null;
  region: string | null;
  memberCount: number;
  /** worker index range [lo, hi) of the subtree */
  lo: number;
  hi: number;
  /** trades its workers hold (base unions) */
  trades: Weighted<number> | null;
  isNew: boolean;
}

export interface Workforce {
  n: number;
  orgId: Int32Array;
  tradeId: Int32Array;
  age: Uint8Array;
  /** current level (levelNum); promotions move it */
  level: Int8Array;
}

interface TreeInput {
  federation: { id: number; name: string; path: string };
  districts: { id: number; name: string; path: string; memberCount: number }[];
  bases: { id: number; name: string; parentId: number; path: string; memberCount: number }[];
  trades: (TradeSeed & { id: number })[];
}

/** Splits `total` into `n` Pareto-distributed sizes (α ≈ 1.16: the 80/20 rule), each at least `min`. */
function paretoSizes(rng: Rng, n: number, total: number, min: number): number[] {
  const w = Array.from({ length: n }, () => Math.min(400, (1 - rng.float()) ** (-1 / 1.16)));
  const sum = w.reduce((s, x) => s + x, 0);
  const spare = total - n * min;
  const sizes = w.map((x) => min + Math.floor((spare * x) / sum));
  let rest = total - sizes.reduce((s, x) => s + x, 0);
  for (let i = 0; rest > 0; i = (i + 1) % n, rest--) sizes[i] = (sizes[i] as number) + 1;
  return sizes;
}

/**
 * Grows the tree: per district, new base unions up to its share of 13,480 × scale, sized so the
 * district's members (× scale) are reached, and lays out the worker index ranges.
 */
export function buildTree(rng: Rng, input: TreeInput, scale: number, nextOrgId: () => number) {
  const tradeByName = new Map(input.trades.map((t) => [t.name, t]));
  const popularity = (t: TradeSeed) => POPULAR_TRADES[t.name] ?? 1;
  const tradesOf = (names: readonly string[]) => {
    const ts = names.map((n) => tradeByName.get(n)!).filter(Boolean);
    return new Weighted(
      ts.map((t) => t.id),
      ts.map(popularity),
    );
  };
  const industryTrades = new Map(INDUSTRIES.map((ind) => [ind.key, input.trades.filter((t) => ind.families.includes(t.family))]));
  const industryPick = new Weighted(
    INDUSTRIES,
    INDUSTRIES.map((i) => i.weight),
  );
  const demoBase = new Map(BASE_UNIONS.map((b) => [b.name, b]));
  const names = new Set(input.bases.map((b) => b.name));

  const totalMembers = DISTRICTS.reduce((s, d) => s + d.memberCount, 0);
  const orgs: CityOrg[] = [];
  const fed: CityOrg = {
    ...input.federation,
    kind: 'federation',
    parentId: null,
    district: null,
    region: null,
    memberCount: 0,
    lo: 0,
    hi: 0,
    trades: null,
    isNew: false,
  };
  orgs.push(fed);
  let next = 0;
  for (const dSeed of DISTRICTS) {
    const dRow = input.districts.find((d) => d.name === dSeed.name);
    if (!dRow) throw new Error(`city seed: district ${dSeed.name} missing (run on a demo-seeded database)`);
    const district: CityOrg = {
      ...dRow,
      kind: 'district',
      parentId: fed.id,
      district: dSeed.key,
      region: dSeed.region,
      lo: next,
      hi: next,
      trades: null,
      isNew: false,
    };
    orgs.push(district);
    const members = Math.round(dSeed.memberCount * scale);
    const demo = input.bases.filter((b) => b.parentId === dRow.id);
    const baseCount = Math.max(demo.length + 2, Math.round((13_480 * scale * dSeed.memberCount) / totalMembers));
    for (const b of demo) {
      const n = Math.max(3, Math.round(b.memberCount * scale));
      orgs.push({
        ...b,
        kind: 'base',
        district: dSeed.key,
        region: dSeed.region,
        lo: next,
        hi: next + n,
        trades: tradesOf(demoBase.get(b.name)?.trades ?? ['电工']),
        isNew: false,
      });
      next += n;
    }
    const newCount = baseCount - demo.length;
    const left = Math.max(newCount * 3, members - (next - district.lo));
    for (const size of paretoSizes(rng, newCount, left, 3)) {
      const industry = industryPick.pick(rng);
      const id = nextOrgId();
      const name = baseName(rng, industry, dSeed.key, size, names);
      const pool = industryTrades.get(industry.key)!;
      const chosen = new Set<TradeSeed & { id: number }>();
      const want = Math.min(pool.length, size < 50 ? rng.int(2, 4) : rng.int(4, 9));
      const pickFrom = new Weighted(pool, pool.map(popularity));
      for (let guard = 0; chosen.size < want && guard < 200; guard++) chosen.add(pickFrom.pick(rng));
      orgs.push({
        id,
        name,
        kind: 'base',
        parentId: district.id,
        path: `${district.path}${id}/`,
        district: dSeed.key,
        region: dSeed.region,
        memberCount: size,
        lo: next,
        hi: next + size,
        trades: tradesOf([...chosen].map((t) => t.name)),
        isNew: true,
      });
      next += size;
    }
    district.hi = next;
  }
  fed.hi = next;
  return { orgs, workerCount: next };
}

function baseName(rng: Rng, industry: Industry, district: string, size: number, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const place = rng.pick(PLACES[district] ?? ['无锡']);
    const word = rng.pick(industry.words);
    let name: string;
    if (industry.key === 'care' && !word.includes('家政')) name = `${place}${rng.pick(BRANDS)}${word}工会`;
    else if (size < 40 && rng.chance(0.25)) name = `${place}${rng.pick(['镇', '街道'])}${rng.pick(BRANDS)}${word}行业工会联合会`;
    else name = `${place}${rng.pick(BRANDS)}${word}${rng.pick(COMPANY_FORMS.map(([f]) => f))}工会`;
    if (attempt > 5) name = name.replace(/工会(联合会)?$/, `第${attempt - 4}分公司工会`);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** Every worker's employer, trade, age and level, drawn once. */
export function buildWorkforce(rng: Rng, orgs: readonly CityOrg[], n: number): Workforce {
  const wf: Workforce = { n, orgId: new Int32Array(n), tradeId: new Int32Array(n), age: new Uint8Array(n), level: new Int8Array(n) };
  for (const o of orgs) {
    if (o.kind !== 'base' || !o.trades) continue;
    for (let w = o.lo; w < o.hi; w++) {
      const age = Math.max(18, Math.min(60, Math.round(rng.normal(38, 10))));
      let level = LEVEL_WEIGHTS.pick(rng);
      while (level > -1 && (MIN_AGE[level + 1] as number) > age) level--;
      wf.orgId[w] = o.id;
      wf.tradeId[w] = o.trades.pick(rng);
      wf.age[w] = age;
      wf.level[w] = level;
    }
  }
  return wf;
}

/**
 * `n` distinct workers from [lo, hi) that pass `accept` (tried up to 40 times per pick, then anyone in
 * range, so a narrow filter never loops forever).
 */
export function sampleWorkers(
  rng: Rng,
  lo: number,
  hi: number,
  n: number,
  accept: (w: number) => boolean,
  exclude?: Set<number>,
): number[] {
  const size = hi - lo;
  const want = Math.min(n, size - (exclude?.size ?? 0));
  const out = new Set<number>();
  if (want > size / 3) {
    // dense: a partial shuffle of the range, filter preferred
    const all = new Int32Array(size);
    for (let i = 0; i < size; i++) all[i] = lo + i;
    for (let i = size - 1; i > 0; i--) {
      const j = Math.floor(rng.float() * (i + 1));
      const t = all[i] as number;
      all[i] = all[j] as number;
      all[j] = t;
    }
    for (const pass of [true, false]) {
      for (let i = 0; i < size && out.size < want; i++) {
        const w = all[i] as number;
        if (!exclude?.has(w) && (!pass || accept(w))) out.add(w);
      }
    }
    return [...out];
  }
  while (out.size < want) {
    let w = lo + Math.floor(rng.float() * size);
    for (let tries = 0; tries < 40 && !accept(w); tries++) w = lo + Math.floor(rng.float() * size);
    if (!exclude?.has(w)) out.add(w);
  }
  return [...out];
}
