/**
 * statement(): a raw statement whose text is made once per dialect (data/statement.ts). On either backend it returns
 * what the same query written inline returns, on every handle (read, transaction, report), again and again (on
 * PostgreSQL the second call on a connection reuses the named prepared statement), and it refuses a missing value.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { statement } from '../src/data/statement';
import { freshDatabase, TEST_BACKEND } from './support/backend';

const fresh = await freshDatabase();
const db = fresh.db;
afterAll(() => fresh.dispose());

const META = statement<{ key: string; prefix: string }>(
  'test_meta',
  (p) => sql`select key as "key", value as "value" from app_meta where key = ${p.key} or key like ${p.prefix} order by key`,
);
const PUT = statement<{ key: string; value: string }>(
  'test_put',
  (p) => sql`insert into app_meta (key, value) values (${p.key}, ${p.value}) on conflict (key) do update set value = excluded.value`,
);

describe(`statement() (${TEST_BACKEND})`, () => {
  it('writes and reads as the inline query does, on every handle and every call', async () => {
    await db.tx(async (t) => {
      expect(await t.run(PUT.with({ key: 'st-a', value: '1' }))).toBe(1);
      expect(await t.run(PUT.with({ key: 'st-b', value: '2' }))).toBe(1);
      expect(await t.run(PUT.with({ key: 'st-a', value: '3' }))).toBe(1);
      // inside the transaction, before its commit
      expect(await t.all(META.with({ key: 'none', prefix: 'st-%' }))).toEqual([
        { key: 'st-a', value: '3' },
        { key: 'st-b', value: '2' },
      ]);
    });
    const inline = await db.read.all(sql`select key as "key", value as "value" from app_meta where key = ${'st-b'} or key like ${'x%'} order by key`);
    for (let i = 0; i < 3; i++) {
      expect(await db.read.all(META.with({ key: 'st-b', prefix: 'x%' }))).toEqual(inline);
      expect(await db.read.get(META.with({ key: 'st-a', prefix: 'none' }))).toEqual({ key: 'st-a', value: '3' });
      expect(await db.report.all(META.with({ key: 'st-b', prefix: 'x%' }))).toEqual(inline);
    }
  });

  it('refuses a missing value, and a second statement of the same name', async () => {
    await expect(db.read.all(META.with({ key: 'st-a' } as { key: string; prefix: string }))).rejects.toThrow(/no value for prefix/);
    expect(() => statement('test_meta', () => sql`select 1`)).toThrow(/two statements named test_meta/);
  });
});
