import { sql } from 'drizzle-orm';
import { integer, text } from 'drizzle-orm/sqlite-core';

/** Every table: integer id, created_at, updated_at (conventions.md § Habits). Timestamps are ISO-8601 UTC text. */
export const id = () => integer('id').primaryKey({ autoIncrement: true });
const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
export const timestamps = () => ({
  createdAt: text('created_at').notNull().default(now),
  updatedAt: text('updated_at')
    .notNull()
    .default(now)
    .$onUpdate(() => new Date().toISOString()),
});
export const bool = (name: string) => integer(name, { mode: 'boolean' });
