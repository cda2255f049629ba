/** Small reads and writes of fixture rows through the app's data layer (the same handles on either backend). */
import crypto from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../src/data/database';
import type { FrozenResult } from '../../src/data/repos/results';

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

/** One contestant's frozen result, for `publishResults`. */
export type ResultFixture = Pick<FrozenResult, 'workerId' | 'rank' | 'theory' | 'practical' | 'total' | 'passed'>;

/**
 * Frozen published results, written directly in one transaction: a confirmed registration (bibs A001, A002, … in
 * the given order) and a result per row, and the event marked published.
 */
export async function publishResults(database: Database, eventId: number, rows: ResultFixture[]): Promise<void> {
  await database.tx(async (t) => {
    const { registrations, results, events } = t.s;
    for (const [i, r] of rows.entries()) {
      const [reg] = await t.orm
        .insert(registrations)
        .values({
          eventId,
          workerId: r.workerId,
          status: 'confirmed',
          ticketCode: crypto.randomBytes(9).toString('base64url'),
          bib: `A${String(i + 1).padStart(3, '0')}`,
        })
        .returning();
      await t.orm.insert(results).values({ eventId, registrationId: reg!.id, ...r });
    }
    await t.orm.update(events).set({ resultsPublishedAt: new Date().toISOString() }).where(eq(events.id, eventId));
  });
}

/**
 * The audit records of one action, oldest first, about one row (`entityId`) or about one event (`after.eventId`);
 * before and after come parsed on either backend.
 */
export async function auditsOf(database: Database, action: string, about: { entityId: number } | { eventId: number }) {
  const { auditLog } = database.read.s;
  const where = 'entityId' in about ? and(eq(auditLog.action, action), eq(auditLog.entityId, about.entityId)) : eq(auditLog.action, action);
  const rows = await database.read.orm.select().from(auditLog).where(where).orderBy(auditLog.id);
  return rows
    .filter((a) => 'entityId' in about || (a.after as { eventId?: unknown } | null)?.eventId === about.eventId)
    .map((a) => ({ ...a, before: a.before as Record<string, unknown> | null, after: a.after as Record<string, unknown> | null }));
}

/**
 * Moves timestamps of the matching rows back in time — what the clock would do, without waiting. The application
 * writes ISO-8601 text on both backends, so the shift is done here, in JavaScript, row by row (no SQLite strftime).
 */
export async function olderBy(database: Database, table: string, columns: readonly string[], ms: number, where: SQL): Promise<number> {
  return database.tx(async (t) => {
    const cols = sql.join(
      columns.map((c) => sql.identifier(c)),
      sql`, `,
    );
    const rows = await t.all<Record<string, unknown>>(sql`select id, ${cols} from ${sql.identifier(table)} where ${where}`);
    for (const row of rows) {
      const set = sql.join(
        columns.map((c) => {
          const v = row[c];
          return sql`${sql.identifier(c)} = ${typeof v === 'string' ? new Date(Date.parse(v) - ms).toISOString() : null}`;
        }),
        sql`, `,
      );
      await t.run(sql`update ${sql.identifier(table)} set ${set} where id = ${row.id}`);
    }
    return rows.length;
  });
}

/** `select count(*) …` through the read connection, as a number on either backend */
export async function countOf(database: Database, query: SQL): Promise<number> {
  const row = await database.read.get<{ n: number | string }>(query);
  return Number(row?.n ?? 0);
}
