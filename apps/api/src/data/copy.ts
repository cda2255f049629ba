/**
 * `npm run db:copy -- --to postgres://…`: a union moving from the embedded default to PostgreSQL copies its whole
 * SQLite database into an empty PostgreSQL database. The target is migrated to the same schema (openDatabase, under
 * the start-up lock), then every table is copied in dependency order (referenced tables first) through the city
 * seed's bulk loader (data/bulk-write.ts: COPY FROM STDIN in one transaction, foreign keys set aside and added back —
 * which checks every row —, identity sequences set past the copied ids). The annual-report summaries are not copied
 * but rebuilt from the copied rows, and the counts of every table, summaries included, must then be equal on both
 * sides. A failure anywhere leaves the target as empty as it was.
 */
import { sql } from 'drizzle-orm';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openBulkWriter, type Value } from './bulk-write';
import type { Database, Handle } from './database';
import { PgDatabase } from './postgres';
import { sqliteTables } from './schema';
import { SqliteDatabase } from './sqlite';

/** Kept in step by triggers on the other tables: rebuilt on the target, never copied. */
const SUMMARIES = new Set(['stats_trade_month', 'stats_contest_month', 'stats_high_skill']);

/** Every table name, each after the tables its foreign keys reference (self-references aside). */
export function tablesInDependencyOrder(): string[] {
  const deps = new Map<string, Set<string>>();
  for (const table of Object.values(sqliteTables) as unknown as SQLiteTable[]) {
    const config = getTableConfig(table);
    const refs = config.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name).filter((n) => n !== config.name);
    deps.set(config.name, new Set(refs));
  }
  const order: string[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (placed.has(name)) return;
    if (path.has(name)) throw new Error(`db:copy: a foreign-key cycle through ${name}`);
    path.add(name);
    for (const d of [...(deps.get(name) ?? [])].sort()) visit(d, path);
    path.delete(name);
    placed.add(name);
    order.push(name);
  };
  for (const name of [...deps.keys()].sort()) visit(name, new Set());
  return order;
}

export interface CopyReport {
  /** rows per table, equal on both sides */
  rows: Record<string, number>;
  ms: number;
}

const countOf = async (h: Handle, table: string) =>
  (await h.get<{ n: number }>(sql`select count(*) as "n" from ${sql.identifier(table)}`))!.n;

/** Copies every row of `from` (SQLite) into `to` (PostgreSQL, migrated and empty); checks the counts. */
export async function copyDatabase(from: Database, to: Database, log: (msg: string) => void = () => {}): Promise<CopyReport> {
  if (!(from instanceof SqliteDatabase)) throw new Error('db:copy: the source must be a SQLite database');
  if (!(to instanceof PgDatabase)) throw new Error('db:copy: the target must be a PostgreSQL database');
  const started = performance.now();
  const tables = tablesInDependencyOrder();
  for (const table of tables) {
    const n = await countOf(to.read, table);
    if (n > 0) throw new Error(`db:copy: the target is not empty (${table} has ${n} rows); copy into a new database`);
  }
  const source = from.read.conn;
  const w = await openBulkWriter(to, log);
  try {
    for (const table of tables) {
      if (SUMMARIES.has(table)) continue;
      // a full scan reads a rowid table in rowid (= id) order
      const st = source.prepare(`select * from "${table}"`).raw(true);
      const row = w.insert(
        table,
        st.columns().map((c) => `"${c.name}"`),
      );
      let n = 0;
      for (const values of st.iterate() as Iterable<Value[]>) {
        row(...values);
        if (++n % 50_000 === 0) await w.flush();
      }
      await w.flush(true);
      log(`${table}: ${n.toLocaleString('en')} rows`);
    }
    await w.finish();
  } catch (e) {
    await w.abort();
    throw e;
  }
  const rows: Record<string, number> = {};
  const differ: string[] = [];
  for (const table of tables) {
    const [a, b] = [await countOf(from.read, table), await countOf(to.read, table)];
    rows[table] = a;
    if (a !== b) differ.push(`${table}: ${a} in the source, ${b} in the target`);
  }
  if (differ.length) throw new Error(`db:copy: the counts differ — ${differ.join('; ')}`);
  return { rows, ms: Math.round(performance.now() - started) };
}
