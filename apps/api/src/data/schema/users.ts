import { sql } from 'drizzle-orm';
import { ref, timestamps, type Kit } from '../kit';
import type { organisationTables } from './organisations';

export type Role = 'worker' | 'judge' | 'organizer' | 'admin';

export function userTables(k: Kit, { organisations, trades }: ReturnType<typeof organisationTables>) {
  const users = k.table(
    'users',
    {
      id: k.id(),
      phone: k.text('phone').notNull(),
      name: k.text('name').notNull(),
      passwordHash: k.text('password_hash').notNull(),
      /** JSON array of roles; a person may be a worker and a judge at once. */
      roles: k.json('roles').$type<Role[]>().notNull(),
      orgId: k.int('org_id').references(() => organisations.id),
      disabled: k.bool('disabled').notNull().default(false),
      /**
       * Raised whenever every session of the account must end (logout everywhere, a password change or reset,
       * disabling, a role change): access tokens carry the version they were issued under (claim `sv`) and older ones
       * are refused. See services/sessions.ts.
       */
      sessionVersion: k.int('session_version').notNull().default(0),
      ...timestamps(k),
      /** the worker asked for important notifications by SMS too (services/notifications.ts); off by default */
      smsNotifications: k.bool('sms_notifications').notNull().default(false),
    },
    (t) => [
      k.uniqueIndex('users_phone_uq').on(t.phone),
      k.index('users_org_idx').on(t.orgId),
      // the few thousand staff accounts (judges, organizers, admins) among millions of workers: the judge picker's range
      k
        .index('users_staff_idx')
        .on(t.orgId, t.name)
        .where(sql`roles <> '["worker"]'`),
    ],
  );

  /** Rotating refresh tokens, stored as SHA-256 hashes; a reused (rotated) token revokes its whole family. */
  const refreshTokens = k.table(
    'refresh_tokens',
    {
      id: k.id(),
      userId: ref(k, 'user_id', () => users.id, { onDelete: 'cascade' }),
      tokenHash: k.text('token_hash').notNull(),
      family: k.text('family').notNull(),
      expiresAt: k.time('expires_at').notNull(),
      revokedAt: k.time('revoked_at'),
      ...timestamps(k),
    },
    (t) => [
      k.uniqueIndex('refresh_tokens_hash_uq').on(t.tokenHash),
      k.index('refresh_tokens_user_idx').on(t.userId),
      k.index('refresh_tokens_family_idx').on(t.family),
    ],
  );

  const workerProfiles = k.table(
    'worker_profiles',
    {
      id: k.id(),
      userId: ref(k, 'user_id', () => users.id, { onDelete: 'cascade' }),
      idNumber: k.text('id_number'),
      birthDate: k.time('birth_date'),
      gender: k.text('gender', { enum: ['male', 'female'] }),
      employerOrgId: k.int('employer_org_id').references(() => organisations.id),
      tradeId: k.int('trade_id').references(() => trades.id),
      skillLevel: k.text('skill_level'),
      certificateNo: k.text('certificate_no'),
      unionMember: k.bool('union_member').notNull().default(true),
      ...timestamps(k),
    },
    (t) => [
      k.uniqueIndex('worker_profiles_user_uq').on(t.userId),
      k.uniqueIndex('worker_profiles_id_number_uq').on(t.idNumber),
      k.index('worker_profiles_employer_idx').on(t.employerOrgId),
      k.index('worker_profiles_trade_level_idx').on(t.tradeId, t.skillLevel),
    ],
  );
  return { users, refreshTokens, workerProfiles };
}
