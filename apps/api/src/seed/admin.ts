import { and, eq, sql } from 'drizzle-orm';
import { PASSWORD_PROBLEM_TEXT, passwordProblem } from '@gongjiang/domain';
import type { Database, Handle } from '../data/database';
import { hasRoleSql } from '../data/dialect';
import { hashPassword } from '../lib/passwords';

/**
 * ADMIN_PHONE + ADMIN_PASSWORD: how an installation gets its first admin (created once, never overwritten). Meant for
 * openDatabase's `startup` callback: on PostgreSQL nodes starting together, one creates it under the start-up lock.
 */
export async function ensureAdmin(db: Database, phone: string, password: string): Promise<void> {
  const exists = async (h: Handle) => {
    const { users } = h.s;
    const [row] = await h.orm.select({ id: users.id }).from(users).where(eq(users.phone, phone)).limit(1);
    return !!row;
  };
  if (await exists(db.read)) return;
  if (!/^1[3-9]\d{9}$/.test(phone) || password.length < 8) {
    throw new Error('ADMIN_PHONE must be an 11-digit mobile number and ADMIN_PASSWORD at least 8 characters');
  }
  // Refusing to start over it would lock an installation out; the admin is told to change it (PUT /api/me/password).
  const problem = passwordProblem(password, { phone });
  if (problem) console.warn(`ADMIN_PASSWORD ${PASSWORD_PROBLEM_TEXT[problem]}: change it after the first login`);
  const passwordHash = await hashPassword(password);
  const created = await db.tx(async (t) => {
    if (await exists(t)) return false;
    const { organisations, users, workerProfiles } = t.s;
    const [root] = await t.orm.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'federation')).limit(1);
    const [user] = await t.orm
      .insert(users)
      .values({ phone, name: '系统管理员', passwordHash, roles: ['admin'], orgId: root?.id ?? null })
      .returning({ id: users.id });
    await t.orm.insert(workerProfiles).values({ userId: user!.id });
    return true;
  });
  if (created) console.log(`admin account ${phone} created`);
}

/** Whether any enabled account holds the admin role. */
export async function hasAdmin(h: Handle): Promise<boolean> {
  const { users } = h.s;
  const [row] = await h.orm
    .select({ id: users.id })
    .from(users)
    .where(and(sql`${hasRoleSql(h, users.roles, 'admin')}`, eq(users.disabled, false)))
    .limit(1);
  return !!row;
}
