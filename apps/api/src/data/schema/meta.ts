import type { Kit } from '../kit';

/**
 * Facts about the database itself, one row per key: `demo_data` (when the demo data set was loaded — the
 * server warns, shows a banner and refuses production mode on such a database) and `write_probe` (the
 * health check's cheap write: it proves the file, its WAL and its folder can be written right now).
 */
export function metaTables(k: Kit) {
  const appMeta = k.table('app_meta', {
    key: k.text('key').primaryKey(),
    value: k.text('value').notNull(),
  });
  return { appMeta };
}
