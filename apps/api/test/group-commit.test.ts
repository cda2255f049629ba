/**
 * Transactions under load (data/sqlite.ts group commit; on PostgreSQL each transaction is its own): many at once,
 * one failing, each acknowledged only once its write is durable and visible to another connection.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/data/database';
import { openDatabase } from '../src/data/open';
import { SqliteDatabase } from '../src/data/sqlite';
import { freshDatabase, TEST_BACKEND } from './support/backend';

const fresh = await freshDatabase();
const db = fresh.db;
/** another process's view of the same database: its own connection (SQLite) or pool (PostgreSQL) */
const other: Database = fresh.url
  ? await openDatabase({ url: fresh.url, file: fresh.file, migrate: false, poolSize: 2 })
  : await openDatabase({ file: fresh.file, migrate: false });
afterAll(async () => {
  await other.close();
  await fresh.dispose();
});

const put = (key: string) => sql`insert into app_meta (key, value) values (${key}, 'v')`;
const seen = async (key: string) => !!(await other.read.get(sql`select key from app_meta where key = ${key}`));

/**
 * `count` callers at once, each running `write(i)` (a transaction) and getting back the keys it wrote. Once a caller's
 * write is acknowledged it must already be committed: whether another connection saw all its keys right then.
 */
async function atOnce(count: number, write: (i: number) => Promise<string[]>) {
  const visibleOnResolve: boolean[] = [];
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, async (_, i) => {
      const keys = await write(i);
      let visible = true;
      for (const key of keys) visible = (await seen(key)) && visible;
      visibleOnResolve.push(visible);
    }),
  );
  return { outcomes, visibleOnResolve };
}

describe(`transactions at once (${TEST_BACKEND})`, () => {
  it('60 at once, the 13th failing: 59 committed, the 13th alone refused, each visible elsewhere the moment it resolves', async () => {
    const before = db instanceof SqliteDatabase ? { ...db.commits } : null;
    const { outcomes, visibleOnResolve } = await atOnce(60, async (i) => {
      const key = `gc-a-${i}`;
      await db.tx(async (t) => {
        await t.run(put(key));
        await t.run(put(`${key}-second`));
        if (i === 12) throw new Error('the 13th changes its mind');
      });
      return [key, `${key}-second`];
    });
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([
      'Error: the 13th changes its mind',
    ]);
    expect(visibleOnResolve).toEqual(Array(59).fill(true));
    const rows = await other.read.all<{ key: string }>(sql`select key from app_meta where key like 'gc-a-%' order by key`);
    expect(rows).toHaveLength(118);
    expect(await seen('gc-a-12')).toBe(false);
    expect(await seen('gc-a-12-second')).toBe(false);
    if (before && db instanceof SqliteDatabase) {
      // they arrived in one turn of the event loop: far fewer commits than transactions
      expect(db.commits.transactions - before.transactions).toBe(59);
      expect(db.commits.commits - before.commits).toBeLessThan(5);
    }
  });

  it('txGrouped (the registrations of a rush): 40 at once, one failing — 39 committed and seen the moment each resolves, in far fewer commits', async () => {
    const stats = db.commits;
    const before = stats ? { ...stats } : null;
    const { outcomes, visibleOnResolve } = await atOnce(40, async (i) => {
      const key = `gc-g-${i}`;
      await db.txGrouped(async (t) => {
        await t.run(put(key));
        if (i === 7) throw new Error('the 8th changes its mind');
      });
      return [key];
    });
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect(String((outcomes[7] as PromiseRejectedResult).reason)).toBe('Error: the 8th changes its mind');
    expect(visibleOnResolve).toEqual(Array(39).fill(true));
    expect(await seen('gc-g-7')).toBe(false);
    // the first batch failed as a whole (the 8th) and its members ran again alone; later ones grouped
    const again = await Promise.all(Array.from({ length: 30 }, (_, i) => db.txGrouped((t) => t.run(put(`gc-h-${i}`)))));
    expect(again).toHaveLength(30);
    if (stats && before) {
      expect(stats.transactions - before.transactions).toBe(69);
      expect(stats.commits - before.commits).toBeLessThan(69);
    }
  });

  it('a transaction that waits on something else (a timer) inside keeps the others out until it is done, and all commit', async () => {
    const order: string[] = [];
    await Promise.all([
      db.tx(async (t) => {
        await t.run(put('gc-b-slow'));
        await new Promise((r) => setTimeout(r, 30));
        order.push('slow');
      }),
      ...Array.from({ length: 5 }, (_, i) =>
        db.tx(async (t) => {
          await t.run(put(`gc-b-${i}`));
          order.push(`fast-${i}`);
        }),
      ),
    ]);
    if (TEST_BACKEND === 'sqlite') expect(order[0]).toBe('slow'); // one writer: the others queue behind it
    for (const key of ['gc-b-slow', 'gc-b-0', 'gc-b-4']) expect(await seen(key)).toBe(true);
  });

  it('a unique violation in one transaction of a batch leaves the others and the batch intact', async () => {
    await db.tx((t) => t.run(put('gc-c-taken')));
    const outcomes = await Promise.allSettled([
      db.tx((t) => t.run(put('gc-c-1'))),
      db.tx(async (t) => {
        await t.run(put('gc-c-2'));
        await t.run(put('gc-c-taken'));
      }),
      db.tx((t) => t.run(put('gc-c-3'))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const violated = (outcomes[1] as PromiseRejectedResult).reason;
    expect(db.uniqueViolation(violated) ?? 'app_meta primary key').toBeTruthy();
    expect([await seen('gc-c-1'), await seen('gc-c-2'), await seen('gc-c-3')]).toEqual([true, false, true]);
  });

  it('a transaction started after another resolved sees its write (read-your-writes across the ack)', async () => {
    await db.tx((t) => t.run(put('gc-d-1')));
    const n = await db.tx(async (t) => (await t.get<{ n: number }>(sql`select count(*) as "n" from app_meta where key = 'gc-d-1'`))!.n);
    expect(Number(n)).toBe(1);
    expect(await seen('gc-d-1')).toBe(true);
  });
});
