import {
  ageOn,
  beijingDate,
  beijingYear,
  isHighSkill,
  isValidResidentId,
  levelOrder,
  PROMOTION_TEMPLATES,
  type ContestTier,
  type SkillLevel,
} from '@gongjiang/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../src/data/database';
import { jsonValue } from '../src/data/database';
import { hasRoleSql } from '../src/data/dialect';
import { AuditTrail } from '../src/services/audit';
import { skillServices } from '../src/services/index';
import { CheckInCodes } from '../src/services/check-in-codes';
import { StatsService } from '../src/services/stats';
import { Scope } from '../src/services/scope';
import { independentFigures } from '../src/seed/city-verify';
import { verifyPassword } from '../src/lib/passwords';
import { DEMO_ACCOUNTS, isEmptyDatabase, seedDemo, type SeedSummary } from '../src/seed/demo';
import { freshDatabase, type TestDatabase } from './support/backend';
import { FIGURES, sevenOf } from './support/annual';

// On the run's backend (GJ_TEST_BACKEND): the same seed and the same checks on SQLite and PostgreSQL.
const now = new Date();
const databases: TestDatabase[] = [];
let db: Database;
let summary: SeedSummary;
let wasEmpty: boolean;

const all = <T>(query: SQL) => db.read.all<T>(query);
const one = async <T>(query: SQL) => (await db.read.get<T>(query))!;

beforeAll(async () => {
  const fresh = await freshDatabase();
  databases.push(fresh);
  db = fresh.db;
  wasEmpty = await isEmptyDatabase(db);
  summary = await seedDemo(db, { now });
});

afterAll(async () => {
  for (const d of databases) await d.dispose();
});

const DISTRICT_NAMES = ['江阴市总工会', '宜兴市总工会', '梁溪区总工会', '锡山区总工会', '惠山区总工会', '滨湖区总工会', '新吴区总工会'];
const WUXI_REGIONS = ['320202', '320205', '320206', '320211', '320213', '320214', '320281', '320282'];

interface Org {
  id: number;
  name: string;
  kind: string;
  parent_id: number | null;
  path: string;
  depth: number;
  member_count: number;
}

const count = async (query: SQL) => (await one<{ n: number }>(query)).n;
const byBeijingYear = (iso: string) => beijingYear(new Date(iso));

