import { eq } from 'drizzle-orm';
import { PASSWORD_PROBLEM_TEXT, passwordProblem } from '@gongjiang/domain';
import { writeTx, type Db } from '../db';
import { organisations, users, workerProfiles } from '../db/schema';
import { hashPassword } from '../lib/passwords';

/** ADMIN_PHONE + ADMIN_PASSWORD: how an installation gets its first admin (created once, never overwritten). */
export async function ensureAdmin(db: Db, phone: string, password: string): Promise<void> {
  if (db.select({ id: users.id }).from(users).where(eq(users.phone, phone)).get()) return;
  if (!/^1[3-9]\d{9}$/.test(phone) || password.length < 8) {
    throw new Error('ADMIN_PHONE must be an 11-digit mobile number and ADMIN_PASSWORD at least 8 characters');
  }
  // Refusing to start over it would lock an installation out; the admin is told to change it (PUT /api/me/password).
  const problem = passwordProblem(password, { phone });
  if (problem) console.warn(`ADMIN_PASSWORD ${PASSWORD_PROBLEM_TEXT[problem]}: change it after the first login`);
  const passwordHash = await hashPassword(password);
  writeTx(db, () => {
    const root = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'federation')).get();
    const user = db
      .insert(users)
      .values({ phone, name: '系统管理员', passwordHash, roles: ['admin'], orgId: root?.id ?? null })
      .returning()
      .get();
    db.insert(workerProfiles).values({ userId: user.id }).run();
  });
  console.log(`admin account ${phone} created`);
}

/** Whether any enabled account holds the admin role. */
export function hasAdmin(db: Db): boolean {
  return (
    db.$client.prepare(`select 1 from users, json_each(users.roles) r where r.value = 'admin' and users.disabled = 0 limit 1`).get() !==
    undefined
  );
}
