/** Accounts (users) and their worker profiles: the identity side of a person. */
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Handle, Tx } from '../database';
import { rowBy } from './rows';
import { contains, hasRoleSql } from '../dialect';
import type { Role } from '../schema';
import { NO_PASSWORD } from '../../lib/passwords';

export type UserRow = Awaited<ReturnType<typeof userById>> & object;

export function userById(h: Handle, id: number) {
  return rowBy(h, h.s.users, 'id', id);
}

export function userByPhone(h: Handle, phone: string) {
  return rowBy(h, h.s.users, 'phone', phone);
}

/**
 * Whether an account has the phone and whether it has been claimed (it has a password: lib/passwords.ts NO_PASSWORD
 * marks a roster-imported account nobody has claimed yet). Nothing else read.
 */
export async function phoneAccount(h: Handle, phone: string): Promise<'none' | 'unclaimed' | 'claimed'> {
  const { users } = h.s;
  const row = await h.get<{ unclaimed: unknown }>(
    sql`select (${users.passwordHash} = ${NO_PASSWORD}) as "unclaimed" from ${users} where ${users.phone} = ${phone}`,
  );
  return !row ? 'none' : row.unclaimed ? 'unclaimed' : 'claimed';
}

/**
 * An account with its (empty) worker profile. The profile's employer is the account's organisation, unless the account
 * organizes (its organisation is the one it runs) or `employerOrgId` says otherwise.
 */
export async function insertUserWithProfile(
  t: Tx,
  v: { phone: string; name: string; passwordHash: string; roles: Role[]; orgId: number | null; employerOrgId?: number | null },
): Promise<UserRow> {
  const { users, workerProfiles } = t.s;
  const { employerOrgId, ...account } = v;
  const [user] = await t.orm.insert(users).values(account).returning();
  const employer = employerOrgId !== undefined ? employerOrgId : v.roles.includes('organizer') ? null : v.orgId;
  await t.orm.insert(workerProfiles).values({ userId: user!.id, employerOrgId: employer });
  return user!;
}

export async function updateUserRow(
  t: Tx,
  id: number,
  set: Partial<{ passwordHash: string; name: string; orgId: number | null; disabled: boolean; roles: Role[] }>,
): Promise<UserRow | undefined> {
  const { users } = t.s;
  const [row] = await t.orm.update(users).set(set).where(eq(users.id, id)).returning();
  return row;
}

