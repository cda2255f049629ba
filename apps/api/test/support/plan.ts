/**
 * The query plan of a statement on the test's backend, as text, for tests that check an index is used.
 * SQLite: `explain query plan` (lines like "SEARCH promotions USING INDEX promotions_year_org_idx (year=?)").
 * PostgreSQL: `explain` with sequential scans discouraged for the statement's transaction — a test's tables hold a
 * few rows, where a sequential scan is always cheapest, so only this shows whether an index CAN serve the query
 * (lines like "Index Scan using promotions_year_org_idx on promotions").
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../src/data/database';

export async function queryPlan(database: Database, query: SQL): Promise<string> {
  if (database.dialect === 'sqlite') {
    const rows = await database.read.all<{ detail: string }>(sql`explain query plan ${query}`);
    return rows.map((r) => r.detail).join('\n');
  }
  return database.tx(async (t) => {
    await t.run(sql`set local enable_seqscan = off`);
    const rows = await t.all<{ 'QUERY PLAN': string }>(sql`explain ${query}`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** Does the plan read the whole table (SQLite "SCAN t" without an index, PostgreSQL "Seq Scan on t")? */
export function scansWhole(plan: string, table: string): boolean {
  return new RegExp(`SCAN ${table}\\b(?! USING)|Seq Scan on ${table}\\b`).test(plan);
}
