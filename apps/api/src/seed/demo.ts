/**
 * The demo data set: loaded automatically on an empty database at first start (server.ts) and by
 * `npm run seed`. A Wuxi-shaped miniature of the union's year (domain.md, the annual report):
 * the organisation tree, the trade catalogue, named demo accounts, a few hundred workers, contests
 * and training classes in every state, with registrations, waiting lists and enrolments whose
 * counters agree with their rows.
 *
 * Deterministic: one seeded PRNG drives every choice, so the same "now" gives the same data — except
 * ticket codes and check-in tokens, which are secrets and come from crypto.randomBytes (lib/random.ts).
 * Fast: everything is built in memory and written in one BEGIN IMMEDIATE transaction.
 *
 * It has a history too (data/history.ts, demo-history.ts): the previous calendar year's contests and
 * classes and a few early this year, judged, published, promoted and completed through the API's own
 * services in date order, so the dashboard compares two years and workers have skill histories. This
 * year's open and pending contests and classes are left to the features that produce results,
 * promotions and certificates (the demo accounts themselves are never promoted).
 */
import {
  admit,
  afterRelease,
  checkEligibility,
  holdsSeat,
  levelOrder,
  makeResidentId,
  PROMOTION_TEMPLATES,
  SKILL_LEVELS,
  type AttendanceStatus,
  type ContestTier,
  type CriterionKind,
  type RegistrationStatus,
  type Role,
  type SkillLevel,
} from '@gongjiang/domain';
import { getTableColumns, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database, Tx } from '../data/database';
import { syncIdentities } from '../data/dialect';
import { isEmpty, markDemoData } from '../data/repos/meta';
import type { Tables } from '../data/schema';
import { hashPassword } from '../lib/passwords';
import { ACCOUNT_SEEDS, DEMO_PASSWORD } from './data/accounts';
import { CONTESTS, type ContestSeed, type EventSeed, type RegistrationPlan } from './data/contests';
import { HISTORY_CONTESTS, HISTORY_TRAININGS } from './data/history';
import { MARKING_SCHEMES } from './data/marking-schemes';
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES } from './data/names';
import { BASE_UNIONS, DISTRICTS, FEDERATION, WUXI_REGIONS, type DistrictKey } from './data/organisations';
import { TRADES } from './data/trades';
import { TRAININGS, type TrainingSeed } from './data/trainings';
import { replaceQualifications } from '../data/repos/stages';
import { dayOffset, HistoryDesk, judgeEvent, story, type PromotionMade } from './demo-history';
import { seedNominations } from './demo-nominations';
import { randomToken } from '../lib/random';

export { DEMO_PASSWORD };

/** The demo logins (phone + password), for the README, the e2e suite and the seed's summary. */
export const DEMO_ACCOUNTS: readonly {
  phone: string;
  password: string;
  name: string;
  roles: readonly Role[];
  org: string | null;
  description: string;
}[] = ACCOUNT_SEEDS.map((a) => ({
  phone: a.phone,
  password: DEMO_PASSWORD,
  name: a.name,
  roles: a.roles,
  org: a.org,
  description: a.description,
}));

/** How many generated workers (besides the named demo accounts). */
export const DEMO_WORKER_COUNT = 600;
const PRNG_SEED = 20260501;

export interface SeedSummary {
  organisations: number;
  trades: number;
  users: number;
  workers: number;
  contests: number;
  events: number;
  criteria: number;
  promotionRules: number;
  registrations: number;
  judgeAssignments: number;
  trainingClasses: number;
  trainingSessions: number;
  enrolments: number;
  attendance: number;
  examScores: number;
  /** judges' marks, published results, promotions and certificates of the history (data/history.ts) */
  scores: number;
  results: number;
  promotions: number;
  certificates: number;
  /** wall-clock time of seedDemo, password hashing included */
  ms: number;
}

/** True when there are no organisations: a fresh installation. */
export function isEmptyDatabase(db: Database): Promise<boolean> {
  return isEmpty(db.read);
}

/**
 * Loads the demo data when the database is empty; true when it did. Meant for openDatabase's `startup` callback: on
 * PostgreSQL that runs under the start-up lock, so of several nodes starting together exactly one seeds.
 */
