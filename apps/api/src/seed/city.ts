/**
 * `npm run seed -- --scale city`: one year of the whole city at the scale of the union's report
 * (domain.md § Who uses it) on top of the demo data set, so the demo accounts can log in to it:
 * 13,480 base unions under the seven districts, 2.44 M union members with valid resident IDs,
 * 400+ contests over 116 trades with 500,000+ participants, 6,000+ training classes with 107,500
 * trainee-times, close to 10,000 promotions of which 5,000+ into high-skill status — and a
 * previous year at 88 % of that, so the dashboard's "change against last year" has something to show.
 *
 * `scale` multiplies every count (the tests run the same code at 1 %). Deterministic for a given
 * `now` apart from the secrets (ticket codes, tokens, verification codes).
 *
 * Generated workers cannot log in: their password hash is a marker no password verifies against
 * (hashing 2.44 M passwords would take half a day). Only the demo accounts have passwords.
 */
import { beijingYear, CERTIFICATE_PREFIX, makeResidentId } from '@gongjiang/domain';
import { sql } from 'drizzle-orm';
import type { Database } from '../data/database';
import { hasRoleSql } from '../data/dialect';
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES } from './data/names';
import { WUXI_REGIONS } from './data/organisations';
import { TRADES } from './data/trades';
import { EXTRA_TRADES, POPULAR_TRADES } from './city-data';
import { buildTree, buildWorkforce, levelName, Rng, Weighted, type Workforce } from './city-model';
import { planContests, runContest, writeContest, type PlannedContest } from './city-contests';
import { beijingDay, DAY, isoOf, type CityTrade, type Ctx } from './city-context';
import { planClasses, runClass, writeClass, type PlannedClass } from './city-training';
import { openBulkWriter, type BulkWriter } from '../data/bulk-write';
import { fillHoldersAsIssued } from '../services/certificates';
import { isEmptyDatabase, seedDemo } from './demo';

/** Marker in users.password_hash of generated workers: not an argon2 hash, so no password matches. */
export const NO_LOGIN = '!no-login';
/** The previous year's size relative to the year generated. */
export const PREVIOUS_YEAR_FACTOR = 0.88;

export interface CitySummary {
  year: number;
  scale: number;
  rows: Record<string, number>;
  ms: number;
}

/** The tables the generator numbers itself. */
const NUMBERED = [
  'contests',
  'enrolments',
  'events',
  'organisations',
  'promotions',
  'registrations',
  'trades',
  'training_classes',
  'training_sessions',
  'users',
] as const;

export async function seedCity(db: Database, opts: { scale?: number; now?: Date; log?: (msg: string) => void } = {}): Promise<CitySummary> {
  const started = performance.now();
  const scale = opts.scale ?? 1;
  const now = opts.now ?? new Date();
  const log = opts.log ?? (() => {});
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (!(await isEmptyDatabase(db))) throw new Error('city seed: the database is not empty (use --reset, or a new --db file)');
  await seedDemo(db, { now, history: false });
  log(`demo data set loaded (${elapsed()})`);

  const w = await openBulkWriter(db, log);
  try {
    await generate(w, { scale, now, log, elapsed });
    await w.finish();
  } catch (e) {
    await w.abort();
    throw e;
  }
  // after the indexes are back: each record looks its worker up by id
  await db.tx((t) => fillHoldersAsIssued(t));
  log(`done in ${elapsed()}`);
  return { year: beijingYear(now), scale, rows: Object.fromEntries(w.counts), ms: Math.round(performance.now() - started) };
}

