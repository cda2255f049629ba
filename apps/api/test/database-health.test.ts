import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { buildApp } from '../src/app';
import type { Database } from '../src/data/database';
import { migrationsFolder, openDatabase } from '../src/data/open';
import { SqliteDatabase } from '../src/data/sqlite';
import { hashPassword } from '../src/lib/passwords';
import { expectError } from './helper';
import { freshDatabase, TEST_BACKEND } from './support/backend';

/**
 * A database that cannot be written: /api/health says so (503 {ok:false, writable:false}), writes answer
 * 503 rather than 500, and once the file is writable again the server recovers by itself — the SQLite driver
 * opened the file read-only and would stay so; the probe replaces the connection under the services'
 * prepared statements.
 */
const PHONE = '13611112222';
const PASSWORD = 'Passw0rd-health';

/** the one worker every test logs in as */
async function addUser(db: Database): Promise<void> {
  const passwordHash = await hashPassword(PASSWORD);
  await db.tx(async (t) => {
    const { users, workerProfiles } = t.s;
    const [u] = await t.orm
      .insert(users)
      .values({ phone: PHONE, name: '测试', passwordHash, roles: ['worker'], orgId: null })
      .returning();
    await t.orm.insert(workerProfiles).values({ userId: u!.id });
  });
}

/** a SQLite file holding that worker */
async function databaseWithUser(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-health-'));
  const file = path.join(dir, 'h.db');
  const db = await openDatabase({ file });
  await addUser(db);
  await db.close();
  return file;
}

/** Makes the file unwritable even for root (chattr +i) or, for other users, by its mode; null when neither is possible here. */
function unwritable(file: string): { restore: () => void } | null {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(file, 0o444);
    return { restore: () => fs.chmodSync(file, 0o644) };
  }
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    return { restore: () => execFileSync('chattr', ['-i', file], { stdio: 'ignore' }) };
  } catch {
    return null;
  }
}

const login = (app: Awaited<ReturnType<typeof buildApp>>) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: PHONE, password: PASSWORD } });

describe('database health', () => {
  test(`a writable database: 200 {ok, db, writable} and the probe commits a row (${TEST_BACKEND})`, async () => {
    const fresh = await freshDatabase();
    await addUser(fresh.db);
    const app = await buildApp({ database: fresh.db, config: { databasePath: fresh.file, seed: 'none' } });
    const probe = sql`select key from app_meta where key = 'write_probe'`;
    expect(await fresh.db.read.get(probe)).toBeUndefined();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, db: TEST_BACKEND, writable: true, demo: false });
    expect(await fresh.db.read.get(probe)).toEqual({ key: 'write_probe' });
    await app.close();
    await fresh.dispose();
  });
});

// PostgreSQL has no read-only file under a connection: an unreachable server is a connection error, retried by the pool
describe.skipIf(TEST_BACKEND === 'postgres')('database health of a SQLite file that cannot be written (SQLite only)', () => {
  // root ignores file modes; it needs chattr +i (CAP_LINUX_IMMUTABLE), which some containers withhold
  const canLock = (() => {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gj-lock-')), 'probe');
    fs.writeFileSync(probe, '');
    const lockProbe = unwritable(probe);
    lockProbe?.restore();
    return lockProbe !== null;
  })();
  test.runIf(canLock)('a file that cannot be written: 503 from health and writes, then it recovers by itself', async () => {
    const file = await databaseWithUser();
    const lockFile = unwritable(file)!;
    try {
      // the SQLite driver opens an unwritable file read-only without an error — the state the server ran in for good
      const db = await openDatabase({ file, migrate: false });
      const app = await buildApp({ database: db, config: { databasePath: file, seed: 'none' } });
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ ok: false, db: 'sqlite', writable: false, code: 'UNAVAILABLE' });
      expect(health.headers['retry-after']).toBe('5');
      // a login writes its refresh token: 503 with a readable message, not a 500
      expectError(await login(app), 503, 'UNAVAILABLE');
      // reads still work
      expect((await app.inject({ method: 'GET', url: '/api/trades' })).statusCode).toBe(200);

      lockFile.restore();
      const healed = await app.inject({ method: 'GET', url: '/api/health' });
      expect(healed.statusCode, healed.body).toBe(200);
      expect(healed.json()).toMatchObject({ ok: true, writable: true });
      const res = await login(app);
      expect(res.statusCode, res.body).toBe(200);
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${res.json().accessToken}` } });
      expect(me.statusCode).toBe(200);
      await app.close();
      await db.close();
    } finally {
      try {
        lockFile.restore();
      } catch {
        // already restored
      }
    }
  });

  test('a read-only connection to a writable file: a failed write swaps in a new connection and the services go on', async () => {
    const file = await databaseWithUser();
    const db = new SqliteDatabase(file, migrationsFolder('sqlite'), { readOnlyFirst: true });
    const app = await buildApp({ database: db, config: { databasePath: file, seed: 'none' } });
    // prepared statements of the services belong to the read-only connection …
    expectError(await login(app), 503, 'UNAVAILABLE');
    // … the failed write replaced it (at most once a second); the same statements now run on the new one
    const res = await login(app);
    expect(res.statusCode, res.body).toBe(200);
    const refreshed = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${res.json().accessToken}` } });
    expect(refreshed.json()).toMatchObject({ phone: PHONE });
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ ok: true, writable: true });
    await app.close();
    await db.close();
  });
});