/** Every session of the account ends: its session version goes up (services/sessions.ts). The account as it now is. */
export async function raiseSessionVersion(t: Tx, id: number): Promise<UserRow | undefined> {
  const { users } = t.s;
  const [row] = await t.orm
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

/** The worker profile row of an account. */
export function profileRow(h: Handle, userId: number) {
  return rowBy(h, h.s.workerProfiles, 'userId', userId);
}

export type ProfileRow = Awaited<ReturnType<typeof profileRow>> & object;

/** The worker profile with its employer's name and its trade. */
export async function profileWithNames(h: Handle, userId: number) {
  const { workerProfiles, organisations, trades } = h.s;
  const [row] = await h.orm
    .select({
      p: workerProfiles,
      employerName: organisations.name,
      tradeName: trades.name,
      tradeNameEn: trades.nameEn,
      tradeCode: trades.code,
    })
    .from(workerProfiles)
    .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
    .leftJoin(trades, eq(trades.id, workerProfiles.tradeId))
    .where(eq(workerProfiles.userId, userId))
    .limit(1);
  return row;
}

export interface ProfileValues {
  idNumber?: string;
  birthDate?: string;
  gender?: 'male' | 'female';
  employerOrgId?: number | null;
  tradeId?: number | null;
  skillLevel?: string | null;
  certificateNo?: string | null;
  unionMember?: boolean;
}

/** Updates the account's worker profile, or creates it when there is none. */
export async function saveProfile(t: Tx, userId: number, values: ProfileValues, exists: boolean): Promise<void> {
  const { workerProfiles } = t.s;
  if (exists) await t.orm.update(workerProfiles).set(values).where(eq(workerProfiles.userId, userId));
  else await t.orm.insert(workerProfiles).values({ userId, ...values });
}

/** The account's name and resident ID as they stand. */
export async function nameAndIdNumber(h: Handle, userId: number) {
  const { users, workerProfiles } = h.s;
  const [row] = await h.orm
    .select({ name: users.name, idNumber: workerProfiles.idNumber })
    .from(users)
    .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
    .where(eq(users.id, userId))
    .limit(1);
  return row;
}

/** Whether the platform has promoted the worker (their level then follows the records). */
export async function hasPromotion(h: Handle, workerId: number): Promise<boolean> {
  const { promotions } = h.s;
  return !!(await h.get(sql`select 1 as "x" from ${promotions} where ${promotions.workerId} = ${workerId} limit 1`));
}

/**
 * Whether a published result, a certificate or a promotion names the worker — three index probes:
 * certificates_worker_idx, promotions_worker_year_idx, registrations_worker_idx + results_registration_uq.
 */
export async function identityOnRecord(h: Handle, userId: number): Promise<boolean> {
  const row = await h.get<{ locked: unknown }>(
    sql`select (exists (select 1 from certificates where worker_id = ${userId})
             or exists (select 1 from promotions where worker_id = ${userId})
             or exists (select 1 from registrations r join results x on x.registration_id = r.id where r.worker_id = ${userId})) as "locked"`,
  );
  return !!row?.locked;
}

/** Whether any enabled account holds the admin role. */
export async function hasEnabledAdmin(h: Handle): Promise<boolean> {
  const { users } = h.s;
  return !!(await h.get(
    sql`select 1 as "x" from ${users} where ${hasRoleSql(h, users.roles, 'admin')} and ${users.disabled} = ${false} limit 1`,
  ));
}

export interface UserListQuery {
  /** the subtree's path prefix ("/1/4/"; "/" for everything) */
  prefix: string;
  role?: Role;
  q?: string;
  page: number;
  pageSize: number;
  /** counted up to this many (and one more, to tell that there are more) */
  cap: number;
}

/**
 * A page of accounts in a subtree. Staff roles (judge, organizer, admin) read the small partial index users_staff_idx
 * and sort by name; workers — millions at city scale — come by organisation, then account, which is the order of
 * users_org_idx probed with the subtree's organisation ids: a page reads its own rows, never the whole subtree to sort it.
 */
export async function listUsers(h: Handle, q: UserListQuery) {
  const { users, organisations } = h.s;
  const staff = q.role != null && q.role !== 'worker';
  const upper = q.prefix.slice(0, -1) + '0';
  const conds: SQL[] = [
    sql`${users.orgId} in (select ${organisations.id} from ${organisations} where ${organisations.path} >= ${q.prefix} and ${organisations.path} < ${upper})`,
  ];
  // the literal predicate of the partial index users_staff_idx (a bound parameter would not let SQLite use it)
  if (staff) conds.push(sql`${users.roles} <> ${sql.raw(`'["worker"]'`)}`);
  if (q.role) conds.push(hasRoleSql(h, users.roles, q.role));
  const term = q.q?.trim();
  if (term) conds.push(or(contains(h, users.name, term), contains(h, users.phone, term))!);
  const where = and(...conds);
  const counted = await h.get<{ n: number }>(
    sql`select count(*) as "n" from (select 1 from ${users} where ${where} limit ${q.cap + 1}) capped`,
  );
  const rows = await h.orm
    .select({ u: users, orgName: organisations.name })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.orgId))
    .where(where)
    .orderBy(...(staff ? [asc(users.name), asc(users.id)] : [asc(users.orgId), asc(users.id)]))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { rows, counted: Number(counted?.n ?? 0) };
}
