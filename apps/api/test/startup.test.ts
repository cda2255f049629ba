import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/data/open';
import { freshDatabase, TEST_BACKEND } from './support/backend';
import { isRoot, runToExit, startServer, tempDir, TEST_SECRET, UNPRIVILEGED } from './support/server-process';

/**
 * Start-up as an operator meets it: the real server process with a bad environment prints one line per
 * problem on stderr — naming the variable, no stack trace — and exits with code 1. Production mode loads no
 * demo data, needs JWT_SECRET and tells how the first admin is made; the demo setup says loudly what it is.
 */
const STACK = /^\s+at /m;

function expectRefused(r: { code: number | string; stderr: string }, ...lines: RegExp[]) {
  expect(r.code, r.stderr).toBe(1);
  const printed = r.stderr.trim().split('\n');
  expect(printed, r.stderr).toHaveLength(lines.length);
  lines.forEach((re) =>
    expect(
      printed.some((l) => re.test(l)),
      `${re} in\n${r.stderr}`,
    ).toBe(true),
  );
  printed.forEach((l, i) => expect(l, `line ${i}`).toMatch(/^gongjiang: /));
  expect(r.stderr).not.toMatch(STACK);
}

// The configuration checks and the SQLite file's start-up need no database server: they run once, in the SQLite pass.
// The PostgreSQL pass starts real server processes on a PostgreSQL database instead (the last describe).
const inSqlitePass = TEST_BACKEND === 'sqlite';

describe.runIf(inSqlitePass)('bad configuration: one line per problem, exit code 1, no stack trace', { concurrent: true }, () => {
  test('five bad values at once are five lines, each naming its variable and what it expects', async () => {
    const dir = tempDir();
    const r = await runToExit({
      DATABASE_PATH: path.join(dir, 'a.db'),
      PORT: 'abc',
      ACCESS_TOKEN_TTL: 'abc',
      LOG_LEVEL: 'loud',
      AUTH_RATE_LIMIT: '-5',
      SEED: 'bogus',
    });
    expectRefused(
      r,
      /^gongjiang: PORT="abc" is not valid: expected a TCP port, an integer from 1 to 65535$/,
      /^gongjiang: ACCESS_TOKEN_TTL="abc" is not valid: expected seconds/,
      /^gongjiang: LOG_LEVEL="loud" is not valid: expected fatal, error, warn, info, debug, trace, silent$/,
      /^gongjiang: AUTH_RATE_LIMIT="-5" is not valid: expected .*from 1 to 100000$/,
      /^gongjiang: SEED="bogus" is not valid: expected none or demo$/,
    );
    expect(fs.existsSync(path.join(dir, 'a.db')), 'nothing is created before the configuration is right').toBe(false);
  });

  test('a folder that cannot be created: the line names DATABASE_PATH and why', async () => {
    const r = await runToExit({ DATABASE_PATH: '/proc/gongjiang-nope/data.db', JWT_SECRET: TEST_SECRET });
    expectRefused(
      r,
      /^gongjiang: DATABASE_PATH="\/proc\/gongjiang-nope\/data\.db": cannot open the database \(ENOENT: .*\/proc\/gongjiang-nope/,
    );
  });

  test('without JWT_SECRET the generated secret needs a writable folder too, and says so', async () => {
    const r = await runToExit({ DATABASE_PATH: '/proc/gongjiang-nope/data.db' });
    expectRefused(r, /^gongjiang: DATABASE_PATH="\/proc\/gongjiang-nope\/data\.db": cannot keep the generated JWT secret .*set JWT_SECRET/);
  });

  test('a database file the server cannot write: refused with one line (not a 500 on every write later)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ro.db');
    await (await openDatabase({ file })).close();
    if (isRoot()) for (const f of fs.readdirSync(dir)) fs.chownSync(path.join(dir, f), UNPRIVILEGED, UNPRIVILEGED);
    fs.chmodSync(file, 0o444);
    const r = await runToExit({ DATABASE_PATH: file, JWT_SECRET: TEST_SECRET, SEED: 'none' }, { unprivileged: true });
    expectRefused(
      r,
      new RegExp(
        `^gongjiang: DATABASE_PATH="${file}": the database cannot be written \\(SQLITE_READONLY: .*\\); the server's user must be able to write`,
      ),
    );
  });

  test('production refuses SEED=demo and needs JWT_SECRET, both said at once', async () => {
    const dir = tempDir();
    const r = await runToExit({ NODE_ENV: 'production', SEED: 'demo', DATABASE_PATH: path.join(dir, 'a.db') });
    expectRefused(
      r,
      /^gongjiang: SEED=demo is refused in production \(NODE_ENV=production\): the demo accounts share the password/,
      /^gongjiang: JWT_SECRET is required in production/,
    );
  });

  test('half an admin, a short secret, an unknown NODE_ENV', async () => {
    const r = await runToExit({
      NODE_ENV: 'prod',
      JWT_SECRET: 'short',
      ADMIN_PHONE: '13912345678',
      DATABASE_PATH: path.join(tempDir(), 'a.db'),
    });
    expectRefused(
      r,
      /^gongjiang: NODE_ENV="prod" is not valid: expected development, production or test$/,
      /^gongjiang: JWT_SECRET="…" is not valid: expected at least 32 characters/,
      /^gongjiang: ADMIN_PHONE and ADMIN_PASSWORD go together/,
    );
  });

  test('a port already taken', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const r = await runToExit({ PORT: String(port), SEED: 'none', DATABASE_PATH: path.join(tempDir(), 'a.db'), JWT_SECRET: TEST_SECRET });
    blocker.close();
    expectRefused(r, new RegExp(`^gongjiang: PORT=${port}: the port is already in use on 127\\.0\\.0\\.1$`));
  }, 60_000);
});