export async function seedDemoIfEmpty(db: Database, opts: { log?: (msg: string) => void } = {}): Promise<boolean> {
  if (!(await isEmptyDatabase(db))) return false;
  opts.log?.('empty database: loading the demo data (SEED=none to skip)…');
  await seedDemo(db, opts);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Randomness and time

/** mulberry32: a tiny, well-mixed 32-bit PRNG; good enough for demo data, never for secrets. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of pairs) {
      r -= w;
      if (r < 0) return item;
    }
    return (pairs[pairs.length - 1] as readonly [T, number])[0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
  /** normal(mean, sd) by Box–Muller */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** an instant uniformly between two */
  between(from: Date, to: Date): Date {
    return new Date(from.getTime() + Math.floor(this.next() * Math.max(0, to.getTime() - from.getTime())));
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BEIJING_OFFSET = 8 * HOUR;

/** Instants on Beijing calendar days relative to `now`. */
function clockFor(now: Date) {
  const todayStart = Math.floor((now.getTime() + BEIJING_OFFSET) / DAY) * DAY - BEIJING_OFFSET;
  return {
    /** day offset from today at hh:mm Beijing time */
    at(day: number, hhmm = '09:00'): Date {
      const [h, m] = hhmm.split(':').map(Number) as [number, number];
      return new Date(todayStart + day * DAY + h * HOUR + m * MINUTE);
    },
    /** Beijing calendar date (year, month, day) of today */
    today(): { y: number; m: number; d: number } {
      const t = new Date(todayStart + BEIJING_OFFSET);
      return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
    },
  };
}

const iso = (d: Date) => d.toISOString();
const earlier = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);
const secret = () => randomToken();

// ---------------------------------------------------------------------------------------------
// In-memory model

interface OrgRow {
  id: number;
  name: string;
  kind: 'federation' | 'district' | 'base';
  parentId: number | null;
  path: string;
  depth: number;
  memberCount: number;
  district: DistrictKey | null;
  region: string | null;
}

interface Person {
  userId: number;
  phone: string;
  name: string;
  roles: Role[];
  orgId: number | null;
  createdAt: Date;
  profile: {
    idNumber: string | null;
    birthDate: string | null;
    gender: 'male' | 'female' | null;
    employerOrgId: number | null;
    tradeId: number | null;
    skillLevel: SkillLevel | null;
    certificateNo: string | null;
    unionMember: boolean;
  };
}

const LEVEL_WEIGHTS: readonly (readonly [SkillLevel | null, number])[] = [
  [null, 20],
  ['apprentice', 3],
  ['junior', 24],
  ['intermediate', 27],
  ['senior', 15],
  ['technician', 8],
  ['senior_technician', 2.5],
  ['special_technician', 0.3],
  ['chief_technician', 0.2],
];
/** Youngest plausible age for a level; a younger worker gets the highest level their age allows. */
const MIN_AGE_FOR_LEVEL: Partial<Record<SkillLevel, number>> = {
  senior: 25,
  technician: 30,
  senior_technician: 36,
  special_technician: 42,
  chief_technician: 45,
};
const DEFAULT_TARGET: Record<ContestTier, SkillLevel> = { city: 'technician', district: 'senior', enterprise: 'intermediate' };

/** The row the seed writes into table `K`. */
type Row<K extends keyof Tables> = Tables[K]['$inferInsert'];

/** The tables the seed numbers itself (explicit ids, so the rows can refer to each other before they are written). */
const NUMBERED = [
  'organisations',
  'trades',
  'users',
  'worker_profiles',
  'contests',
  'events',
  'criteria',
  'promotion_rules',
  'registrations',
  'judge_assignments',
  'training_classes',
  'training_sessions',
  'enrolments',
  'attendance',
  'exam_scores',
] as const;

/**
 * Inserts rows in multi-row statements inside the caller's transaction, each under the bound-parameter limits of both
 * backends (SQLite 32,766, PostgreSQL 65,535).
 */
async function insertAll<K extends keyof Tables>(t: Tx, name: K, rows: Row<K>[]): Promise<void> {
  const table = t.s[name] as unknown as SQLiteTable;
  const chunk = Math.max(1, Math.floor(16_000 / Object.keys(getTableColumns(table)).length));
  for (let i = 0; i < rows.length; i += chunk) await t.orm.insert(table).values(rows.slice(i, i + chunk) as never);
}

/** Id counters continuing from each numbered table's greatest id. */
async function nextIds(t: Tx) {
  const counters = new Map<string, number>();
  for (const table of NUMBERED) {
    const row = await t.get<{ m: number }>(sql`select coalesce(max(id), 0) as "m" from ${sql.identifier(table)}`);
    counters.set(table, row!.m);
  }
  return (table: (typeof NUMBERED)[number]): number => {
    const n = counters.get(table)! + 1;
    counters.set(table, n);
    return n;
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * `history: false` leaves out the history (data/history.ts) and leaves this year's completed class
 * awaiting completion — no results, promotions or certificates at all: the city-scale generator, which
 * writes its own two years and numbers its own certificates, builds on the demo that way.
 */
export async function seedDemo(
  db: Database,
  opts: { log?: (msg: string) => void; now?: Date; history?: boolean } = {},
): Promise<SeedSummary> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const now = opts.now ?? new Date();
  const clock = clockFor(now);
  const rng = new Rng(PRNG_SEED);
  // The one slow step (argon2id, ~20 ms): every demo account shares this hash.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const summary = await db.tx(async (t) => {
    // the history's services (HistoryDesk) run inside this transaction
    const desk = new HistoryDesk(db, t);
    const nextId = await nextIds(t);

    // --- organisations -----------------------------------------------------------------------
    const orgs: OrgRow[] = [];
    const orgByName = new Map<string, OrgRow>();
    const addOrg = (o: Omit<OrgRow, 'id' | 'path' | 'depth'>, parent: OrgRow | null): OrgRow => {
      const id = nextId('organisations');
      const row: OrgRow = { ...o, id, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0 };
      orgs.push(row);
      orgByName.set(row.name, row);
      return row;
    };
    const federation = addOrg(
      { name: FEDERATION.name, kind: 'federation', parentId: null, memberCount: FEDERATION.memberCount, district: null, region: null },
      null,
    );
    const districtRows = new Map<DistrictKey, OrgRow>();
    for (const d of DISTRICTS) {
      districtRows.set(
        d.key,
        addOrg(
          { name: d.name, kind: 'district', parentId: federation.id, memberCount: d.memberCount, district: d.key, region: d.region },
          federation,
        ),
      );
    }
    for (const b of BASE_UNIONS) {
      const parent = districtRows.get(b.district)!;
      addOrg(
        { name: b.name, kind: 'base', parentId: parent.id, memberCount: b.memberCount, district: b.district, region: parent.region },
        parent,
      );
    }
    const org = (name: string): OrgRow => {
      const o = orgByName.get(name);
      if (!o) throw new Error(`seed data: unknown organisation ${name}`);
      return o;
    };
    const orgCreated = iso(clock.at(-1300));
    await insertAll(
      t,
      'organisations',
      orgs.map((o) => ({
        id: o.id,
        name: o.name,
        kind: o.kind,
        parentId: o.parentId,
        path: o.path,
        depth: o.depth,
        memberCount: o.memberCount,
        createdAt: orgCreated,
        updatedAt: orgCreated,
      })),
    );

    // --- trades ------------------------------------------------------------------------------
    const tradeIdByName = new Map<string, number>();
    const tradeRows = TRADES.map((t) => {
      const id = nextId('trades');
      tradeIdByName.set(t.name, id);
      return { id, code: t.code, name: t.name, nameEn: t.nameEn, createdAt: orgCreated, updatedAt: orgCreated };
    });
    await insertAll(t, 'trades', tradeRows);
    const tradeId = (name: string): number => {
      const id = tradeIdByName.get(name);
      if (id === undefined) throw new Error(`seed data: unknown trade ${name}`);
      return id;
    };
    const tradeSeedById = new Map(TRADES.map((t) => [tradeId(t.name), t]));

    // --- people ------------------------------------------------------------------------------
    const people: Person[] = [];
    const byPhone = new Map<string, Person>();
    const idNumbers = new Set<string>();
    const phones = new Set<string>();
    const addPerson = (p: Omit<Person, 'userId'>): Person => {
      const person = { ...p, userId: nextId('users') };
      if (person.profile.idNumber) {
        if (idNumbers.has(person.profile.idNumber)) throw new Error(`duplicate resident ID ${person.profile.idNumber}`);
        idNumbers.add(person.profile.idNumber);
      }
      phones.add(person.phone);
      people.push(person);
      byPhone.set(person.phone, person);
      return person;
    };
    const profileFromId = (idNumber: string) => ({
      idNumber,
      birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
      gender: Number(idNumber[16]) % 2 === 1 ? ('male' as const) : ('female' as const),
    });

    for (const a of ACCOUNT_SEEDS) {
      const o = a.org ? org(a.org) : null;
      const isStaff = a.roles.includes('organizer') || a.roles.includes('admin');
      const p = a.profile;
      addPerson({
        phone: a.phone,
        name: a.name,
        roles: [...a.roles],
        orgId: o?.id ?? null,
        createdAt:
          a.phone === '13900000102' ? new Date(now.getTime() - 2 * HOUR) : clock.at(a.roles.includes('worker') ? -400 : -900, '10:00'),
        profile: p
          ? {
              ...profileFromId(makeResidentId(p.region, p.birth, p.sequence)),
              employerOrgId: o?.id ?? null,
              tradeId: tradeId(p.trade),
              skillLevel: p.skillLevel,
              certificateNo: p.certificateNo,
              unionMember: p.unionMember,
            }
          : {
              idNumber: null,
              birthDate: null,
              gender: null,
              employerOrgId: isStaff ? null : (o?.id ?? null),
              tradeId: null,
              skillLevel: null,
              certificateNo: null,
              unionMember: true,
            },
      });
    }

    // Generated workers, spread over the base unions (weight ~ √members) and their typical trades.
    const today = clock.today();
    const bases = orgs.filter((o) => o.kind === 'base');
    const baseSeed = new Map(BASE_UNIONS.map((b) => [b.name, b]));
    const weights = bases.map((b) => Math.sqrt(b.memberCount));
    const weightSum = weights.reduce((s, w) => s + w, 0);
    const perBase = weights.map((w) => Math.max(4, Math.round((DEMO_WORKER_COUNT * w) / weightSum)));
    // Adjust the largest allocations so the total is exact.
    let surplus = perBase.reduce((s, n) => s + n, 0) - DEMO_WORKER_COUNT;
    for (let i = 0; surplus !== 0; i = (i + 1) % perBase.length) {
      const step = surplus > 0 ? -1 : 1;
      if ((perBase[i] as number) + step >= 4) {
        perBase[i] = (perBase[i] as number) + step;
        surplus += step;
      }
    }
    const newPhone = (): string => {
      for (;;) {
        const phone = `15${rng.pick(['0', '1', '2', '3', '5', '6', '7', '8', '9'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
        if (!phones.has(phone)) return phone;
      }
    };
    const pad2 = (n: number) => String(n).padStart(2, '0');
    bases.forEach((base, bi) => {
      const seed = baseSeed.get(base.name)!;
      const tradeChoices = seed.trades.map((t, i) => [tradeId(t), Math.max(1, 4 - i)] as const);
      for (let k = 0; k < (perBase[bi] as number); k++) {
        const trade = rng.weighted(tradeChoices);
        const male = !rng.chance(tradeSeedById.get(trade)!.femaleShare);
        const age = 20 + Math.round(((rng.float() + rng.float()) / 2) * 38);
        // Born within the year that makes them exactly `age` today (Beijing date).
        const birth = new Date(Date.UTC(today.y - age - 1, today.m - 1, today.d) + rng.int(1, 364) * DAY);
        const birthStr = `${birth.getUTCFullYear()}${pad2(birth.getUTCMonth() + 1)}${pad2(birth.getUTCDate())}`;
        const region = rng.chance(0.8) ? (base.region as string) : rng.pick(WUXI_REGIONS);
        let idNumber: string;
        do {
          const seq = male ? 2 * rng.int(0, 499) + 1 : 2 * rng.int(1, 499);
          idNumber = makeResidentId(region, birthStr, seq);
        } while (idNumbers.has(idNumber));
        let level = rng.weighted(LEVEL_WEIGHTS);
        while (level && (MIN_AGE_FOR_LEVEL[level] ?? 0) > age) level = SKILL_LEVELS[levelOrder(level) - 1] ?? null;
        const certYear = today.y - rng.int(0, Math.min(12, age - 19));
        const name = rng.weighted(SURNAMES) + rng.pick(male ? MALE_GIVEN : FEMALE_GIVEN);
        addPerson({
          phone: newPhone(),
          name,
          roles: ['worker'],
          orgId: base.id,
          createdAt: rng.between(clock.at(-1800), clock.at(-160)),
          profile: {
            ...profileFromId(idNumber),
            employerOrgId: base.id,
            tradeId: trade,
            skillLevel: level,
            certificateNo:
              level && level !== 'apprentice'
                ? `S${certYear}${region.slice(0, 4)}${String(rng.int(0, 9_999_999_999)).padStart(10, '0')}`
                : null,
            unionMember: rng.chance(0.95),
          },
        });
      }
    });
    await insertAll(
      t,
      'users',
      people.map((p) => ({
        id: p.userId,
        phone: p.phone,
        name: p.name,
        passwordHash,
        roles: p.roles,
        orgId: p.orgId,
        createdAt: iso(p.createdAt),
        updatedAt: iso(p.createdAt),
      })),
    );
    await insertAll(
      t,
      'workerProfiles',
      people.map((p) => ({
        id: nextId('worker_profiles'),
        userId: p.userId,
        ...p.profile,
        createdAt: iso(p.createdAt),
        updatedAt: iso(p.createdAt),
      })),
    );
    const workers = people.filter((p) => p.roles.includes('worker') && p.profile.idNumber !== null);
    // The demo accounts' registrations are placed on purpose (plan.include), never drawn at random,
    // so a presenter can still register 王建国 live for the open events.
    const drawable = workers.filter((p) => !ACCOUNT_SEEDS.some((a) => a.phone === p.phone));
    const inSubtree = (p: Person, owner: OrgRow) => {
      const employer = orgs.find((o) => o.id === p.profile.employerOrgId);
      return !!employer && employer.path.startsWith(owner.path);
    };
    const person = (phone: string): Person => {
      const p = byPhone.get(phone);
      if (!p) throw new Error(`seed data: unknown demo account ${phone}`);
      return p;
    };
    const cityOrganizer = person('13900000002');
    const organizerFor = (o: OrgRow): Person => people.find((p) => p.roles.includes('organizer') && p.orgId === o.id) ?? cityOrganizer;
    const actingAs = (o: OrgRow) => {
      const p = organizerFor(o);
      return { id: p.userId, roles: p.roles, orgId: p.orgId };
    };

    // Skill levels over time: the history's promotions, oldest first per worker. A worker's level at an
    // instant is the "from" of their first promotion after it, else their level now.
    const promotionsOf = new Map<number, { at: number; from: SkillLevel | null }[]>();
    const levelAt = (p: Person, at: Date): SkillLevel | null => {
      const next = promotionsOf.get(p.userId)?.find((x) => x.at > at.getTime());
      return next ? next.from : p.profile.skillLevel;
    };
    const promotedSince = (p: Person, at: Date) => (promotionsOf.get(p.userId) ?? []).some((x) => x.at > at.getTime());

    /**
     * Who would sign up: workers of the trade who pass `eligible`, from the owner's subtree first
     * (a district contest is for that district's workers), then from the rest of the city if too few.
     */
    const candidatesFor = (
      owner: OrgRow,
      trade: number,
      wanted: number,
      eligible: (p: Person) => boolean,
      exclude: Set<number>,
      r: Rng = rng,
    ): Person[] => {
      const pool = drawable.filter((p) => p.profile.tradeId === trade && !exclude.has(p.userId) && eligible(p));
      const local = r.shuffle(pool.filter((p) => inSubtree(p, owner)));
      const others = r.shuffle(pool.filter((p) => !inSubtree(p, owner)));
      return [...local, ...others].slice(0, Math.max(0, wanted));
    };

    // --- contests, events, registrations -------------------------------------------------------
    const contestSink = () => ({
      contests: [] as Row<'contests'>[],
      events: [] as Row<'events'>[],
      criteria: [] as Row<'criteria'>[],
      rules: [] as Row<'promotionRules'>[],
      registrations: [] as Row<'registrations'>[],
      judges: [] as Row<'judgeAssignments'>[],
    });
    type ContestSink = ReturnType<typeof contestSink>;
    const writeContests = async (s: ContestSink) => {
      await insertAll(t, 'contests', s.contests);
      await insertAll(t, 'events', s.events);
      await insertAll(t, 'criteria', s.criteria);
      await insertAll(t, 'promotionRules', s.rules);
      await insertAll(t, 'registrations', s.registrations);
      await insertAll(t, 'judgeAssignments', s.judges);
    };

    /** One contest with its events, marking schemes, promotion rules, registrations and judges, into `sink`. */
    const addContest = (
      c: Omit<ContestSeed, 'days'>,
      d: { opens: Date; closes: Date; starts: Date; ends: Date; created: Date; updated: Date },
      sink: ContestSink,
      r: Rng,
    ) => {
      const owner = org(c.org);
      const contestId = nextId('contests');
      sink.contests.push({
        id: contestId,
        title: c.title.replace('{year}', String(new Date(d.starts.getTime() + BEIJING_OFFSET).getUTCFullYear())),
        description: c.description,
        tier: c.tier,
        orgId: owner.id,
        inPlan: c.inPlan,
        status: c.status,
        venue: c.venue,
        registrationOpensAt: iso(d.opens),
        registrationClosesAt: iso(d.closes),
        startsAt: iso(d.starts),
        endsAt: iso(d.ends),
        createdBy: organizerFor(owner).userId,
        createdAt: iso(d.created),
        updatedAt: iso(d.updated),
      });
      const added: { row: Row<'events'>; seed: EventSeed }[] = [];
      for (const e of c.events) {
        const eventId = nextId('events');
        const trade = tradeId(e.trade);
        const family = tradeSeedById.get(trade)!.family;
        const sim = simulateSeats({ capacity: e.capacity, requiresApproval: e.requiresApproval ?? false });
        const rules = { ...e.eligibility, unionMemberOnly: e.eligibility.unionMemberOnly ?? true };
        const eligibleAt = (p: Person, at: Date) =>
          checkEligibility({
            profile: {
              skillLevel: levelAt(p, at),
              birthDate: p.profile.birthDate,
              unionMember: p.profile.unionMember,
              complete: true,
            },
            rules,
            on: d.starts,
          }).ok;

        const plan = e.registrations;
        // Nobody registers before the window opens; in a future window, nobody yet.
        const windowEnd = earlier(d.closes, new Date(now.getTime() - HOUR));
        // Signed up by then, and eligible all through the window (levels only rise, so both ends suffice).
        const eligible = (p: Person) => p.createdAt < d.opens && eligibleAt(p, d.opens) && eligibleAt(p, windowEnd);
        if (plan && d.opens < windowEnd) {
          const included = (plan.include ?? []).map(person);
          for (const p of included) if (!eligible(p)) throw new Error(`seed data: ${p.phone} is not eligible for ${c.title} ${e.trade}`);
          const exclude = new Set(included.map((p) => p.userId));
          const others = candidatesFor(owner, trade, plan.arrivals - included.length, eligible, exclude, r);
          const arrivals = [...included, ...others];
          const times = arrivals.map(() => r.between(d.opens, windowEnd)).sort((a, b) => a.getTime() - b.getTime());
          // The demo accounts were among the first to register.
          arrivals.forEach((p, i) => sim.arrive(p.userId, times[i] as Date));
          applyPlan(sim, plan, r, windowEnd, new Set(included.map((p) => p.userId)));
        }

        const row: Row<'events'> = {
          id: eventId,
          contestId,
          tradeId: trade,
          targetLevel: e.targetLevel ?? DEFAULT_TARGET[c.tier],
          capacity: e.capacity,
          ...sim.counters(),
          requiresApproval: e.requiresApproval ?? false,
          minLevel: e.eligibility.minLevel ?? null,
          maxLevel: e.eligibility.maxLevel ?? null,
          minAge: e.eligibility.minAge ?? null,
          maxAge: e.eligibility.maxAge ?? null,
          unionMemberOnly: rules.unionMemberOnly,
          theoryWeight: 0.3,
          practicalWeight: 0.7,
          aggregation: e.aggregation ?? 'mean',
          passMark: 60,
          venue: e.venue ?? null,
          createdAt: iso(d.created),
          updatedAt: iso(d.created),
        };
        sink.events.push(row);
        added.push({ row, seed: e });
        MARKING_SCHEMES[family].forEach((cr, i) =>
          sink.criteria.push({
            id: nextId('criteria'),
            eventId,
            position: i + 1,
            name: cr.name,
            maxScore: cr.maxScore,
            kind: cr.kind,
            createdAt: iso(d.created),
            updatedAt: iso(d.created),
          }),
        );
        // domain.md § Promotions: the event's table starts as its tier's template.
        PROMOTION_TEMPLATES[c.tier].forEach((rule, i) =>
          sink.rules.push({
            id: nextId('promotion_rules'),
            eventId,
            position: i + 1,
            fromRank: rule.fromRank,
            toRank: rule.toRank,
            topPercent: rule.topPercent,
            targetLevel: rule.targetLevel,
            capLevel: rule.capLevel,
            title: rule.title,
            createdAt: iso(d.created),
            updatedAt: iso(d.created),
          }),
        );
        for (const s of sim.rows()) {
          sink.registrations.push({
            id: nextId('registrations'),
            eventId,
            workerId: s.workerId,
            status: s.status as RegistrationStatus,
            waitlistSeq: s.waitlistSeq,
            ticketCode: secret(),
            reason: s.reason,
            createdAt: iso(s.createdAt),
            updatedAt: iso(s.updatedAt),
          });
        }
        for (const j of e.judges ?? []) {
          sink.judges.push({
            id: nextId('judge_assignments'),
            eventId,
            judgeId: person(j.phone).userId,
            chief: j.chief ?? false,
            createdAt: iso(d.created),
            updatedAt: iso(d.created),
          });
        }
      }
      return { owner, events: added };
    };

    // --- training classes ------------------------------------------------------------------------
    const classSink = () => ({
      classes: [] as Row<'trainingClasses'>[],
      sessions: [] as Row<'trainingSessions'>[],
      enrolments: [] as Row<'enrolments'>[],
      attendance: [] as Row<'attendance'>[],
      exams: [] as Row<'examScores'>[],
    });
    type ClassSink = ReturnType<typeof classSink>;
    const writeClasses = async (s: ClassSink) => {
      await insertAll(t, 'trainingClasses', s.classes);
      await insertAll(t, 'trainingSessions', s.sessions);
      await insertAll(t, 'enrolments', s.enrolments);
      await insertAll(t, 'attendance', s.attendance);
      await insertAll(t, 'examScores', s.exams);
    };

    /**
     * One class with its sessions, enrolments, attendance for the sessions held and exam scores once
     * they all are, into `sink`. A completed class is written as published: completion (outcomes,
     * certificates, promotions) is the service's, called by the caller at `completedAt`.
     */
    const addClass = (
      t: Omit<TrainingSeed, 'enrolDays' | 'sessions'>,
      title: string,
      d: { opens: Date; closes: Date; created: Date; sessions: { startsAt: Date; endsAt: Date }[]; completedAt: Date | null },
      sink: ClassSink,
      r: Rng,
    ) => {
      const owner = org(t.org);
      const classId = nextId('training_classes');
      const trade = tradeId(t.trade);
      const sessions = d.sessions.map((s) => ({ id: nextId('training_sessions'), ...s }));
      const lastEnd = (sessions[sessions.length - 1] as { endsAt: Date }).endsAt;

      const sim = simulateSeats({ capacity: t.capacity, requiresApproval: false });
      const plan = t.enrolments;
      const windowEnd = earlier(d.closes, new Date(now.getTime() - HOUR));
      if (plan && t.status !== 'draft' && d.opens < windowEnd) {
        // A class is for workers below its target level. Those of a class completed later keep their
        // level until then (the completion reads it), so nobody promoted since enrolment opened.
        const below = (p: Person, at: Date) => levelOrder(levelAt(p, at)) < levelOrder(t.targetLevel);
        const eligible = (p: Person) =>
          p.createdAt < d.opens && below(p, d.opens) && below(p, windowEnd) && !(t.status === 'completed' && promotedSince(p, d.opens));
        const included = (plan.include ?? []).map(person);
        const exclude = new Set(included.map((p) => p.userId));
        const arrivals = [...included, ...candidatesFor(owner, trade, plan.arrivals - included.length, eligible, exclude, r)];
        const times = arrivals.map(() => r.between(d.opens, windowEnd)).sort((a, b) => a.getTime() - b.getTime());
        arrivals.forEach((p, i) => sim.arrive(p.userId, times[i] as Date));
        applyPlan(sim, { arrivals: plan.arrivals, cancels: plan.cancels }, r, windowEnd, exclude);
      }
      if (t.status === 'cancelled') sim.cancelAll(d.closes, '培训班取消');

      const counters = sim.counters();
      sink.classes.push({
        id: classId,
        title,
        description: t.description,
        tradeId: trade,
        targetLevel: t.targetLevel,
        orgId: owner.id,
        status: t.status === 'completed' ? 'published' : t.status,
        venue: t.venue,
        capacity: t.capacity,
        taken: counters.taken,
        waitlistedCount: counters.waitlistedCount,
        waitlistSeq: counters.waitlistSeq,
        enrolOpensAt: iso(d.opens),
        enrolClosesAt: iso(d.closes),
        firstSessionAt: iso((sessions[0] as { startsAt: Date }).startsAt),
        attendanceRequired: 0.8,
        passMark: 60,
        completedAt: null,
        createdBy: organizerFor(owner).userId,
        createdAt: iso(d.created),
        updatedAt: iso(d.created),
      });
      for (const s of sessions) {
        sink.sessions.push({
          id: s.id,
          classId,
          startsAt: iso(s.startsAt),
          endsAt: iso(s.endsAt),
          checkInToken: secret(),
          createdAt: iso(d.created),
          updatedAt: iso(d.created),
        });
      }
      const allHeld = lastEnd.getTime() < now.getTime();
      // exam scores the day after the last session (half-way to the completion when that is sooner)
      const examAt = new Date(lastEnd.getTime() + (d.completedAt ? Math.min(DAY, (d.completedAt.getTime() - lastEnd.getTime()) / 2) : DAY));
      for (const s of sim.rows()) {
        const enrolmentId = nextId('enrolments');
        if (s.status === 'confirmed' && t.status !== 'cancelled') {
          // Attendance for every session already held; exam scores once the last one is.
          for (const session of sessions) {
            if (session.endsAt.getTime() >= now.getTime()) continue;
            const status = r.weighted<AttendanceStatus>([
              ['present', 86],
              ['late', 6],
              ['absent', 5],
              ['excused', 3],
            ]);
            // recorded once the session has begun (no attendance before its time): on arrival, or 20 minutes in for the late
            const at = iso(new Date(session.startsAt.getTime() + (status === 'late' ? 20 : 5) * MINUTE));
            sink.attendance.push({ id: nextId('attendance'), sessionId: session.id, enrolmentId, status, createdAt: at, updatedAt: at });
          }
          if (allHeld) {
            const score = (mean: number) => Math.min(100, Math.max(35, Math.round(r.normal(mean, 10) * 2) / 2));
            const theory = score(76);
            const practical = score(79);
            const at = iso(examAt);
            sink.exams.push({ id: nextId('exam_scores'), enrolmentId, theory, practical, createdAt: at, updatedAt: at });
          }
        }
        sink.enrolments.push({
          id: enrolmentId,
          classId,
          workerId: s.workerId,
          status: s.status === 'confirmed' ? 'enrolled' : s.status === 'waitlisted' ? 'waitlisted' : 'cancelled',
          waitlistSeq: s.waitlistSeq,
          completed: null,
          createdAt: iso(s.createdAt),
          updatedAt: iso(s.updatedAt),
        });
      }
      return { classId, owner };
    };

    // --- the history: last year and early this year, replayed through the services ----------------
    const recordPromotions = (made: PromotionMade[]) => {
      for (const m of made) {
        const p = people.find((x) => x.userId === m.workerId)!;
        const list = promotionsOf.get(p.userId) ?? [];
        promotionsOf.set(p.userId, list);
        list.push({ at: m.at.getTime(), from: m.fromLevel });
        p.profile.skillLevel = m.toLevel;
        p.profile.certificateNo = m.certificateNo;
      }
    };
    const history: { when: number; run: () => Promise<void> }[] = [];
    if (opts.history ?? true) {
      const hrng = new Rng(PRNG_SEED + 1);
      for (const h of HISTORY_CONTESTS) {
        // created, opens, closes, drawn, starts, ends, theory scores, results published, promotions applied
        const last = h.length - 1;
        const [created, opens, closes, drawn, starts, ends, theoryAt, published, applied] = story(clock.at, now, dayOffset(h.held, today), [
          [-59, '10:30'],
          [-45, '09:00'],
          [-12, '17:00'],
          [-2, '10:00'],
          [0, '08:30'],
          [last, '17:30'],
          [last + 1, '10:00'],
          [last + 5, '10:00'],
          [last + 21, '10:00'],
        ]) as [Date, Date, Date, Date, Date, Date, Date, Date, Date];
        history.push({
          when: (h.inPlan ? applied : published).getTime(),
          run: async () => {
            const sink = contestSink();
            const { owner, events: added } = addContest(
              { ...h, status: 'published' },
              { opens, closes, starts, ends, created, updated: created },
              sink,
              hrng,
            );
            const judged = added.map(({ row }) => {
              const inputs = judgeEvent(hrng, {
                eventId: row.id!,
                criteria: sink.criteria
                  .filter((c) => c.eventId === row.id)
                  .map((c) => ({ id: c.id!, kind: c.kind as CriterionKind, maxScore: c.maxScore })),
                registrations: sink.registrations.filter((g) => g.eventId === row.id) as never,
                judges: sink.judges.filter((j) => j.eventId === row.id),
                judgeOrg: (id) => people.find((p) => p.userId === id)!.orgId,
                worker: (id) => {
                  const p = people.find((x) => x.userId === id)!;
                  return { employerOrgId: p.profile.employerOrgId, level: p.profile.skillLevel };
                },
                drawnAt: drawn,
                starts,
                ends,
                theoryAt,
              });
              Object.assign(row, { drawSeed: inputs.drawSeed, drawnAt: iso(drawn) });
              return inputs;
            });
            await writeContests(sink);
            await insertAll(
              t,
              'scores',
              judged.flatMap((j) => j.scores),
            );
            await insertAll(
              t,
              'theoryScores',
              judged.flatMap((j) => j.theory),
            );
            for (const { row } of added) {
              await desk.publish(row.id!, actingAs(owner), published);
              if (h.inPlan) recordPromotions(await desk.applyPromotions(row.id!, actingAs(owner), applied));
            }
          },
        });
      }
      for (const h of HISTORY_TRAININGS) {
        const s = h.sessions;
        const last = (s.count - 1) * s.every;
        const at = story(clock.at, now, dayOffset(s.first, today), [
          [-52, '10:00'],
          [-45, '09:00'],
          [-3, '17:00'],
          ...(Array.from({ length: s.count }, (_, i) => [
            [i * s.every, s.start],
            [i * s.every, s.end],
          ]).flat() as [number, string][]),
          [last + 2, '10:00'],
        ]);
        const [created, opens, closes] = at as [Date, Date, Date];
        const completedAt = at[at.length - 1] as Date;
        const sessions = Array.from({ length: s.count }, (_, i) => ({ startsAt: at[3 + 2 * i] as Date, endsAt: at[4 + 2 * i] as Date }));
        history.push({
          when: completedAt.getTime(),
          run: async () => {
            const sink = classSink();
            const title = h.title.replace('{year}', String(new Date(sessions[0]!.startsAt.getTime() + BEIJING_OFFSET).getUTCFullYear()));
            const { classId, owner } = addClass(
              { ...h, status: 'completed' },
              title,
              { opens, closes, created, sessions, completedAt },
              sink,
              hrng,
            );
            await writeClasses(sink);
            recordPromotions(await desk.complete(classId, actingAs(owner), completedAt));
          },
        });
      }
    }
    // in date order: a promotion reads the level the worker has at that moment
    history.sort((a, b) => a.when - b.when);
    for (const h of history) await h.run();

    // --- this year's contests and classes, in every state ----------------------------------------
    const current = contestSink();
    for (const c of CONTESTS) {
      const opens = clock.at(c.days.opens, '09:00');
      const created = c.status === 'draft' ? earlier(clock.at(-3, '15:20'), opens) : clock.at(c.days.opens - 14, '10:30');
      addContest(
        c,
        {
          opens,
          closes: clock.at(c.days.closes, '17:00'),
          starts: clock.at(c.days.starts, '08:30'),
          ends: clock.at(c.days.ends, '17:30'),
          created,
          updated: c.status === 'cancelled' ? new Date(now.getTime() - HOUR) : created,
        },
        current,
        rng,
      );
    }
    await writeContests(current);

    const currentClasses = classSink();
    const toComplete: { classId: number; owner: OrgRow; at: Date }[] = [];
    for (const t of TRAININGS) {
      const opens = clock.at(t.enrolDays.opens, '09:00');
      const sessions = Array.from({ length: t.sessions.count }, (_, i) => ({
        startsAt: clock.at(t.sessions.first + i * t.sessions.every, t.sessions.start),
        endsAt: clock.at(t.sessions.first + i * t.sessions.every, t.sessions.end),
      }));
      const lastEnd = (sessions[sessions.length - 1] as { endsAt: Date }).endsAt;
      const completedAt = t.status === 'completed' ? new Date(lastEnd.getTime() + 2 * DAY) : null;
      const { classId, owner } = addClass(
        t,
        t.title,
        {
          opens,
          closes: clock.at(t.enrolDays.closes, '17:00'),
          created: t.status === 'draft' ? earlier(clock.at(-2, '16:00'), opens) : clock.at(t.enrolDays.opens - 7, '10:00'),
          sessions,
          completedAt,
        },
        currentClasses,
        rng,
      );
      if (completedAt) toComplete.push({ classId, owner, at: completedAt });
    }
    await writeClasses(currentClasses);
    // Its enrolees were not promoted after enrolling (addClass), so completing it last reads the right levels.
    // Without the history it stays awaiting completion: completing issues certificates, whose numbers the city
    // generator (the only caller without it) hands out itself.
    if (opts.history ?? true) for (const k of toComplete) recordPromotions(await desk.complete(k.classId, actingAs(k.owner), k.at));

    // the server warns about this database, shows the demo banner and refuses it in production
    await markDemoData(t);
    // the ids the seed handed out itself: the next row the API inserts numbers on after them
    await syncIdentities(t, NUMBERED);
    // stages (预赛 → 决赛): this year's 惠山区 fitters' preliminary, published, feeds the city final's fitters; its top
    // three advanced an hour ago (the final's registration is open) — after the ids are synced: it registers through the service
    if (opts.history ?? true) {
      const fitters = (title: string) =>
        t.get<{ id: number }>(sql`select e.id from events e join contests c on c.id = e.contest_id join trades tr on tr.id = e.trade_id
                                   where c.title like ${title} and tr.name = '钳工'`);
      const [prelim, final] = [await fitters('惠山区%焊工、钳工技能竞赛'), await fitters('无锡市第十九届职工职业技能大赛')];
      if (prelim && final) {
        const at = new Date(now.getTime() - HOUR);
        await replaceQualifications(t, final.id, [{ fromEventId: prelim.id, topN: 3, topPercent: null }], iso(at));
        await desk.advance(final.id, actingAs(orgByName.get('无锡市总工会')!), at);
      }
    }
    // a city contest run by unit nominations (issue 16), through the services: after the sync, on the next ids
    await seedNominations(db, t, {
      now,
      org,
      tradeId,
      caller: (phone) => {
        const p = person(phone);
        return { id: p.userId, roles: p.roles, orgId: p.orgId };
      },
    });
    const counted = new Map<string, number>();
    for (const table of [...NUMBERED, 'scores', 'results', 'promotions', 'certificates'])
      counted.set(table, (await t.get<{ n: number }>(sql`select count(*) as "n" from ${sql.identifier(table)}`))!.n);
    const count = (table: string) => counted.get(table)!;
    return {
      organisations: orgs.length,
      trades: tradeRows.length,
      users: people.length,
      workers: workers.length,
      contests: count('contests'),
      events: count('events'),
      criteria: count('criteria'),
      promotionRules: count('promotion_rules'),
      registrations: count('registrations'),
      judgeAssignments: count('judge_assignments'),
      trainingClasses: count('training_classes'),
      trainingSessions: count('training_sessions'),
      enrolments: count('enrolments'),
      attendance: count('attendance'),
      examScores: count('exam_scores'),
      scores: count('scores'),
      results: count('results'),
      promotions: count('promotions'),
      certificates: count('certificates'),
    };
  });

  const result: SeedSummary = { ...summary, ms: Math.round(performance.now() - started) };
  log(
    `demo data: ${result.organisations} organisations, ${result.trades} trades, ${result.users} users (${result.workers} workers with a profile), ` +
      `${result.contests} contests / ${result.events} events / ${result.registrations} registrations, ` +
      `${result.trainingClasses} training classes / ${result.enrolments} enrolments, ${result.promotions} promotions, in ${result.ms} ms`,
  );
  log(`demo logins (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => `${a.phone} ${a.roles.join('+')}`).join(', ')}`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Seats and waiting list, replayed with the domain's own rules (packages/domain capacity.ts) so
// the rows and the counters come out exactly as the live registration code would leave them:
// `waitlist_seq` is set only while a row is waitlisted; the event's `waitlist_seq` is the last one issued.

interface SimRow {
  workerId: number;
  status: RegistrationStatus;
  waitlistSeq: number | null;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function simulateSeats(event: { capacity: number; requiresApproval: boolean }) {
  const rows: SimRow[] = [];
  let taken = 0;
  let seq = 0;
  const waiting = () => rows.filter((r) => r.status === 'waitlisted');
  const release = (at: Date) => {
    const promoted = afterRelease(
      { capacity: event.capacity, taken },
      waiting().map((r) => ({ id: r, sequence: r.waitlistSeq as number })),
      event.requiresApproval,
    );
    for (const { id: r, status } of promoted) {
      r.status = status;
      r.waitlistSeq = null;
      r.updatedAt = at;
      taken++;
    }
  };
  return {
    arrive(workerId: number, at: Date) {
      const status = admit({ capacity: event.capacity, taken, waiting: waiting().length }, event.requiresApproval);
      const row: SimRow = { workerId, status, waitlistSeq: null, reason: null, createdAt: at, updatedAt: at };
      if (status === 'waitlisted') row.waitlistSeq = ++seq;
      else taken++;
      rows.push(row);
    },
    /** cancelled by the worker, or rejected by the organizer */
    end(row: SimRow, status: 'cancelled' | 'rejected', at: Date, reason: string | null = null) {
      const held = holdsSeat(row.status);
      row.status = status;
      row.waitlistSeq = null;
      row.reason = reason;
      row.updatedAt = at;
      if (held) {
        taken--;
        release(at);
      }
    },
    approve(row: SimRow, at: Date) {
      if (row.status !== 'pending') return;
      row.status = 'confirmed';
      row.updatedAt = at;
    },
    cancelAll(at: Date, reason: string) {
      for (const r of rows) {
        if (r.status === 'pending' || r.status === 'confirmed' || r.status === 'waitlisted') {
          r.status = 'cancelled';
          r.waitlistSeq = null;
          r.reason = reason;
          r.updatedAt = at;
        }
      }
      taken = 0;
    },
    rows: () => rows,
    counters() {
      return {
        taken,
        confirmedCount: rows.filter((r) => r.status === 'confirmed').length,
        waitlistedCount: waiting().length,
        waitlistSeq: seq,
      };
    },
  };
}

const REJECT_REASONS = ['所在单位推荐名额已满', '报名材料不完整，请补充工作年限证明', '从事本工种不满两年'];

/** Cancellations, rejections and approvals after the arrivals, each after the registration it changes. */
function applyPlan(sim: ReturnType<typeof simulateSeats>, plan: RegistrationPlan, rng: Rng, until: Date, keep: Set<number>): void {
  const live = () =>
    sim.rows().filter((r) => (r.status === 'pending' || r.status === 'confirmed' || r.status === 'waitlisted') && !keep.has(r.workerId));
  const laterThan = (r: SimRow) => rng.between(r.createdAt, until);
  for (let i = 0; i < (plan.cancels ?? 0); i++) {
    // Mostly seat holders, so a waitlisted registration moves up.
    const holders = live().filter((r) => r.status !== 'waitlisted');
    const pool = holders.length > 0 ? holders : live();
    if (pool.length === 0) break;
    const r = rng.pick(pool);
    sim.end(r, 'cancelled', laterThan(r));
  }
  for (let i = 0; i < (plan.rejects ?? 0); i++) {
    const pending = live().filter((r) => r.status === 'pending');
    if (pending.length === 0) break;
    const r = rng.pick(pending);
    sim.end(r, 'rejected', laterThan(r), rng.pick(REJECT_REASONS));
  }
  if (plan.approvedShare) {
    for (const r of sim.rows())
      if (r.status === 'pending' && (keep.has(r.workerId) || rng.chance(plan.approvedShare))) sim.approve(r, laterThan(r));
  }
  if (plan.cancelAll) sim.cancelAll(until, '比赛取消');
}
