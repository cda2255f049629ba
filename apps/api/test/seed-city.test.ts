import { isValidResidentId } from '@gongjiang/domain';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import type { Database } from '../src/data/database';
import { verifyPassword } from '../src/lib/passwords';
import { DEMO_PASSWORD } from '../src/seed/demo';
import { NO_LOGIN, seedCity, type CitySummary } from '../src/seed/city';
import { independentFigures } from '../src/seed/city-verify';
import { Scope } from '../src/services/scope';
import { StatsService } from '../src/services/stats';
import { freshDatabase, type TestDatabase } from './support/backend';
import { sevenOf } from './support/annual';

// The city-scale generator at 1 % (same code path as `npm run seed -- --scale city`) on the run's backend (SQLite, or
// PostgreSQL with GJ_TEST_BACKEND=postgres: COPY), checked against counts written from domain.md § The annual report
// over the raw tables.
const NOW = new Date('2026-11-24T08:00:00Z');

describe('city-scale seed (scale 0.01)', () => {
  let fresh: TestDatabase;
  let db: Database;
  let summary: CitySummary;
  let stats: StatsService;
  let admin: { id: number; roles: ['admin']; orgId: number | null };
  const one = async (q: SQL) => (await db.read.get<{ n: number }>(q))!.n;

  beforeAll(async () => {
    fresh = await freshDatabase();
    db = fresh.db;
    summary = await seedCity(db, { scale: 0.01, now: NOW });
    // GET /api/stats/annual's service, as the demo admin (13900000001)
    stats = new StatsService(db, new Scope(db));
    const a = (await db.read.get<{ id: number; orgId: number | null }>(
      sql`select id, org_id as "orgId" from users where phone = '13900000001'`,
    ))!;
    admin = { id: a.id, roles: ['admin'], orgId: a.orgId };
  }, 120_000);
  afterAll(async () => {
    await fresh?.dispose();
  });

  const annual = async (year: number, orgId: number) => {
    const body = (await stats.annual(admin, { year, orgId })) as unknown as Record<string, unknown>;
    return sevenOf(body);
  };

  it('the annual report equals the independent SQL counts for the city and a district, this year and last', async () => {
    const city = await one(sql`select id as "n" from organisations where kind = 'federation'`);
    const district = await one(sql`select id as "n" from organisations where name = '梁溪区总工会'`);
    for (const year of [summary.year, summary.year - 1]) {
      for (const org of [city, district]) {
        const expected = await independentFigures(db.read, year, org);
        expect(await annual(year, org), `${year} org ${org}`).toEqual(expected);
      }
    }
    const figures = await independentFigures(db.read, summary.year, city);
    // the data set's shape at 1 %: every trade covered, enough of everything to be a real test
    expect(figures.trades).toBe(116);
    expect(figures.contests).toBeGreaterThanOrEqual(8);
    expect(figures.participants).toBeGreaterThan(4_000);
    expect(figures.trainingClasses).toBeGreaterThan(50);
    expect(figures.trainees).toBeGreaterThan(900);
    expect(figures.promotions).toBeGreaterThan(figures.highSkillPromotions);
    expect(figures.highSkillPromotions).toBeGreaterThan(0);
  });

  it('has the edge cases the figures must handle: unconfirmed registrations, unheld contests and classes, promotions that stay below or start above high-skill', async () => {
    for (const status of ['cancelled', 'rejected', 'waitlisted'])
      expect(await one(sql`select count(*) as "n" from registrations where status = ${status}`), status).toBeGreaterThan(0);
    expect(await one(sql`select count(*) as "n" from contests where status in ('cancelled', 'draft')`)).toBeGreaterThan(0);
    expect(await one(sql`select count(*) as "n" from training_classes where status in ('cancelled', 'draft')`)).toBeGreaterThan(0);
    expect(await one(sql`select count(*) as "n" from enrolments where status in ('cancelled', 'waitlisted')`)).toBeGreaterThan(0);
    expect(await one(sql`select count(*) as "n" from promotions where from_level = 'senior' and to_level = 'technician'`)).toBeGreaterThan(
      0,
    );
    expect(await one(sql`select count(*) as "n" from promotions where to_level in ('junior', 'intermediate')`)).toBeGreaterThan(0);
  });

  it('keeps every counter and rule the application relies on', async () => {
    // seat counters agree with the rows
    expect(
      await one(sql`select count(*) as "n" from events e where e.taken <> (select count(*) from registrations r where r.event_id = e.id and r.status in ('confirmed', 'pending'))
             or e.waitlisted_count <> (select count(*) from registrations r where r.event_id = e.id and r.status = 'waitlisted')`),
    ).toBe(0);
    expect(
      await one(
        sql`select count(*) as "n" from training_classes c where c.taken <> (select count(*) from enrolments n where n.class_id = c.id and n.status = 'enrolled')`,
      ),
    ).toBe(0);
    // at most one contest promotion per worker per year; levels chain; profiles show the latest level
    expect(
      await one(
        sql`select count(*) as "n" from (select 1 as "x" from promotions where source_type = 'contest' group by worker_id, year having count(*) > 1) x`,
      ),
    ).toBe(0);
    expect(
      await one(sql`select count(*) as "n" from worker_profiles w join promotions p on p.worker_id = w.user_id
            where p.id = (select max(id) from promotions q where q.worker_id = w.user_id) and (w.skill_level is null or w.skill_level <> p.to_level)`),
    ).toBe(0);
    // the holder as issued is filled on every record
    expect(await one(sql`select count(*) as "n" from promotions where holder_name is null or holder_resident_id is null`)).toBe(0);
    expect(await one(sql`select count(*) as "n" from certificates where holder_name is null or holder_resident_id is null`)).toBe(0);
    // the tree: 7 districts, base unions below them, members in base unions, paths right
    expect(await one(sql`select count(*) as "n" from organisations where kind = 'district'`)).toBe(7);
    expect(
      await one(
        sql`select count(*) as "n" from organisations o join organisations p on p.id = o.parent_id where o.path <> p.path || o.id || '/'`,
      ),
    ).toBe(0);
    expect(
      await one(
        sql`select count(*) as "n" from users u join organisations o on o.id = u.org_id where u.password_hash = ${NO_LOGIN} and o.kind <> 'base'`,
      ),
    ).toBe(0);
    expect(await one(sql`select count(*) as "n" from trades`)).toBe(116);
    // foreign keys: checked by the load itself (PRAGMA foreign_key_check; on PostgreSQL the constraints added back)
    if (db.dialect === 'sqlite') expect(await db.read.all(sql`pragma foreign_key_check`)).toEqual([]);
  });

  it('numbers the rows the API writes next after the generated ones (identity sequences set past the loaded ids)', async () => {
    for (const table of ['users', 'registrations', 'promotions', 'certificates', 'enrolments', 'training_sessions']) {
      const max = await one(sql`select max(id) as "n" from ${sql.identifier(table)}`);
      const next = await db.tx(async (t) => {
        const row = await t.get<{ n: number }>(
          db.dialect === 'postgres'
            ? sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::integer as "n"`
            : sql`select seq + 1 as "n" from sqlite_sequence where name = ${table}`,
        );
        return row!.n;
      });
      expect(next, table).toBe(max + 1);
    }
  });

  it('gives generated workers valid, unique resident IDs and no way to log in', async () => {
    const ids = await db.read.all<{ id: string }>(
      sql`select p.id_number as "id" from worker_profiles p join users u on u.id = p.user_id where u.password_hash = ${NO_LOGIN}`,
    );
    expect(ids.length).toBe(summary.rows.users);
    expect(new Set(ids.map((r) => r.id)).size).toBe(ids.length);
    expect(ids.filter((r) => !isValidResidentId(r.id, NOW))).toEqual([]);
    expect(await verifyPassword(NO_LOGIN, DEMO_PASSWORD)).toBe(false);
    // through the API: a generated worker's login fails like a wrong password
    const app = await buildApp({
      database: db,
      config: { databasePath: fresh.file, authRateLimit: 10_000, seed: 'none', jwtSecret: 'city-seed-test-secret-0123456789abcdef' },
    });
    try {
      const phone = (await db.read.get<{ phone: string }>(sql`select phone from users where password_hash = ${NO_LOGIN} limit 1`))!.phone;
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: phone, password: DEMO_PASSWORD } });
      expect(res.statusCode).toBe(401);
      const demo = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: '13900000001', password: DEMO_PASSWORD } });
      expect(demo.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('leaves the summaries kept by triggers: a cancelled registration leaves the participants figure at once', async () => {
    const city = await one(sql`select id as "n" from organisations where kind = 'federation'`);
    const before = (await annual(summary.year, city)).participants as number;
    const regs = await db.read.all<{ id: number; startsAt: string }>(
      sql`select r.id, c.starts_at as "startsAt" from registrations r join events e on e.id = r.event_id join contests c on c.id = e.contest_id
           where r.status = 'confirmed' and c.status = 'published' order by r.id`,
    );
    const reg = regs.find((r) => new Date(new Date(r.startsAt).getTime() + 8 * 3_600_000).getUTCFullYear() === summary.year)!;
    await db.tx((t) => t.run(sql`update registrations set status = 'cancelled' where id = ${reg.id}`));
    expect((await annual(summary.year, city)).participants).toBe(before - 1);
    expect(await annual(summary.year, city)).toEqual(await independentFigures(db.read, summary.year, city));
  });
});