describe.runIf(inSqlitePass)('production and demo modes (a SQLite file)', () => {
  test('production on an empty database: no demo account, and the console tells how the first admin is made', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'prod.db');
    const server = await startServer({ NODE_ENV: 'production', JWT_SECRET: TEST_SECRET, DATABASE_PATH: file });
    await server.ready;
    expect(server.stdout()).toMatch(/No admin account yet\. The first admin is created at start from ADMIN_PHONE and ADMIN_PASSWORD/);
    expect(server.stdout()).toMatch(/in production mode/);
    expect(server.stdout() + server.stderr()).not.toMatch(/DEMO DATA|demo data/i);
    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health).toEqual({ ok: true, db: 'sqlite', writable: true, demo: false });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: '13900000001', password: 'Gongjiang@2026' }),
    });
    expect(login.status).toBe(401);
    expect(await server.stop()).toBe(0);
    const db = await openDatabase({ file });
    expect(await db.read.get(sql`select count(*) as "n" from users`)).toEqual({ n: 0 });
    expect(await db.read.get(sql`select count(*) as "n" from organisations`)).toEqual({ n: 0 });
    await db.close();

    // the first admin from ADMIN_PHONE + ADMIN_PASSWORD; the hint is gone
    const again = await startServer({
      NODE_ENV: 'production',
      JWT_SECRET: TEST_SECRET,
      DATABASE_PATH: file,
      ADMIN_PHONE: '13812345678',
      ADMIN_PASSWORD: 'first-admin-Passw0rd',
    });
    await again.ready;
    expect(again.stdout()).not.toMatch(/No admin account yet/);
    const admin = await fetch(`${again.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: '13812345678', password: 'first-admin-Passw0rd' }),
    });
    expect(admin.status).toBe(200);
    expect(((await admin.json()) as { user: { roles: string[] } }).user.roles).toEqual(['admin']);
    expect(await again.stop()).toBe(0);
  }, 120_000);

  test('the demo setup says so on the console and in /api/health; production then refuses that database', async () => {
    const file = path.join(tempDir(), 'demo.db');
    const demo = await startServer({ DATABASE_PATH: file, JWT_SECRET: TEST_SECRET });
    await demo.ready;
    expect(demo.stderr()).toMatch(/DEMO DATA: this database holds the demo data set — every demo account's password is Gongjiang@2026/);
    expect(await (await fetch(`${demo.url}/api/health`)).json()).toMatchObject({ ok: true, demo: true });
    expect(await demo.stop()).toBe(0);

    const r = await runToExit({ NODE_ENV: 'production', JWT_SECRET: TEST_SECRET, DATABASE_PATH: file });
    expectRefused(r, /^gongjiang: DATABASE_PATH=".*demo\.db" holds the demo data .*production \(NODE_ENV=production\) never serves it/);
  });
});

describe.runIf(TEST_BACKEND === 'postgres')('start-up on PostgreSQL (DATABASE_URL)', () => {
  test('without JWT_SECRET: refused with one line, since every API process must share it', async () => {
    const fresh = await freshDatabase();
    try {
      const r = await runToExit({ DATABASE_URL: fresh.url, SEED: 'none' });
      expectRefused(r, /^gongjiang: JWT_SECRET is required with DATABASE_URL \(PostgreSQL\)/);
    } finally {
      await fresh.dispose();
    }
  });

  test('two production nodes started together on one empty database: both serve, the first admin is made once', async () => {
    const fresh = await freshDatabase();
    const env = {
      NODE_ENV: 'production',
      JWT_SECRET: TEST_SECRET,
      DATABASE_URL: fresh.url,
      DATABASE_PATH: path.join(tempDir(), 'unused.db'),
      ADMIN_PHONE: '13812345678',
      ADMIN_PASSWORD: 'first-admin-Passw0rd',
    };
    const nodes = await Promise.all([startServer(env), startServer(env)]);
    try {
      await Promise.all(nodes.map((n) => n.ready));
      for (const node of nodes) {
        expect(await (await fetch(`${node.url}/api/health`)).json()).toEqual({ ok: true, db: 'postgres', writable: true, demo: false });
        const login = await fetch(`${node.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: '13812345678', password: 'first-admin-Passw0rd' }),
        });
        expect(login.status, node.stderr()).toBe(200);
      }
      const admins = await fresh.db.read.all(sql`select phone, roles from users`);
      expect(admins).toEqual([{ phone: '13812345678', roles: ['admin'] }]);
      expect(fs.existsSync(env.DATABASE_PATH), 'no SQLite file beside a PostgreSQL server').toBe(false);
    } finally {
      for (const node of nodes) expect(await node.stop()).toBe(0);
      await fresh.dispose();
    }
  }, 120_000);
});
