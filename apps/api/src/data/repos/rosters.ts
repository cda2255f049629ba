/** Member rosters (services/rosters.ts): the accounts a roster's rows name, read and written a few hundred at a time. */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';
import type { Role } from '../schema';

/** Ids per query: well inside SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const memberColumns = (h: Handle) => {
  const { users, workerProfiles } = h.s;
  return {
    id: users.id,
    phone: users.phone,
    name: users.name,
    orgId: users.orgId,
    roles: users.roles,
    idNumber: workerProfiles.idNumber,
    tradeId: workerProfiles.tradeId,
    skillLevel: workerProfiles.skillLevel,
    unionMember: workerProfiles.unionMember,
    hasProfile: workerProfiles.id,
  };
};

export type MemberRow = {
  id: number;
  phone: string;
  name: string;
  orgId: number | null;
  roles: Role[];
  idNumber: string | null;
  tradeId: number | null;
  skillLevel: string | null;
  unionMember: boolean | null;
  hasProfile: number | null;
};

/** The accounts holding these phones, with their worker profiles. */
export async function membersByPhones(h: Handle, phones: readonly string[]): Promise<MemberRow[]> {
  const { users, workerProfiles } = h.s;
  const out: MemberRow[] = [];
  for (const part of chunks(phones)) {
    out.push(
      ...((await h.orm
        .select(memberColumns(h))
        .from(users)
        .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
        .where(inArray(users.phone, part))) as MemberRow[]),
    );
  }
  return out;
}

/** The accounts whose worker profiles hold these resident IDs. */
export async function membersByIdNumbers(h: Handle, idNumbers: readonly string[]): Promise<MemberRow[]> {
  const { users, workerProfiles } = h.s;
  const out: MemberRow[] = [];
  for (const part of chunks(idNumbers)) {
    out.push(
      ...((await h.orm
        .select(memberColumns(h))
        .from(workerProfiles)
        .innerJoin(users, eq(users.id, workerProfiles.userId))
        .where(inArray(workerProfiles.idNumber, part))) as MemberRow[]),
    );
  }
  return out;
}

/** Of these workers, those a published result, a certificate or a promotion names (repos/accounts.ts identityOnRecord, for many). */
export async function identitiesOnRecord(h: Handle, userIds: readonly number[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (const part of chunks(userIds)) {
    const ids = sql.join(
      part.map((id) => sql`${id}`),
      sql`, `,
    );
    const rows = await h.all<{ id: number }>(
      sql`select worker_id as "id" from certificates where worker_id in (${ids})
          union select worker_id from promotions where worker_id in (${ids})
          union select r.worker_id from registrations r join results x on x.registration_id = r.id where r.worker_id in (${ids})`,
    );
    for (const r of rows) found.add(Number(r.id));
  }
  return found;
}

/** Of these workers, those the platform has promoted (their level follows the promotion records). */
export async function promotedWorkers(h: Handle, userIds: readonly number[]): Promise<Set<number>> {
  const { promotions } = h.s;
  const found = new Set<number>();
  for (const part of chunks(userIds)) {
    const rows = await h.orm.selectDistinct({ id: promotions.workerId }).from(promotions).where(inArray(promotions.workerId, part));
    for (const r of rows) found.add(r.id);
  }
  return found;
}

export interface NewMember {
  phone: string;
  name: string;
  passwordHash: string;
  orgId: number;
  profile: {
    idNumber: string;
    birthDate: string;
    gender: 'male' | 'female';
    tradeId: number | null;
    skillLevel: string | null;
    unionMember: boolean;
  };
}

/** New worker accounts of one organisation (their employer) with their profiles; their ids in the same order. */
export async function insertMembers(t: Tx, members: readonly NewMember[]): Promise<number[]> {
  const { users, workerProfiles } = t.s;
  const ids: number[] = [];
  for (const part of chunks(members, 200)) {
    const rows = await t.orm
      .insert(users)
      .values(part.map((m) => ({ phone: m.phone, name: m.name, passwordHash: m.passwordHash, roles: ['worker'] as Role[], orgId: m.orgId })))
      .returning({ id: users.id, phone: users.phone });
    const idOf = new Map(rows.map((r) => [r.phone, r.id]));
    const partIds = part.map((m) => idOf.get(m.phone)!);
    await t.orm.insert(workerProfiles).values(part.map((m, i) => ({ userId: partIds[i]!, employerOrgId: m.orgId, ...m.profile })));
    ids.push(...partIds);
  }
  return ids;
}