async function generate(
  w: BulkWriter,
  { scale, now, log, elapsed }: { scale: number; now: Date; log: (msg: string) => void; elapsed: () => string },
): Promise<void> {
  const h = w.h;
  const maxIds = new Map<string, number>();
  for (const table of NUMBERED)
    maxIds.set(table, (await h.get<{ m: number }>(sql`select coalesce(max(id), 0) as "m" from ${sql.identifier(table)}`))!.m);
  const nextId = (table: string) => {
    const last = maxIds.get(table);
    if (last === undefined) throw new Error(`city seed: ${table} is not numbered by the generator`);
    const n = last + 1;
    maxIds.set(table, n);
    return n;
  };

  // --- trades: the demo's 53 and 63 more = 116 -----------------------------------------------------
  const tradeRows = await h.all<{ id: number; name: string }>(sql`select id, name from trades order by id`);
  const demoTrade = new Map(TRADES.map((t) => [t.name, t]));
  const trades: CityTrade[] = tradeRows.flatMap((r) => (demoTrade.has(r.name) ? [{ ...demoTrade.get(r.name)!, id: r.id }] : []));
  const at = isoOf(now.getTime() - 1000 * DAY);
  for (const t of EXTRA_TRADES) {
    const id = nextId('trades');
    w.insert('trades', ['id', 'code', 'name', 'name_en', 'created_at', 'updated_at'])(id, t.code, t.name, t.nameEn, at, at);
    trades.push({ ...t, id });
  }

  // --- organisations and workforce ---------------------------------------------------------------
  const rng = new Rng(20260501 + Math.round(scale * 1000));
  const orgRows = await h.all<{ id: number; name: string; kind: string; parentId: number | null; path: string; memberCount: number }>(
    sql`select id, name, kind, parent_id as "parentId", path, member_count as "memberCount" from organisations order by id`,
  );
  const { orgs, workerCount } = buildTree(
    rng,
    {
      federation: orgRows.find((o) => o.kind === 'federation')!,
      districts: orgRows.filter((o) => o.kind === 'district'),
      bases: orgRows.filter((o) => o.kind === 'base').map((o) => ({ ...o, parentId: o.parentId! })),
      trades,
    },
    scale,
    () => nextId('organisations'),
  );
  const orgInsert = w.insert('organisations', [
    'id',
    'name',
    'kind',
    'parent_id',
    'path',
    'depth',
    'member_count',
    'created_at',
    'updated_at',
  ]);
  for (const o of orgs) {
    if (o.isNew) orgInsert(o.id, o.name, 'base', o.parentId, o.path, 2, o.memberCount, at, at);
    else await h.run(sql`update organisations set member_count = ${o.hi - o.lo} where id = ${o.id}`);
  }
  const wf = buildWorkforce(rng, orgs, workerCount);
  log(
    `${orgs.filter((o) => o.kind === 'base').length.toLocaleString('en')} base unions, ${workerCount.toLocaleString('en')} workers planned (${elapsed()})`,
  );

  // --- the two years of activity, in date order (promotions move levels in the order they happen)
  const year = beijingYear(now);
  const firstUserId = nextId('users');
  maxIds.set('users', firstUserId + workerCount - 1);
  const creator = await h.get<{ id: number }>(sql`select id from users where ${hasRoleSql(h, sql`roles`, 'admin')} order by id limit 1`);
  const ctx: Ctx = {
    rng,
    w,
    wf,
    orgs,
    orgById: new Map(orgs.map((o) => [o.id, o])),
    trades,
    tradeById: new Map(trades.map((t) => [t.id, t])),
    tradePick: new Weighted(
      trades.map((t) => t.id),
      trades.map((t) => POPULAR_TRADES[t.name] ?? 1),
    ),
    scale,
    now: now.getTime(),
    year,
    firstUserId,
    creatorId: creator?.id ?? null,
    nextId,
    contestPromoted: new Map(),
    certificateSeq: new Map(),
  };
  type Source = { when: number; run: () => void };
  const sources: Source[] = [];
  const contests: PlannedContest[] = [];
  const classes: PlannedClass[] = [];
  for (const [y, factor] of [
    [year - 1, PREVIOUS_YEAR_FACTOR],
    [year, 1],
  ] as const) {
    const contestQuota = { left: Math.round(5_300 * scale * factor) };
    const trainingQuota = { left: Math.round(4_500 * scale * factor) };
    for (const k of planContests(ctx, y, factor)) {
      contests.push(k);
      sources.push({ when: k.ends, run: () => runContest(ctx, k, contestQuota) });
    }
    for (const k of planClasses(ctx, y, factor)) {
      classes.push(k);
      sources.push({ when: k.completedAt ?? k.sessions[0]!.starts, run: () => runClass(ctx, k, trainingQuota) });
    }
  }
  sources.sort((a, b) => a.when - b.when);
  for (const [i, s] of sources.entries()) {
    s.run();
    await w.flush();
    if ((i + 1) % 1000 === 0 || i === sources.length - 1)
      log(
        `contests and classes ${i + 1}/${sources.length}: ${w.count('registrations').toLocaleString('en')} registrations, ${w.count('enrolments').toLocaleString('en')} enrolments, ${w.count('promotions').toLocaleString('en')} promotions (${elapsed()})`,
      );
  }
  for (const k of contests) writeContest(ctx, k);
  for (const k of classes) writeClass(ctx, k);
  await w.flush();
  // the numbers handed out (city-context.ts promote), so the next certificate the API issues continues them
  const counter = w.insert('certificate_counters', ['year', 'issuer', 'last', 'created_at', 'updated_at']);
  const counted = isoOf(now.getTime());
  for (const [y, last] of ctx.certificateSeq) counter(y, CERTIFICATE_PREFIX, last, counted, counted);

  const existing = new Set(
    (await h.all<{ n: string }>(sql`select id_number as "n" from worker_profiles where id_number is not null`)).map((r) => r.n),
  );
  await writeWorkers(ctx, wf, existing, (n) => log(`workers ${n.toLocaleString('en')}/${workerCount.toLocaleString('en')} (${elapsed()})`));
  await w.flush();
  log(`rows written (${elapsed()}); rebuilding indexes and summaries …`);
}