describe('demo seed', () => {
  it('loads an empty database (its time is for the bench to judge), after which it is no longer empty', async () => {
    expect(wasEmpty).toBe(true);
    expect(await isEmptyDatabase(db)).toBe(false);
    expect(summary.users).toBeGreaterThan(400);
  });

  it('builds the union tree: one federation, the seven real districts, 30+ base unions each under a district', async () => {
    const orgs = await all<Org>(sql`select id, name, kind, parent_id, path, depth, member_count from organisations`);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const feds = orgs.filter((o) => o.kind === 'federation');
    expect(feds).toHaveLength(1);
    const fed = feds[0]!;
    expect(fed).toMatchObject({ name: '无锡市总工会', parent_id: null, path: `/${fed.id}/`, depth: 0 });

    const districts = orgs.filter((o) => o.kind === 'district');
    expect(districts.map((d) => d.name).sort()).toEqual([...DISTRICT_NAMES].sort());
    for (const d of districts) expect(d).toMatchObject({ parent_id: fed.id, path: `${fed.path}${d.id}/`, depth: 1 });

    const bases = orgs.filter((o) => o.kind === 'base');
    expect(bases.length).toBeGreaterThanOrEqual(30);
    for (const b of bases) {
      const parent = byId.get(b.parent_id!)!;
      expect(parent.kind, b.name).toBe('district');
      expect(b).toMatchObject({ path: `${parent.path}${b.id}/`, depth: 2 });
      expect(b.member_count).toBeGreaterThan(0);
    }
    for (const d of districts)
      expect(
        bases.some((b) => b.parent_id === d.id),
        d.name,
      ).toBe(true);
    expect(orgs.every((o) => o.member_count > 0)).toBe(true);

    const parentName = (name: string) => byId.get(orgs.find((o) => o.name === name)!.parent_id!)!.name;
    expect(parentName('中国船舶重工集团公司第七〇二研究所工会')).toBe('滨湖区总工会');
    expect(parentName('无锡供电公司工会')).toBe('梁溪区总工会');
  });

  it('has a trade catalogue of 40+ trades with unique national occupation codes', async () => {
    const trades = await all<{ code: string; name: string; name_en: string }>(sql`select code, name, name_en from trades`);
    expect(trades.length).toBeGreaterThanOrEqual(40);
    expect(new Set(trades.map((t) => t.code)).size).toBe(trades.length);
    expect(new Set(trades.map((t) => t.name)).size).toBe(trades.length);
    for (const t of trades) {
      expect(t.code).toMatch(/^\d-\d{2}-\d{2}-\d{2}(-\d{2})?$/);
      expect(t.name_en).toMatch(/^[A-Z]/);
    }
    const names = trades.map((t) => t.name);
    for (const required of ['钳工', '电工', '焊工', '车工', '数控车工', '汽车维修工', '育婴员', '中式烹调师', '养老护理员', '快递员']) {
      expect(names).toContain(required);
    }
  });

  it('gives every worker a valid Wuxi resident ID that agrees with the stored birth date, gender and age', async () => {
    const rows = await all<{ phone: string; id_number: string; birth_date: string; gender: string }>(
      sql`select u.phone, p.id_number, p.birth_date, p.gender from users u join worker_profiles p on p.user_id = u.id where p.id_number is not null`,
    );
    expect(rows.length).toBeGreaterThan(400);
    expect(new Set(rows.map((r) => r.id_number)).size).toBe(rows.length);
    for (const r of rows) {
      expect(isValidResidentId(r.id_number, now), r.id_number).toBe(true);
      expect(WUXI_REGIONS).toContain(r.id_number.slice(0, 6));
      expect(r.birth_date.replaceAll('-', '')).toBe(r.id_number.slice(6, 14));
      expect(r.gender).toBe(Number(r.id_number[16]) % 2 === 1 ? 'male' : 'female');
      if (r.phone.startsWith('15')) {
        const age = ageOn(r.birth_date, now);
        expect(age).toBeGreaterThanOrEqual(20);
        expect(age).toBeLessThanOrEqual(58);
      }
    }
  });

  it('keeps a worker account in its employer base union, with unique 15x phone numbers and ~95 % union members', async () => {
    const workers = await all<{
      phone: string;
      org_id: number | null;
      employer_org_id: number | null;
      kind: string | null;
      union_member: number | boolean;
    }>(
      sql`select u.phone, u.org_id, p.employer_org_id, o.kind, p.union_member from users u
       join worker_profiles p on p.user_id = u.id left join organisations o on o.id = p.employer_org_id
       where ${hasRoleSql(db.read, sql`u.roles`, 'worker')}`,
    );
    expect(workers.length).toBeGreaterThan(400);
    for (const w of workers) {
      expect(w.org_id, w.phone).toBe(w.employer_org_id);
      if (w.employer_org_id !== null) expect(w.kind).toBe('base');
    }
    const generated = workers.filter((w) => !w.phone.startsWith('139'));
    for (const w of generated) expect(w.phone).toMatch(/^15\d{9}$/);
    const phones = await one<{ n: number; d: number }>(sql`select count(*) as "n", count(distinct phone) as "d" from users`);
    expect(phones.d).toBe(phones.n);
    const share = generated.filter((w) => !!w.union_member).length / generated.length;
    expect(share).toBeGreaterThan(0.9);
    expect(share).toBeLessThan(0.99);
  });

  it('spreads skill levels: mostly none / junior / intermediate, fewer high-skill', async () => {
    const levels = await all<{ level: string | null; n: number }>(
      sql`select p.skill_level as "level", count(*) as "n" from worker_profiles p join users u on u.id = p.user_id where u.phone like '15%' group by 1`,
    );
    const total = (...ls: (string | null)[]) => levels.filter((l) => ls.includes(l.level)).reduce((s, l) => s + l.n, 0);
    expect(total(null, 'apprentice', 'junior', 'intermediate')).toBeGreaterThan(
      2 * total('senior', 'technician', 'senior_technician', 'special_technician', 'chief_technician'),
    );
    expect(total('senior', 'technician', 'senior_technician')).toBeGreaterThan(0);
    expect(total(null)).toBeGreaterThan(0);
  });

  it('creates the demo accounts with the shared password, their roles and organisations', async () => {
    expect(DEMO_ACCOUNTS.map((a) => a.phone)).toEqual([
      '13900000001',
      '13900000002',
      '13900000003',
      '13900000004',
      '13900000011',
      '13900000012',
      '13900000013',
      '13900000014',
      '13900000015',
      '13900000016',
      '13900000101',
      '13900000102',
    ]);
    for (const a of DEMO_ACCOUNTS) {
      const u = await one<{ roles: unknown; org: string | null }>(
        sql`select u.roles, o.name as "org" from users u left join organisations o on o.id = u.org_id where u.phone = ${a.phone}`,
      );
      expect(jsonValue(u.roles), a.phone).toEqual(a.roles);
      expect(u.org, a.phone).toBe(a.org);
      expect(a.password).toBe('Gongjiang@2026');
    }
    const hash = (await one<{ password_hash: string }>(sql`select password_hash from users where phone = '13900000101'`)).password_hash;
    expect(await verifyPassword(hash, 'Gongjiang@2026')).toBe(true);
    expect(await count(sql`select count(distinct password_hash) as "n" from users`)).toBe(1);

    const roleOf = async (phone: string) =>
      jsonValue<string[]>((await one<{ roles: unknown }>(sql`select roles from users where phone = ${phone}`)).roles);
    expect(await roleOf('13900000001')).toEqual(['admin']);
    expect(await roleOf('13900000003')).toEqual(['organizer']);
    expect(await roleOf('13900000011')).toEqual(['judge']);

    const wang = await one<Record<string, unknown>>(
      sql`select u.name, p.id_number, o.name as "employer", t.name as "trade", p.skill_level, p.union_member from users u
       join worker_profiles p on p.user_id = u.id join organisations o on o.id = p.employer_org_id join trades t on t.id = p.trade_id
       where u.phone = '13900000101'`,
    );
    expect({ ...wang, union_member: !!wang.union_member }).toMatchObject({
      name: '王建国',
      employer: '无锡供电公司工会',
      trade: '电工',
      skill_level: 'intermediate',
      union_member: true,
    });
    expect(isValidResidentId(wang.id_number as string)).toBe(true);

    const fresh = await one<Record<string, unknown>>(
      sql`select p.id_number, p.employer_org_id, p.trade_id, p.skill_level, u.org_id from users u join worker_profiles p on p.user_id = u.id where u.phone = '13900000102'`,
    );
    expect(fresh).toEqual({ id_number: null, employer_org_id: null, trade_id: null, skill_level: null, org_id: null });

    expect(
      await count(
        sql`select count(*) as "n" from judge_assignments j join users u on u.id = j.judge_id where u.phone = '13900000011' and j.chief = ${true}`,
      ),
    ).toBeGreaterThan(0);
    const judgesEmployed = await all<{ org_id: number; employer_org_id: number }>(
      sql`select u.org_id, p.employer_org_id from users u join worker_profiles p on p.user_id = u.id where u.phone like '1390000001_'`,
    );
    expect(judgesEmployed).toHaveLength(6);
    for (const j of judgesEmployed) expect(j.org_id).toBe(j.employer_org_id);
  });

  it('keeps every event counter equal to its registrations, and never over capacity', async () => {
    const rows = await all<{
      id: number;
      capacity: number;
      taken: number;
      confirmed_count: number;
      waitlisted_count: number;
      waitlist_seq: number;
      held: number;
      confirmed: number;
      waitlisted: number;
      max_seq: number | null;
    }>(
      sql`select e.id, e.capacity, e.taken, e.confirmed_count, e.waitlisted_count, e.waitlist_seq,
         (select count(*) from registrations r where r.event_id = e.id and r.status in ('confirmed','pending')) as "held",
         (select count(*) from registrations r where r.event_id = e.id and r.status = 'confirmed') as "confirmed",
         (select count(*) from registrations r where r.event_id = e.id and r.status = 'waitlisted') as "waitlisted",
         (select max(waitlist_seq) from registrations r where r.event_id = e.id) as "max_seq"
       from events e`,
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const e of rows) {
      expect({ id: e.id, taken: e.taken, confirmed: e.confirmed_count, waitlisted: e.waitlisted_count }).toEqual({
        id: e.id,
        taken: e.held,
        confirmed: e.confirmed,
        waitlisted: e.waitlisted,
      });
      expect(e.taken).toBeLessThanOrEqual(e.capacity);
      expect(e.waitlist_seq).toBeGreaterThanOrEqual(e.max_seq ?? 0);
      if (e.waitlisted > 0) expect(e.taken).toBe(e.capacity);
    }
    // waitlist_seq only on waitlisted rows, unique per event (arrival order)
    expect(await count(sql`select count(*) as "n" from registrations where (status = 'waitlisted') <> (waitlist_seq is not null)`)).toBe(0);
    expect(
      await count(
        sql`select count(*) as "n" from (select event_id, waitlist_seq from registrations where waitlist_seq is not null group by 1, 2 having count(*) > 1) x`,
      ),
    ).toBe(0);
    // a full event with a waiting list, and every kind of status
    expect(rows.some((e) => e.taken === e.capacity && e.waitlisted > 0)).toBe(true);
    const statuses = (await all<{ status: string }>(sql`select distinct status from registrations`)).map((r) => r.status).sort();
    expect(statuses).toEqual(['cancelled', 'confirmed', 'pending', 'rejected', 'waitlisted']);
    const tickets = await one<{ n: number; d: number }>(
      sql`select count(*) as "n", count(distinct ticket_code) as "d" from registrations where length(ticket_code) = 16`,
    );
    expect(tickets).toEqual({ n: summary.registrations, d: summary.registrations });
  });

  it('keeps every training class counter equal to its enrolments, with first_session_at = the first session', async () => {
    const rows = await all<{
      capacity: number;
      taken: number;
      waitlisted_count: number;
      first_session_at: string;
      enrolled: number;
      waitlisted: number;
      first: string;
    }>(
      sql`select c.capacity, c.taken, c.waitlisted_count, c.first_session_at,
         (select count(*) from enrolments e where e.class_id = c.id and e.status = 'enrolled') as "enrolled",
         (select count(*) from enrolments e where e.class_id = c.id and e.status = 'waitlisted') as "waitlisted",
         (select min(starts_at) from training_sessions s where s.class_id = c.id) as "first"
       from training_classes c`,
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const c of rows) {
      expect(c.taken).toBe(c.enrolled);
      expect(c.waitlisted_count).toBe(c.waitlisted);
      expect(c.taken).toBeLessThanOrEqual(c.capacity);
      expect(c.first_session_at).toBe(c.first);
    }
    expect(rows.some((c) => c.taken === c.capacity && c.waitlisted > 0)).toBe(true);
    expect(await count(sql`select count(*) as "n" from enrolments where (status = 'waitlisted') <> (waitlist_seq is not null)`)).toBe(0);
    const tokens = await one<{ n: number; d: number }>(
      sql`select count(*) as "n", count(distinct check_in_token) as "d" from training_sessions`,
    );
    expect(tokens.d).toBe(tokens.n);
    // attendance only for enrolled workers at sessions already held; exam scores only once a class is over
    expect(
      await count(
        sql`select count(*) as "n" from attendance a join training_sessions s on s.id = a.session_id join enrolments e on e.id = a.enrolment_id where s.ends_at > ${now.toISOString()} or e.status <> 'enrolled'`,
      ),
    ).toBe(0);
    expect(summary.attendance).toBeGreaterThan(0);
    expect(summary.examScores).toBeGreaterThan(0);
  });

  it('has contests and classes in every state, dated around now', async () => {
    const t = now.toISOString();
    const contests = await all<{
      id: number;
      status: string;
      tier: string;
      in_plan: number | boolean;
      registration_opens_at: string;
      registration_closes_at: string;
      starts_at: string;
      ends_at: string;
    }>(sql`select id, status, tier, in_plan, registration_opens_at, registration_closes_at, starts_at, ends_at from contests`);
    const openNow = contests.filter((c) => c.status === 'published' && c.registration_opens_at <= t && t < c.registration_closes_at);
    expect(openNow.length).toBeGreaterThanOrEqual(2);
    expect(contests.some((c) => c.status === 'published' && c.registration_closes_at <= t && c.starts_at < t)).toBe(true);
    expect(contests.some((c) => c.status === 'draft')).toBe(true);
    expect(contests.filter((c) => c.status === 'cancelled')).toHaveLength(1);
    expect(new Set(contests.map((c) => c.tier))).toEqual(new Set(['city', 'district', 'enterprise']));
    expect(new Set(contests.map((c) => !!c.in_plan))).toEqual(new Set([false, true]));
    for (const c of contests) {
      for (const ts of [c.registration_opens_at, c.registration_closes_at, c.starts_at, c.ends_at])
        expect(ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(
        c.registration_opens_at < c.registration_closes_at && c.registration_closes_at <= c.starts_at && c.starts_at <= c.ends_at,
      ).toBe(true);
    }
    // a full event with a waiting list is open right now
    expect(
      await count(
        sql`select count(*) as "n" from events e join contests c on c.id = e.contest_id where c.status = 'published' and c.registration_opens_at <= ${t} and ${t} < c.registration_closes_at and e.taken = e.capacity and e.waitlisted_count > 0`,
      ),
    ).toBeGreaterThan(0);
    // a cancelled contest holds no live registrations; nobody registered outside a window
    expect(
      await count(
        sql`select count(*) as "n" from registrations r join events e on e.id = r.event_id join contests c on c.id = e.contest_id where c.status = 'cancelled' and r.status <> 'cancelled'`,
      ),
    ).toBe(0);
    expect(
      await count(
        sql`select count(*) as "n" from registrations r join events e on e.id = r.event_id join contests c on c.id = e.contest_id where r.created_at < c.registration_opens_at or r.created_at > c.registration_closes_at or c.status = 'draft'`,
      ),
    ).toBe(0);

    const classes = await all<{ status: string; enrol_opens_at: string; enrol_closes_at: string }>(
      sql`select status, enrol_opens_at, enrol_closes_at from training_classes`,
    );
    expect(new Set(classes.map((c) => c.status))).toEqual(new Set(['draft', 'published', 'completed', 'cancelled']));
    expect(classes.some((c) => c.status === 'published' && c.enrol_opens_at <= t && t < c.enrol_closes_at)).toBe(true);
  });

  it('gives every event a marking scheme summing to 100, the default weights and its tier promotion template', async () => {
    const sums = await all<{ id: number; total: number }>(
      sql`select event_id as "id", sum(max_score) as "total" from criteria group by event_id`,
    );
    expect(sums).toHaveLength(summary.events);
    for (const s of sums) expect(s.total, `event ${s.id}`).toBe(100);
    const kinds = await all<{ kind: string }>(sql`select distinct kind from criteria`);
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(['score', 'measurement', 'judgement']));
    expect(
      await count(sql`select count(*) as "n" from events where theory_weight <> 0.3 or practical_weight <> 0.7 or pass_mark <> 60`),
    ).toBe(0);

    const events = await all<{ id: number; tier: ContestTier }>(
      sql`select e.id, c.tier from events e join contests c on c.id = e.contest_id`,
    );
    for (const e of events) {
      const rules = await all<Record<string, unknown>>(
        sql`select from_rank as "fromRank", to_rank as "toRank", top_percent as "topPercent", target_level as "targetLevel", cap_level as "capLevel", title
              from promotion_rules where event_id = ${e.id} order by position`,
      );
      expect(rules).toEqual(PROMOTION_TEMPLATES[e.tier].map((r) => ({ ...r })));
    }
  });

  it('leaves results, scores and blind numbers of the events not yet published to the features that produce them', async () => {
    const open = sql`(select id from events where results_published_at is null)`;
    for (const table of ['results', 'scores', 'theory_scores']) {
      expect(await count(sql`select count(*) as "n" from ${sql.identifier(table)} where event_id in ${open}`), table).toBe(0);
    }
    expect(await count(sql`select count(*) as "n" from registrations where bib is not null and event_id in ${open}`)).toBe(0);
    expect(await count(sql`select count(*) as "n" from promotions where event_id in ${open}`)).toBe(0);
  });

  describe('history: the previous year and the start of this one, through the product’s rules', () => {
    const year = beijingYear(now);
    const today = beijingDate(now);
    let stats: StatsService;
    let cityOrganizer: { id: number; roles: ['organizer']; orgId: number };
    let fed: number;

    beforeAll(async () => {
      // GET /api/stats/annual's service, as the city organizer (13900000002)
      stats = new StatsService(db, new Scope(db));
      fed = (await one<{ id: number }>(sql`select id from organisations where kind = 'federation'`)).id;
      const organizer = await one<{ id: number; org_id: number }>(sql`select id, org_id from users where phone = '13900000002'`);
      expect(organizer.org_id).toBe(fed);
      cityOrganizer = { id: organizer.id, roles: ['organizer'], orgId: organizer.org_id };
    });

    const annual = async (y: number, orgId?: number) => {
      const body = (await stats.annual(cityOrganizer, { year: y, orgId })) as unknown as Record<string, unknown>;
      return sevenOf(body);
    };

    it('gives the dashboard two years: the annual report equals the independent count, non-zero where promised', async () => {
      const district = (await one<{ id: number }>(sql`select id from organisations where name = '梁溪区总工会'`)).id;
      for (const y of [year - 1, year]) {
        expect(await annual(y), `${y} city`).toEqual(await independentFigures(db.read, y, fed));
        expect(await annual(y, district), `${y} 梁溪区`).toEqual(await independentFigures(db.read, y, district));
      }
      const last = await annual(year - 1);
      for (const f of FIGURES) expect(last[f], `${year - 1} ${f}`).toBeGreaterThan(0);
      const now_ = await annual(year);
      expect(now_.promotions).toBeGreaterThan(0);
      expect(now_.highSkillPromotions).toBeGreaterThan(0);
      // a this-year contest event with promotions applied, and a completed class, both with promotions
      const applied = await all<{ starts_at: string }>(
        sql`select c.starts_at from events e join contests c on c.id = e.contest_id where e.promotions_applied_at is not null
             and exists (select 1 from promotions p where p.event_id = e.id and p.year = ${year})`,
      );
      expect(applied.filter((c) => byBeijingYear(c.starts_at) === year).length).toBeGreaterThan(0);
      expect(
        await count(
          sql`select count(*) as "n" from training_classes t where t.status = 'completed' and exists (select 1 from promotions p where p.training_class_id = t.id and p.year = ${year})`,
        ),
      ).toBeGreaterThan(0);
      // the tiers, trades and districts of last year
      const held = (
        await all<{ tier: string; org: number; trade: number; starts_at: string }>(
          sql`select c.tier, c.org_id as "org", e.trade_id as "trade", c.starts_at from contests c join events e on e.contest_id = c.id
              where c.status = 'published'`,
        )
      ).filter((h) => byBeijingYear(h.starts_at) === year - 1);
      expect(new Set(held.map((h) => h.tier))).toEqual(new Set(['city', 'district', 'enterprise']));
      expect(new Set(held.map((h) => h.org)).size).toBeGreaterThanOrEqual(5);
      expect(new Set(held.map((h) => h.trade)).size).toBeGreaterThanOrEqual(8);
    });

    it('has demo workers who became high-skill this year (old level below senior, new at or above)', async () => {
      const rows = await all<{ phone: string; from_level: string | null; to_level: string }>(
        sql`select u.phone, p.from_level, p.to_level from promotions p join users u on u.id = p.worker_id where p.year = ${year}`,
      );
      const into = rows.filter((r) => !isHighSkill(r.from_level as SkillLevel | null) && isHighSkill(r.to_level as SkillLevel));
      expect(into.length).toBeGreaterThan(0);
      for (const r of into) expect(r.phone).toMatch(/^15\d{9}$/);
    });

    it('keeps every worker’s level and certificate number equal to their latest promotion, each promotion raising the one before', async () => {
      const rows = await all<{
        worker_id: number;
        from_level: string | null;
        to_level: string;
        certificate_no: string;
        promoted_on: string;
      }>(sql`select worker_id, from_level, to_level, certificate_no, promoted_on from promotions order by worker_id, promoted_on, id`);
      expect(rows.length).toBeGreaterThan(40);
      const byWorker = new Map<number, typeof rows>();
      for (const r of rows) byWorker.set(r.worker_id, [...(byWorker.get(r.worker_id) ?? []), r]);
      expect([...byWorker.values()].some((l) => l.length > 1)).toBe(true);
      const profiles = new Map(
        (
          await all<{ user_id: number; skill_level: string; certificate_no: string }>(
            sql`select user_id, skill_level, certificate_no from worker_profiles`,
          )
        ).map((p) => [p.user_id, { skill_level: p.skill_level, certificate_no: p.certificate_no }]),
      );
      for (const [worker, list] of byWorker) {
        list.forEach((p, i) => {
          expect(levelOrder(p.to_level as SkillLevel)).toBeGreaterThan(levelOrder(p.from_level as SkillLevel | null));
          if (i > 0) expect(p.from_level, `worker ${worker}`).toBe(list[i - 1]!.to_level);
          expect(p.promoted_on <= today).toBe(true);
        });
        expect(profiles.get(worker), `worker ${worker}`).toEqual({
          skill_level: list.at(-1)!.to_level,
          certificate_no: list.at(-1)!.certificate_no,
        });
      }
      // at most one contest promotion per worker per calendar year
      expect(
        await count(
          sql`select count(*) as "n" from (select worker_id, year from promotions where source_type = 'contest' group by 1, 2 having count(*) > 1) x`,
        ),
      ).toBe(0);
      // 王建国 keeps his level and an empty history (the e2e suite promotes him)
      expect(await count(sql`select count(*) as "n" from promotions p join users u on u.id = p.worker_id where u.phone like '139%'`)).toBe(
        0,
      );
    });

    it('backs every promotion by its source: a passed result of an in-plan event, or a completed enrolment; and a certificate', async () => {
      const contest = await all<{ id: number; promoted_on: string; applied: string | null }>(
        sql`select p.id, p.promoted_on, e.promotions_applied_at as "applied" from promotions p join events e on e.id = p.event_id join contests c on c.id = e.contest_id
           left join results r on r.event_id = p.event_id and r.worker_id = p.worker_id
          where p.source_type = 'contest'`,
      );
      const unbacked = await all<{ id: number }>(
        sql`select p.id from promotions p join events e on e.id = p.event_id join contests c on c.id = e.contest_id
           left join results r on r.event_id = p.event_id and r.worker_id = p.worker_id
          where p.source_type = 'contest' and (r.id is null or r.passed = ${false} or c.in_plan = ${false} or e.promotions_applied_at is null
             or p.org_id <> c.org_id or p.trade_id <> e.trade_id)`,
      );
      expect(unbacked).toEqual([]);
      expect(contest.filter((p) => beijingDate(new Date(p.applied!)) !== p.promoted_on)).toEqual([]);
      const training = await all<{ id: number; promoted_on: string; completed_at: string }>(
        sql`select p.id, p.promoted_on, t.completed_at from promotions p join training_classes t on t.id = p.training_class_id
           left join enrolments n on n.class_id = t.id and n.worker_id = p.worker_id
          where p.source_type = 'training'`,
      );
      const untrained = await all<{ id: number }>(
        sql`select p.id from promotions p join training_classes t on t.id = p.training_class_id
           left join enrolments n on n.class_id = t.id and n.worker_id = p.worker_id
          where p.source_type = 'training' and (n.id is null or n.completed is null or n.completed = ${false} or t.status <> 'completed'
             or p.to_level <> t.target_level or t.completed_at is null)`,
      );
      expect(untrained).toEqual([]);
      expect(training.filter((p) => beijingDate(new Date(p.completed_at)) !== p.promoted_on)).toEqual([]);
      const uncertified = await all<Record<string, unknown>>(
        sql`select p.id from promotions p left join certificates c on c.certificate_no = p.certificate_no
          where c.id is null or c.worker_id <> p.worker_id or c.level <> p.to_level or c.source_type <> p.source_type
             or c.issued_on <> p.promoted_on or coalesce(c.event_id, 0) <> coalesce(p.event_id, 0)
             or coalesce(c.training_class_id, 0) <> coalesce(p.training_class_id, 0)`,
      );
      expect(uncertified).toEqual([]);
      // a completed enrolment has its certificate; nobody else has one
      expect(await count(sql`select count(*) as "n" from enrolments where completed = ${true}`)).toBe(
        await count(sql`select count(*) as "n" from certificates where source_type = 'training'`),
      );
      expect(await count(sql`select count(*) as "n" from certificates where source_type = 'contest'`)).toBe(
        await count(sql`select count(*) as "n" from promotions where source_type = 'contest'`),
      );
      // every completed class went through completion: each enrolled enrolment decided, exam scores for all
      expect(
        await count(
          sql`select count(*) as "n" from enrolments n join training_classes t on t.id = n.class_id
            where t.status = 'completed' and n.status = 'enrolled' and (n.completed is null or not exists (select 1 from exam_scores x where x.enrolment_id = n.id))`,
        ),
      ).toBe(0);
      expect(
        await count(
          sql`select count(*) as "n" from enrolments where completed is not null and class_id in (select id from training_classes where status <> 'completed')`,
        ),
      ).toBe(0);
    });

    it('freezes results that equal what the domain computes from the marks, for every contestant with a blind number', async () => {
      const published = await all<{ id: number }>(sql`select id from events where results_published_at is not null`);
      expect(published.length).toBeGreaterThan(10);
      const { results } = skillServices(db, new AuditTrail(), new Scope(db), new CheckInCodes('a test secret for class check-in codes'));
      for (const { id } of published) {
        const frozen = (
          await all<{ registration_id: number; rank: number; total: number; passed: number | boolean; award: string | null }>(
            sql`select registration_id, rank, total, passed, award from results where event_id = ${id} order by registration_id`,
          )
        ).map((r) => ({ ...r, passed: !!r.passed }));
        const computed = (await results.compute(id))
          .map((r) => ({ registration_id: r.id, rank: r.rank, total: r.total, passed: r.passed, award: r.award }))
          .sort((a, b) => a.registration_id - b.registration_id);
        expect(frozen, `event ${id}`).toEqual(computed);
        const contestants = await one<{ n: number; bibs: number; in: number }>(
          sql`select count(*) as "n", count(distinct bib) as "bibs", count(checked_in_at) as "in" from registrations where event_id = ${id} and status = 'confirmed'`,
        );
        expect(frozen.length).toBe(contestants.n);
        expect(contestants.bibs).toBe(contestants.n);
        expect(contestants.in).toBe(contestants.n);
        expect(await count(sql`select count(*) as "n" from judge_assignments where event_id = ${id} and submitted_at is null`)).toBe(0);
      }
      expect(await count(sql`select count(*) as "n" from registrations where bib is not null and status <> 'confirmed'`)).toBe(0);
    });

    it('writes the audit trail of publishing, applying and completing, dated when it happened', async () => {
      const audit = (action: string) =>
        all<{ entity_id: number; at: string; after: unknown }>(sql`select entity_id, at, after from audit_log where action = ${action}`);
      const promotions = await all<{ id: number; promoted_on: string; certificate_no: string }>(
        sql`select id, promoted_on, certificate_no from promotions`,
      );
      const created = new Map((await audit('promotion.create')).map((a) => [a.entity_id, a]));
      expect(created.size).toBe(promotions.length);
      for (const p of promotions) {
        const a = created.get(p.id)!;
        expect(beijingDate(new Date(a.at)), `promotion ${p.id}`).toBe(p.promoted_on);
        expect(jsonValue<{ certificateNo: string }>(a.after)!.certificateNo).toBe(p.certificate_no);
      }
      const published = await all<{ id: number; results_published_at: string }>(
        sql`select id, results_published_at from events where results_published_at is not null`,
      );
      expect(new Map((await audit('results.publish')).map((a) => [a.entity_id, a.at]))).toEqual(
        new Map(published.map((e) => [e.id, e.results_published_at])),
      );
      const applied = await all<{ id: number; promotions_applied_at: string }>(
        sql`select id, promotions_applied_at from events where promotions_applied_at is not null`,
      );
      expect(new Map((await audit('event.promotions_apply')).map((a) => [a.entity_id, a.at]))).toEqual(
        new Map(applied.map((e) => [e.id, e.promotions_applied_at])),
      );
      const completed = await all<{ id: number; completed_at: string }>(
        sql`select id, completed_at from training_classes where status = 'completed'`,
      );
      expect(new Map((await audit('training.complete')).map((a) => [a.entity_id, a.at]))).toEqual(
        new Map(completed.map((c) => [c.id, c.completed_at])),
      );
      expect(await count(sql`select count(*) as "n" from audit_log where at > ${now.toISOString()}`)).toBe(0);
      for (const table of ['promotions', 'certificates', 'results'])
        expect(await count(sql`select count(*) as "n" from ${sql.identifier(table)} where created_at > ${now.toISOString()}`), table).toBe(
          0,
        );
    });
  });

  it('makes nothing happen before its time: draws, marks, theory scores, publications, attendance and completions (409 TOO_EARLY rules)', async () => {
    // ISO-8601 UTC text on both backends: string order is time order
    const early = {
      draws: sql`select count(*) as "n" from events e join contests c on c.id = e.contest_id
                  where e.drawn_at is not null and e.drawn_at < c.registration_closes_at`,
      marks: sql`select count(*) as "n" from scores s join events e on e.id = s.event_id join contests c on c.id = e.contest_id
                  where s.created_at < c.starts_at or s.updated_at < c.starts_at`,
      theory: sql`select count(*) as "n" from theory_scores s join events e on e.id = s.event_id join contests c on c.id = e.contest_id
                  where s.created_at < c.starts_at or s.updated_at < c.starts_at`,
      publications: sql`select count(*) as "n" from events e join contests c on c.id = e.contest_id
                  where e.results_published_at is not null and e.results_published_at < c.ends_at`,
      attendance: sql`select count(*) as "n" from attendance a join training_sessions s on s.id = a.session_id
                  where a.created_at < s.starts_at or a.updated_at < s.starts_at`,
      completions: sql`select count(*) as "n" from training_classes k
                  where k.completed_at is not null and k.completed_at < (select max(s.ends_at) from training_sessions s where s.class_id = k.id)`,
      publishAudits: sql`select count(*) as "n" from audit_log l join events e on e.id = l.entity_id join contests c on c.id = e.contest_id
                  where l.action = 'results.publish' and l.at < c.ends_at`,
      completeAudits: sql`select count(*) as "n" from audit_log l
                  where l.action = 'training.complete' and l.at < (select max(s.ends_at) from training_sessions s where s.class_id = l.entity_id)`,
    };
    for (const [what, query] of Object.entries(early)) expect(await count(query), what).toBe(0);
    // and the history has each of them to check
    expect(await count(sql`select count(*) as "n" from events where drawn_at is not null`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as "n" from attendance`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as "n" from training_classes where completed_at is not null`)).toBeGreaterThan(0);
  });

  it('passes the integrity checks, and the API numbers its next rows after the seed’s', async () => {
    if (db.dialect === 'sqlite') {
      // PostgreSQL checks every foreign key as the rows are written
      expect(await all(sql`PRAGMA foreign_key_check`)).toEqual([]);
      expect((await one<{ integrity_check: string }>(sql`PRAGMA integrity_check`)).integrity_check).toBe('ok');
    }
    // the seed wrote explicit ids: a row the API inserts next takes the next one, on either backend
    const maxId = await count(sql`select max(id) as "n" from trades`);
    const [row] = await db.tx((t) =>
      t.orm.insert(t.s.trades).values({ code: '9-99-99-99', name: '测试工种', nameEn: 'Test trade' }).returning(),
    );
    expect(row!.id).toBe(maxId + 1);
    await db.tx((t) => t.run(sql`delete from trades where id = ${row!.id}`));
  });

  it('has a city contest run by unit nominations: a nomination-only event with quotas and nominations in step with them', async () => {
    const ev = await one<{ id: number; taken: number; reserved: number; capacity: number }>(
      sql`select id, taken, quota_reserved as "reserved", capacity from events where registration_mode = 'nomination'`,
    );
    const quotas = await all<{ org_id: number; seats: number; used: number }>(
      sql`select org_id, seats, used from event_quotas where event_id = ${ev.id}`,
    );
    expect(quotas).toHaveLength(3);
    const nominated = await all<{ quota_org_id: number; nominated_by: number }>(
      sql`select quota_org_id, nominated_by from registrations where event_id = ${ev.id} and status = 'confirmed'`,
    );
    expect(nominated.length).toBeGreaterThanOrEqual(3);
    expect(nominated.every((r) => r.nominated_by != null && r.quota_org_id != null)).toBe(true);
    for (const q of quotas) expect(q.used).toBe(nominated.filter((r) => r.quota_org_id === q.org_id).length);
    expect(ev.taken).toBe(nominated.length);
    expect(ev.reserved).toBe(quotas.reduce((s, q) => s + q.seats - q.used, 0));
    expect(await count(sql`select count(*) as "n" from audit_log where action = 'registration.nominate'`)).toBe(nominated.length);
  });

  it('is deterministic: the same "now" gives the same people and registrations', async () => {
    const fresh = await freshDatabase();
    databases.push(fresh);
    const other = fresh.db;
    await seedDemo(other, { now });
    const snapshot = async (d: Database) => ({
      people: await d.read.all(
        sql`select u.phone, u.name, p.id_number, p.trade_id, p.skill_level from users u join worker_profiles p on p.user_id = u.id order by u.id`,
      ),
      registrations: await d.read.all(sql`select event_id, worker_id, status, waitlist_seq, created_at from registrations order by id`),
      enrolments: await d.read.all(sql`select class_id, worker_id, status, completed from enrolments order by id`),
      promotions: await d.read.all(
        sql`select worker_id, from_level, to_level, event_id, training_class_id, promoted_on, certificate_no from promotions order by id`,
      ),
      results: await d.read.all(sql`select event_id, registration_id, rank, total, award from results order by id`),
    });
    expect(await snapshot(other)).toEqual(await snapshot(db));
  });
});
