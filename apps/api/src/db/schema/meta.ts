import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Facts about the database itself, one row per key: `demo_data` (when the demo data set was loaded — the
 * server warns, shows a banner and refuses production mode on such a database) and `write_probe` (the
 * health check's cheap write: it proves the file, its WAL and its folder can be written right now).
 */
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
