import { PASSWORD_PROBLEM_TEXT, passwordProblem } from '@gongjiang/domain';
import type { Database } from '../data/database';
import { hasEnabledAdmin, insertUserWithProfile, userByPhone } from '../data/repos/accounts';
import { federationId } from '../data/repos/organisations';
import { hashPassword } from '../lib/passwords';

/**
 * ADMIN_PHONE + ADMIN_PASSWORD: how an installation gets its first admin (created once, never overwritten). server.ts
 * runs it in openDatabase's `startup`, under the start-up lock, so nodes starting together create it once.
 */
export async function ensureAdmin(db: Database, phone: string, password: string): Promise<void> {
  if (await userByPhone(db.read, phone)) return;
  if (!/^1[3-9]\d{9}$/.test(phone) || password.length < 8) {
    throw new Error('ADMIN_PHONE must be an 11-digit mobile number and ADMIN_PASSWORD at least 8 characters');
  }
  // Refusing to start over it would lock an installation out; the admin is told to change it (PUT /api/me/password).
  const problem = passwordProblem(password, { phone });
  if (problem) console.warn(`ADMIN_PASSWORD ${PASSWORD_PROBLEM_TEXT[problem]}: change it after the first login`);
  const passwordHash = await hashPassword(password);
  const created = await db.tx(async (t) => {
    // read again in the transaction: the unique phone index decides, and a second starter finds the account made
    if (await userByPhone(t, phone)) return false;
    const root = await federationId(t);
    // an admin's organisation is the federation; the profile names no employer
    await insertUserWithProfile(t, { phone, name: '系统管理员', passwordHash, roles: ['admin'], orgId: root ?? null, employerOrgId: null });
    return true;
  });
  if (created) console.log(`admin account ${phone} created`);
}

/** Whether any enabled account holds the admin role. */
export function hasAdmin(db: Database): Promise<boolean> {
  return hasEnabledAdmin(db.read);
}