/** users + worker_profiles for every generated worker: names, valid and unique resident IDs, phones 17xxxxxxxxx. */
async function writeWorkers(ctx: Ctx, wf: Workforce, existing: ReadonlySet<string>, progress: (n: number) => void): Promise<void> {
  const { rng } = ctx;
  const surnames = new Weighted(
    SURNAMES.map(([s]) => s),
    SURNAMES.map(([, x]) => x),
  );
  const seqs = new Map<string, number>();
  const user = ctx.w.insert('users', ['id', 'phone', 'name', 'password_hash', 'roles', 'org_id', 'created_at', 'updated_at']);
  const profile = ctx.w.insert('worker_profiles', [
    'user_id',
    'id_number',
    'birth_date',
    'gender',
    'employer_org_id',
    'trade_id',
    'skill_level',
    'union_member',
    'created_at',
    'updated_at',
  ]);
  const femaleShare = new Map(ctx.trades.map((t) => [t.id, t.femaleShare]));
  const day0 = Date.UTC(ctx.year, 0, 1);
  for (let i = 0; i < wf.n; i++) {
    const female = rng.chance(femaleShare.get(wf.tradeId[i] as number) ?? 0.4);
    const birth = new Date(day0 - ((wf.age[i] as number) * 365.25 + rng.int(0, 364)) * DAY);
    const ymd = beijingDay(birth.getTime()).replaceAll('-', '');
    const region = rng.chance(0.9) ? (ctx.orgById.get(wf.orgId[i] as number)!.region ?? '320202') : rng.pick(WUXI_REGIONS);
    const key = `${region}${ymd}${female ? 'f' : 'm'}`;
    let idNumber: string;
    do {
      const n = seqs.get(key) ?? 0;
      seqs.set(key, n + 1);
      idNumber = makeResidentId(region, ymd, 2 * n + (female ? 2 : 1));
    } while (existing.has(idNumber));
    const name = surnames.pick(rng) + rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
    const created = isoOf(ctx.now - rng.int(30, 1500) * DAY);
    const id = ctx.firstUserId + i;
    user(id, String(17_000_000_000 + i), name, NO_LOGIN, '["worker"]', wf.orgId[i] as number, created, created);
    profile(
      id,
      idNumber,
      `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6)}`,
      female ? 'female' : 'male',
      wf.orgId[i] as number,
      wf.tradeId[i] as number,
      levelName(wf.level[i] as number),
      1,
      created,
      created,
    );
    if ((i + 1) % 10_000 === 0) await ctx.w.flush();
    if ((i + 1) % 250_000 === 0) progress(i + 1);
  }
  progress(wf.n);
}
