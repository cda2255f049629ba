import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/data/database';
import { jsonValue } from '../src/data/database';
import { tablesInDependencyOrder } from '../src/data/copy';
import { openDatabase } from '../src/data/open';
import { verifyPassword } from '../src/lib/passwords';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo';
import { Scope } from '../src/services/scope';
import { StatsService } from '../src/services/stats';
import { freshDatabase, TEST_BACKEND, type TestDatabase } from './support/backend';

// `npm run db:copy` (the real command, in a child process): the SQLite demo database into an empty PostgreSQL database.
// Needs the PostgreSQL server of the GJ_TEST_BACKEND=postgres run.
describe.runIf(TEST_BACKEND === 'postgres')('db:copy: SQLite → PostgreSQL', () => {
  const ROOT = path.resolve(import.meta.dirname, '../../..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-copy-'));
  const file = path.join(dir, 'demo.db');
  let source: Database;
  let target: TestDatabase;
  let output: string;

  beforeAll(async () => {
    source = await openDatabase({ file });
    await seedDemo(source);
    target = await freshDatabase();
    output = execFileSync(process.execPath, ['--import', 'tsx', 'apps/api/src/data/copy-cli.ts', '--to', target.url!, '--from', file], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: ROOT },
    });
  }, 180_000);
  afterAll(async () => {
    await source?.close();
    await target?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table in dependency order and says the counts are equal', async () => {
    expect(output).toMatch(/every count is equal on both sides/);
    expect(output).not.toMatch(/gj:[^*]/); // the password is not printed
    const order = tablesInDependencyOrder();
    expect(order.indexOf('organisations')).toBeLessThan(order.indexOf('users'));
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('registrations'));
    expect(order.indexOf('events')).toBeLessThan(order.indexOf('scores'));
    for (const table of order) {
      const count = async (db: Database) =>
        (await db.read.get<{ n: number }>(sql`select count(*) as "n" from ${sql.identifier(table)}`))!.n;
      expect(await count(target.db), table).toBe(await count(source));
    }
  });

  it('copies the values as they were: roles, booleans, reals, timestamps', async () => {
    const q = sql`select u.id, u.phone, u.roles, u.created_at, p.union_member, p.skill_level from users u join worker_profiles p on p.user_id = u.id order by u.id`;
    const norm = (rows: Record<string, unknown>[]) =>
      rows.map((r) => ({ ...r, roles: jsonValue(r.roles), union_member: !!r.union_member }));
    expect(norm(await target.db.read.all(q))).toEqual(norm(await source.read.all(q)));
    const scores = sql`select id, score, created_at from scores order by id`;
    expect(await target.db.read.all(scores)).toEqual(await source.read.all(scores));
  });

  it('gives the same annual report, and the demo logins work: the same password hash verifies', async () => {
    const fed = (await source.read.get<{ id: number }>(sql`select id from organisations where kind = 'federation'`))!.id;
    const admin = { id: 1, roles: ['admin' as const], orgId: fed };
    const year = new Date().getUTCFullYear();
    const report = async (db: Database) => new StatsService(db, new Scope(db)).annual(admin, { year: year - 1, orgId: fed });
    expect(await report(target.db)).toEqual(await report(source));
    const hash = (await target.db.read.get<{ h: string }>(sql`select password_hash as "h" from users where phone = '13900000002'`))!.h;
    expect(await verifyPassword(hash, DEMO_PASSWORD)).toBe(true);
  });

  it('numbers new rows after the copied ones, and refuses a target that is not empty', async () => {
    const max = (await target.db.read.get<{ n: number }>(sql`select max(id) as "n" from registrations`))!.n;
    const next = await target.db.tx(
      async (t) => (await t.get<{ n: number }>(sql`select nextval(pg_get_serial_sequence('registrations', 'id'))::integer as "n"`))!.n,
    );
    expect(next).toBe(max + 1);
    let refused = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'apps/api/src/data/copy-cli.ts', '--to', target.url!, '--from', file], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
        env: { ...process.env, INIT_CWD: ROOT },
      });
    } catch (e) {
      refused = String((e as { stderr?: string }).stderr);
    }
    expect(refused).toMatch(/the target is not empty/);
  });
});
