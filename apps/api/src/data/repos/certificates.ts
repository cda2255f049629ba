/** Certificates (证书), their number counters, and what a certificate shows of its holder and source. */
import { desc, eq, sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';
import { rowBy } from './rows';

export type CertificateRow = NonNullable<Awaited<ReturnType<typeof certificateByCode>>>;

/**
 * The next sequence number of (year, issuer), taken in the issuing transaction: one upsert on the counter row, which
 * it locks until the transaction ends (two issuers never read the same `last`).
 */
export async function nextCertificateSequence(t: Tx, year: number, issuer: string, at: string): Promise<number> {
  const { certificateCounters: k } = t.s;
  const [row] = await t.orm
    .insert(k)
    .values({ year, issuer, last: 1, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: [k.year, k.issuer], set: { last: sql`${k.last} + 1`, updatedAt: at } })
    .returning({ last: k.last });
  return row!.last;
}

export async function insertCertificate(
  t: Tx,
  v: {
    code: string;
    certificateNo: string;
    workerId: number;
    level: string;
    title: string | null;
    sourceType: 'contest' | 'training';
    eventId: number | null;
    trainingClassId: number | null;
    issuedOn: string;
    holderName: string;
    holderResidentId: string | null;
  },
) {
  const [row] = await t.orm.insert(t.s.certificates).values(v).returning();
  return row!;
}

export function certificateByCode(h: Handle, code: string) {
  return rowBy(h, h.s.certificates, 'code', code);
}

export function certificateByNo(h: Handle, certificateNo: string) {
  return rowBy(h, h.s.certificates, 'certificateNo', certificateNo);
}

/** A worker's certificates, newest first. */
export function certificatesOf(h: Handle, workerId: number) {
  const { certificates } = h.s;
  return h.orm
    .select()
    .from(certificates)
    .where(eq(certificates.workerId, workerId))
    .orderBy(desc(certificates.issuedOn), desc(certificates.id));
}

/** The contest event a certificate comes from: its contest's title, trade and owning organisation. */
export async function contestSource(h: Handle, eventId: number) {
  const { events, contests, organisations, trades } = h.s;
  const [row] = await h.orm
    .select({ id: events.id, title: contests.title, trade: trades.name, organisation: organisations.name, orgId: contests.orgId })
    .from(events)
    .innerJoin(contests, eq(contests.id, events.contestId))
    .innerJoin(organisations, eq(organisations.id, contests.orgId))
    .leftJoin(trades, eq(trades.id, events.tradeId))
    .where(eq(events.id, eventId))
    .limit(1);
  return row;
}

/** The training class a certificate comes from: its title, trade and owning organisation. */
export async function trainingSource(h: Handle, classId: number) {
  const { trainingClasses, organisations, trades } = h.s;
  const [row] = await h.orm
    .select({
      id: trainingClasses.id,
      title: trainingClasses.title,
      trade: trades.name,
      organisation: organisations.name,
      orgId: trainingClasses.orgId,
    })
    .from(trainingClasses)
    .innerJoin(organisations, eq(organisations.id, trainingClasses.orgId))
    .leftJoin(trades, eq(trades.id, trainingClasses.tradeId))
    .where(eq(trainingClasses.id, classId))
    .limit(1);
  return row;
}

/** The worker's name and resident ID (unmasked: the caller masks). */
export async function holderOf(h: Handle, workerId: number) {
  const { users, workerProfiles } = h.s;
  const [row] = await h.orm
    .select({ name: users.name, idNumber: workerProfiles.idNumber })
    .from(users)
    .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
    .where(eq(users.id, workerId))
    .limit(1);
  return row!;
}
