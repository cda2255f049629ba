/**
 * What the contest and training generators of the city-scale data set share: the model, the
 * writer, Beijing-time helpers, secrets, and the one place a promotion is recorded (with its
 * certificate) and moves the worker's level.
 */
import { randomToken } from '../lib/random';
import { becameHighSkill, formatCertificateNo, type SkillLevel } from '@gongjiang/domain';
import type { TradeSeed } from './data/trades';
import { levelName, levelNum, type CityOrg, type Rng, type Weighted, type Workforce } from './city-model';
import type { BulkWriter } from '../data/bulk-write';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The instant of a Beijing wall-clock time. */
export const beijing = (y: number, m: number, d: number, hh = 9, mm = 0) => Date.UTC(y, m - 1, d, hh - 8, mm);
export const isoOf = (ms: number) => new Date(ms).toISOString();
/** Beijing calendar date (YYYY-MM-DD) of an instant. */
export const beijingDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
export const yearOf = (ms: number) => new Date(ms + 8 * HOUR).getUTCFullYear();

export interface CityTrade extends TradeSeed {
  id: number;
}

export interface Ctx {
  rng: Rng;
  w: BulkWriter;
  wf: Workforce;
  orgs: CityOrg[];
  orgById: Map<number, CityOrg>;
  trades: CityTrade[];
  tradeById: Map<number, CityTrade>;
  /** trades weighted by popularity */
  tradePick: Weighted<number>;
  scale: number;
  now: number;
  /** the year the data set is about; the year before is smaller and has less detail */
  year: number;
  /** users.id of worker index 0 (worker w is user firstUserId + w) */
  firstUserId: number;
  /** an admin or organizer account that "created" the contests and classes */
  creatorId: number | null;
  nextId: (table: string) => number;
  /** per year: workers who already had their one contest promotion (domain.md § Promotions) */
  contestPromoted: Map<number, Set<number>>;
  certificateSeq: Map<number, number>;
}

/** 96 random bits, base64url — ticket codes, check-in tokens, verification codes (lib/random.ts, drawn in blocks). */
export const secret = (bytes = 12): string => randomToken(bytes);

export const userOf = (ctx: Ctx, w: number) => ctx.firstUserId + w;

export interface PromotionSource {
  type: 'contest' | 'training';
  eventId: number | null;
  classId: number | null;
  orgId: number;
  tradeId: number;
  /** Beijing date YYYY-MM-DD */
  date: string;
  title: string | null;
}

/** Records worker w's promotion to `to` (a promotion record and its certificate) and moves their level. */
export function promote(ctx: Ctx, w: number, to: SkillLevel, src: PromotionSource): void {
  const from = levelName(ctx.wf.level[w] as number);
  const year = Number(src.date.slice(0, 4));
  const seq = (ctx.certificateSeq.get(year) ?? 0) + 1;
  ctx.certificateSeq.set(year, seq);
  const certificateNo = formatCertificateNo(year, seq);
  const at = `${src.date}T08:00:00.000Z`;
  const worker = userOf(ctx, w);
  ctx.w.insert('promotions', [
    'id',
    'worker_id',
    'from_level',
    'to_level',
    'source_type',
    'event_id',
    'training_class_id',
    'org_id',
    'trade_id',
    'promoted_on',
    'year',
    'certificate_no',
    'title',
    'became_high_skill',
    'created_at',
    'updated_at',
  ])(
    ctx.nextId('promotions'),
    worker,
    from,
    to,
    src.type,
    src.eventId,
    src.classId,
    src.orgId,
    src.tradeId,
    src.date,
    year,
    certificateNo,
    src.title,
    becameHighSkill(from, to) ? 1 : 0,
    at,
    at,
  );
  ctx.w.insert('certificates', [
    'code',
    'certificate_no',
    'worker_id',
    'level',
    'title',
    'source_type',
    'event_id',
    'training_class_id',
    'issued_on',
    'created_at',
    'updated_at',
  ])(secret(16), certificateNo, worker, to, src.title, src.type, src.eventId, src.classId, src.date, at, at);
  ctx.wf.level[w] = levelNum(to);
}

/** Month 1–12 drawn from twelve weights. */
export function monthFrom(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((s, x) => s + x, 0);
  let r = rng.float() * total;
  for (let m = 0; m < 12; m++) {
    r -= weights[m] as number;
    if (r < 0) return m + 1;
  }
  return 12;
}

/** Splits `total` over the weights (largest remainders get the rounding), each share at most its cap. */
export function apportion(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  let out = weights.map(() => 0);
  let left = total;
  let open = weights.map((_, i) => i).filter((i) => (weights[i] as number) > 0 && (caps[i] as number) > 0);
  while (left > 0 && open.length > 0) {
    const sum = open.reduce((s, i) => s + (weights[i] as number), 0);
    const round = left;
    for (const i of open)
      out[i] = Math.min(caps[i] as number, (out[i] as number) + Math.max(1, Math.floor((round * (weights[i] as number)) / sum)));
    left = total - out.reduce((s, x) => s + x, 0);
    if (left < 0) {
      // overshoot by the max(1, …) floor on tiny shares: take it back from the largest
      out = out.map((x) => x);
      const biggest = out.indexOf(Math.max(...out));
      out[biggest] = (out[biggest] as number) + left;
      left = 0;
    }
    open = open.filter((i) => (out[i] as number) < (caps[i] as number));
  }
  return out;
}
