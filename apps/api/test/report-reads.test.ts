/**
 * Report reads never hold up the request loop (issue 18: dashboards never slow the rush): on SQLite they run in a
 * worker thread on a connection of their own (data/sqlite-report.ts), on PostgreSQL on the pool or a replica. While a
 * long report query runs, an ordinary read and a write both finish first — checked by order, not by a clock.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_BACKEND } from './support/backend';

const fresh = await freshDatabase();
const db = fresh.db;
afterAll(() => fresh.dispose());

/** a query that takes a while on either backend: counting to n through a recursive CTE */
const slow = (n: number) =>
  sql`with recursive c(x) as (select 1 union all select x + 1 from c where x < ${n}) select count(*) as "n" from c`;

describe(`report reads (${TEST_BACKEND})`, () => {
  it('a long report query does not stop a read and a write made meanwhile: they finish first', async () => {
    const done: string[] = [];
    const report = db.report.get<{ n: number }>(slow(3_000_000)).then((r) => {
      done.push('report');
      return r;
    });
    await new Promise((r) => setImmediate(r));
    const read = db.read.get(sql`select 1 as "one"`).then(() => done.push('read'));
    const write = db.tx((t) => t.run(sql`insert into app_meta (key, value) values ('report-test', 'x')`)).then(() => done.push('write'));
    await Promise.all([report, read, write]);
    expect(Number((await report)!.n)).toBe(3_000_000);
    expect(done).toEqual(['read', 'write', 'report']);
  });

  it('the query builder works on the report handle, and it refuses to write', async () => {
    const { appMeta } = db.report.s;
    const rows = await db.report.orm.select({ key: appMeta.key, value: appMeta.value }).from(appMeta).where(eq(appMeta.key, 'report-test'));
    expect(rows).toEqual([{ key: 'report-test', value: 'x' }]);
    const [one] = await db.report.orm.select({ key: appMeta.key }).from(appMeta).where(eq(appMeta.key, 'report-test')).limit(1);
    expect(one).toEqual({ key: 'report-test' });
    if (TEST_BACKEND === 'sqlite') await expect(db.report.run(sql`delete from app_meta`)).rejects.toThrow(/only reads/);
  });
});
