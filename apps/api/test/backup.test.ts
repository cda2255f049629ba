import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { openDatabase } from '../src/db';
import { ROOT } from './support/server-process';

/**
 * `npm run backup -- FILE` while another process writes: every copy opens, passes integrity_check and the
 * foreign-key check, is one self-contained file, and holds whole transactions only (a multiple of the
 * writer's batch) — one moment of the database.
 */
const BATCH = 50;

test('online backups under continuous writes are consistent', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-backup-'));
  const file = path.join(dir, 'live.db');
  openDatabase(file).$client.close();
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
    const db = new Database(copy, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    const { n } = db.prepare(`select count(*) as n from audit_log where action = 'test.write'`).get() as { n: number };
    db.close();
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
  const live = new Database(file, { readonly: true });
  expect(live.prepare(`select count(*) as n from audit_log where action = 'test.write'`).get()).toEqual({ n: wrote });
  live.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
