/** Small reads and writes of fixture rows through the app's data layer (the same handles on either backend). */
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/data/database';

/** a worker's skill level on their profile */
export async function levelOf(database: Database, workerId: number): Promise<string | null> {
  const { workerProfiles } = database.read.s;
  const [row] = await database.read.orm
    .select({ l: workerProfiles.skillLevel })
    .from(workerProfiles)
    .where(eq(workerProfiles.userId, workerId));
  if (!row) throw new Error(`no profile for worker ${workerId}`);
  return row.l;
}

/** sets a worker's skill level directly (a fixture) */
export async function setLevel(database: Database, workerId: number, level: string | null): Promise<void> {
  await database.tx(async (t) => {
    const { workerProfiles } = t.s;
    await t.orm.update(workerProfiles).set({ skillLevel: level }).where(eq(workerProfiles.userId, workerId));
  });
}
