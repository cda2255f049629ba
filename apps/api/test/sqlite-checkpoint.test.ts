/**
 * SQLite's WAL checkpoints run in a thread of their own (data/sqlite-checkpoint.ts), not inside a COMMIT on the
 * request loop. What shows it from outside: committed pages reach the database file itself although the writer's own
 * automatic checkpoint is set far above what is written here — only the thread can have copied them. Then: a reader
 * sees every commit meanwhile, and closing the database stops the thread (the test process would not end otherwise).
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { FALLBACK_PAGES } from '../src/data/sqlite-checkpoint';
import type { SqliteDatabase } from '../src/data/sqlite';
import { freshDatabase, TEST_BACKEND } from './support/backend';

describe.skipIf(TEST_BACKEND !== 'sqlite')('WAL checkpoints off the request loop (sqlite)', () => {
  it('committed pages reach the database file without a checkpoint on the writer', async () => {
    const fresh = await freshDatabase();
    afterAll(() => fresh.dispose());
    const db = fresh.db as SqliteDatabase;
    const { conn, release } = await db.takeWriter();
    const autocheckpoint = conn.pragma('wal_autocheckpoint', { simple: true });
    release();
    expect(autocheckpoint).toBe(FALLBACK_PAGES);

    // let the thread copy what the migrations wrote, then measure the file
    await new Promise((r) => setTimeout(r, 600));
    const before = fs.statSync(fresh.file).size;
    // ~4 MiB in 200 commits: about 1,000 pages of 4 KiB, far below the writer's own threshold
    const filler = 'x'.repeat(20_000);
    for (let i = 0; i < 200; i++) {
      await db.tx((t) => t.run(sql`insert into app_meta (key, value) values (${`ckpt-${i}`}, ${filler})`));
    }
    const walPages = fs.statSync(`${fresh.file}-wal`).size / 4096;
    expect(walPages).toBeLessThan(FALLBACK_PAGES);
    const row = await db.read.get<{ n: number }>(sql`select count(*) as "n" from app_meta where key like 'ckpt-%'`);
    expect(Number(row!.n)).toBe(200);
    // the thread checkpoints every 200 ms; give it up to 20 s on a busy machine
    let after = before;
    for (let waited = 0; waited < 20_000 && after < before + 3_000_000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      after = fs.statSync(fresh.file).size;
    }
    expect(after).toBeGreaterThanOrEqual(before + 3_000_000);
  });
});
