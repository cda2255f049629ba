import { eq, sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';

/** The health check's cheap write: one row rewritten and committed proves the database can be written right now. */
export async function writeProbe(t: Tx): Promise<void> {
  const { appMeta } = t.s;
  const now = new Date().toISOString();
  await t.orm
    .insert(appMeta)
    .values({ key: 'write_probe', value: now })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: now } });
}

/** Whether the demo data set was loaded into this database (set by the seed, never cleared). */
export async function hasDemoData(h: Handle): Promise<boolean> {
  const { appMeta } = h.s;
  const [row] = await h.orm.select({ key: appMeta.key }).from(appMeta).where(eq(appMeta.key, 'demo_data')).limit(1);
  return !!row;
}

export async function markDemoData(t: Tx): Promise<void> {
  await t.orm.insert(t.s.appMeta).values({ key: 'demo_data', value: new Date().toISOString() }).onConflictDoNothing();
}

/** true when the database holds no organisation yet (a fresh installation). */
export async function isEmpty(h: Handle): Promise<boolean> {
  return !(await h.get(sql`select 1 as "x" from organisations limit 1`));
}
