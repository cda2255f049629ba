import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { migrationsFolder, openDatabase } from '../src/data/open';
import { SqliteDatabase } from '../src/data/sqlite';
import { TEST_BACKEND } from './support/backend';
import { ROOT } from './support/server-process';

/**
 * `npm run backup -- FILE` while another process writes: every copy opens, passes integrity_check and the
 * foreign-key check, is one self-contained file, and holds whole transactions only (a multiple of the
 * writer's batch) — one moment of the database.
 */
const BATCH = 50;

/** a SQLite file opened read-only through the data layer: nothing about it changes by looking */
const inspect = (file: string) => new SqliteDatabase(file, migrationsFolder('sqlite'), { readOnly: true });
const testWrites = sql`select count(*) as "n" from audit_log where action = 'test.write'`;

// PostgreSQL is backed up with pg_dump or base backups (docs/deploy.md), not by this command
describe.skipIf(TEST_BACKEND === 'postgres')('npm run backup (SQLite only: VACUUM INTO a file)', () => {
  test('online backups under continuous writes are consistent', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-backup-'));
    const file = path.join(dir, 'live.db');
    await (await openDatabase({ file })).close();
    const writer = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/api/test/support/writer.ts'), file], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = readline.createInterface({ input: writer.stdout! })[Symbol.asyncIterator]();
    expect((await lines.next()).value).toBe('writing');
    await new Promise((r) => setTimeout(r, 300));

    const counts: number[] = [];
    for (let i = 1; i <= 2; i++) {
      const copy = path.join(dir, `copy-${i}.db`);
      // the command an operator types (npm run backup -- FILE runs this file with tsx)
      const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/api/src/data/backup-cli.ts'), copy], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_PATH: file, INIT_CWD: '' },
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^backup: .*live\\.db → .*copy-${i}\\.db \\([\\d.]+ MiB, integrity ok\\) in [\\d.]+ s`));
      expect(fs.existsSync(`${copy}.partial`)).toBe(false);
      const db = inspect(copy);
      expect(await db.read.get(sql`pragma integrity_check`)).toEqual({ integrity_check: 'ok' });
      expect(await db.read.all(sql`pragma foreign_key_check`)).toEqual([]);
      expect(await db.read.get(sql`pragma journal_mode`)).toEqual({ journal_mode: 'delete' });
      const { n } = (await db.read.get<{ n: number }>(testWrites))!;
      await db.close();
      expect(n % BATCH).toBe(0);
      counts.push(n);
      await new Promise((r) => setTimeout(r, 200));
    }
    writer.stdin!.end();
    const wrote = Number(/wrote (\d+)/.exec(String((await lines.next()).value))?.[1]);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(counts[0]!);
    expect(wrote).toBeGreaterThanOrEqual(counts[1]!);
    // the live database is untouched by the copies and whole
    const live = inspect(file);
    expect(await live.read.get(testWrites)).toEqual({ n: wrote });
    await live.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
