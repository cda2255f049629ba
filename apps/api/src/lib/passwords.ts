import argon2 from 'argon2';
import { PASSWORD_PROBLEM_TEXT, passwordProblem } from '@gongjiang/domain';
import { validation } from './errors';

/** argon2id with OWASP's recommended minimum (19 MiB, t=2, p=1): strong and ~20 ms on this machine. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/**
 * What users.password_hash holds for an account that has no password yet: a worker created by a roster import
 * (services/rosters.ts) until they claim it with a code sent to the phone (sign-up or reset). It is no argon2 hash, so
 * no password matches it; verifyPassword still spends an argon2 verification on it, so an unclaimed account answers a
 * login as slowly as a wrong password does (no enumeration).
 */
export const NO_PASSWORD = '!unclaimed';

/** Whether the account has a password of its own (false: imported from a roster and not yet claimed). */
export const hasPassword = (hash: string) => hash !== NO_PASSWORD;

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (!hasPassword(hash)) {
    await verifyPassword(await dummyHash(), password);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Verified against when the account does not exist, so timing does not reveal which phones are registered. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-gongjiang');
  return dummy;
}

/**
 * 400 VALIDATION naming the field when a new password breaks the rule (packages/domain passwords.ts: 8–128 characters,
 * not a repetition, a straight run, the phone number or a most-common password).
 */
export function assertNewPassword(password: string, phone: string | null, field = 'password'): void {
  const problem = passwordProblem(password, { phone });
  if (problem) throw validation(`${field} ${PASSWORD_PROBLEM_TEXT[problem]}`, field, 'weak');
}
