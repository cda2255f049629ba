import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, id, timestamps } from './common';
import { organisations } from './organisations';
import { trades } from './trades';

export type Role = 'worker' | 'judge' | 'organizer' | 'admin';

export const users = sqliteTable(
  'users',
  {
    id: id(),
    phone: text('phone').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** JSON array of roles; a person may be a worker and a judge at once. */
    roles: text('roles', { mode: 'json' }).$type<Role[]>().notNull(),
    orgId: integer('org_id').references(() => organisations.id),
    disabled: bool('disabled').notNull().default(false),
    /**
     * Raised whenever every session of the account must end (logout everywhere, a password change or reset,
     * disabling, a role change): access tokens carry the version they were issued under (claim `sv`) and older ones
     * are refused. See services/sessions.ts.
     */
    sessionVersion: integer('session_version').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('users_phone_uq').on(t.phone),
    index('users_org_idx').on(t.orgId),
    // the few thousand staff accounts (judges, organizers, admins) among millions of workers: the judge picker's range
    index('users_staff_idx')
      .on(t.orgId, t.name)
      .where(sql`roles <> '["worker"]'`),
  ],
);

/** Rotating refresh tokens, stored as SHA-256 hashes; a reused (rotated) token revokes its whole family. */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    family: text('family').notNull(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_uq').on(t.tokenHash),
    index('refresh_tokens_user_idx').on(t.userId),
    index('refresh_tokens_family_idx').on(t.family),
  ],
);

export const workerProfiles = sqliteTable(
  'worker_profiles',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    idNumber: text('id_number'),
    birthDate: text('birth_date'),
    gender: text('gender', { enum: ['male', 'female'] }),
    employerOrgId: integer('employer_org_id').references(() => organisations.id),
    tradeId: integer('trade_id').references(() => trades.id),
    skillLevel: text('skill_level'),
    certificateNo: text('certificate_no'),
    unionMember: bool('union_member').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('worker_profiles_user_uq').on(t.userId),
    uniqueIndex('worker_profiles_id_number_uq').on(t.idNumber),
    index('worker_profiles_employer_idx').on(t.employerOrgId),
    index('worker_profiles_trade_level_idx').on(t.tradeId, t.skillLevel),
  ],
);
