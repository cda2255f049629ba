import fs from 'node:fs';
import path from 'node:path';
import { isValidResidentId } from '@gongjiang/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { DEMO_PASSWORD } from '../src/seed/demo';
import { NO_LOGIN, seedCity, type CitySummary } from '../src/seed/city';
import { independentFigures } from '../src/seed/city-verify';
import { freshDb } from './helper';

// The city-scale generator at 1 % (same code path as `npm run seed -- --scale city`), checked
// against counts written from domain.md § The annual report over the raw tables.
const NOW = new Date('2026-11-24T08:00:00Z');
const FIGURES = ['contests', 'trades', 'participants', 'trainingClasses', 'trainees', 'promotions', 'highSkillPromotions'] as const;

describe('city-scale seed (scale 0.01)', () => {
  const { db, file } = freshDb();
  let app: Awaited<ReturnType<typeof buildApp>>;
  let summary: CitySummary;
  let auth: { authorization: string };
  const one = (q: string, ...p: unknown[]) => (db.$client.prepare(q).get(...p) as { n: number }).n;

  beforeAll(async () => {
    summary = await seedCity(db, { scale: 0.01, now: NOW });
    app = await buildApp({
      db,
      checkResponses: true,
      config: { databasePath: file, authRateLimit: 10_000, seed: 'none', jwtSecret: 'city-seed-test-secret-0123456789abcdef' },
    });
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: '13900000001', password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    auth = { authorization: `Bearer ${res.json().accessToken}` };
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    db.$client.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  const annual = async (year: number, orgId: number) => {
    const res = await app.inject({ method: 'GET', url: `/api/stats/annual?year=${year}&orgId=${orgId}`, headers: auth });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    return Object.fromEntries(FIGURES.map((f) => [f, body[f]]));
  };

  it('GET /api/stats/annual equals the independent SQL counts for the city and a district, this year and last', async () => {
    const city = one("select id as n from organisations where kind = 'federation'");
    const district = one("select id as n from organisations where name = '梁溪区总工会'");
    for (const year of [summary.year, summary.year - 1]) {
      for (const org of [city, district]) {
        const expected = independentFigures(db, year, org);
        expect(await annual(year, org), `${year} org ${org}`).toEqual(expected);
      }
    }
    const figures = independentFigures(db, summary.year, city);
    // the data set's shape at 1 %: every trade covered, enough of everything to be a real test
    expect(figures.trades).toBe(116);
    expect(figures.contests).toBeGreaterThanOrEqual(8);
    expect(figures.participants).toBeGreaterThan(4_000);
    expect(figures.trainingClasses).toBeGreaterThan(50);
    expect(figures.trainees).toBeGreaterThan(900);
    expect(figures.promotions).toBeGreaterThan(figures.highSkillPromotions);
    expect(figures.highSkillPromotions).toBeGreaterThan(0);
  });

  it('has the edge cases the figures must handle: unconfirmed registrations, unheld contests and classes, promotions that stay below or start above high-skill', () => {
    for (const status of ['cancelled', 'rejected', 'waitlisted'])
      expect(one('select count(*) as n from registrations where status = ?', status), status).toBeGreaterThan(0);
    expect(one("select count(*) as n from contests where status in ('cancelled', 'draft')")).toBeGreaterThan(0);
    expect(one("select count(*) as n from training_classes where status in ('cancelled', 'draft')")).toBeGreaterThan(0);
    expect(one("select count(*) as n from enrolments where status in ('cancelled', 'waitlisted')")).toBeGreaterThan(0);
    expect(one("select count(*) as n from promotions where from_level = 'senior' and to_level = 'technician'")).toBeGreaterThan(0);
    expect(one("select count(*) as n from promotions where to_level in ('junior', 'intermediate')")).toBeGreaterThan(0);
  });

  it('keeps every counter and rule the application relies on', () => {
    // seat counters agree with the rows
    expect(
      one(`select count(*) as n from events e where e.taken <> (select count(*) from registrations r where r.event_id = e.id and r.status in ('confirmed', 'pending'))
             or e.waitlisted_count <> (select count(*) from registrations r where r.event_id = e.id and r.status = 'waitlisted')`),
    ).toBe(0);
    expect(
      one(
        `select count(*) as n from training_classes c where c.taken <> (select count(*) from enrolments n where n.class_id = c.id and n.status = 'enrolled')`,
      ),
    ).toBe(0);
    // at most one contest promotion per worker per year; levels chain; profiles show the latest level
    expect(
      one(
        `select count(*) as n from (select 1 from promotions where source_type = 'contest' group by worker_id, year having count(*) > 1)`,
      ),
    ).toBe(0);
    expect(
      one(`select count(*) as n from worker_profiles w join promotions p on p.worker_id = w.user_id
            where p.id = (select max(id) from promotions q where q.worker_id = w.user_id) and w.skill_level is not p.to_level`),
    ).toBe(0);
    // the tree: 7 districts, base unions below them, members in base unions, paths right
    expect(one("select count(*) as n from organisations where kind = 'district'")).toBe(7);
    expect(
      one("select count(*) as n from organisations o join organisations p on p.id = o.parent_id where o.path <> p.path || o.id || '/'"),
    ).toBe(0);
    expect(
      one(
        "select count(*) as n from users u join organisations o on o.id = u.org_id where u.password_hash = ? and o.kind <> 'base'",
        NO_LOGIN,
      ),
    ).toBe(0);
    expect(one('select count(*) as n from trades')).toBe(116);
    expect(db.$client.prepare('pragma foreign_key_check').all()).toEqual([]);
  });

  it('gives generated workers valid, unique resident IDs and no way to log in', async () => {
    const ids = db.$client
      .prepare<[string], { id: string }>(
        'select p.id_number as id from worker_profiles p join users u on u.id = p.user_id where u.password_hash = ?',
      )
      .all(NO_LOGIN);
    expect(ids.length).toBe(summary.rows.users);
    expect(ids.filter((r) => !isValidResidentId(r.id, NOW))).toEqual([]);
    const phone = db.$client
      .prepare<[string], { phone: string }>('select phone from users where password_hash = ? limit 1')
      .get(NO_LOGIN)!.phone;
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: phone, password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(401);
  });

  it('leaves the summaries kept by triggers: a cancelled registration leaves the participants figure at once', async () => {
    const city = one("select id as n from organisations where kind = 'federation'");
    const before = (await annual(summary.year, city)).participants as number;
    const reg = one(
      `select r.id as n from registrations r join events e on e.id = r.event_id join contests c on c.id = e.contest_id
        where r.status = 'confirmed' and c.status = 'published' and strftime('%Y', c.starts_at, '+8 hours') = ? limit 1`,
      String(summary.year),
    );
    db.$client.prepare("update registrations set status = 'cancelled' where id = ?").run(reg);
    expect((await annual(summary.year, city)).participants).toBe(before - 1);
    expect(await annual(summary.year, city)).toEqual(independentFigures(db, summary.year, city));
  });
});
