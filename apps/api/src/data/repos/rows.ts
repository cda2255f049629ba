/** Lookups every repository makes the same way. */
import { eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Handle } from '../database';

/** The row of `table` whose `column` equals `value` (the first, where the column is not unique), or undefined. */
export async function rowBy<T extends SQLiteTable, K extends keyof T['$inferSelect'] & string>(
  h: Handle,
  table: T,
  column: K,
  value: T['$inferSelect'][K],
): Promise<T['$inferSelect'] | undefined> {
  const col = (table as unknown as Record<K, SQLiteColumn>)[column];
  const [row] = await h.orm
    .select()
    .from(table as SQLiteTable)
    .where(eq(col, value))
    .limit(1);
  return row as T['$inferSelect'] | undefined;
}
