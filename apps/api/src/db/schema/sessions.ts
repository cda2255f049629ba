import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './common';
import { users } from './users';

/**
 * The feed of ended sessions every API process polls (services/sessions.ts): one row per change, either a user's new
 * `session_version` (every session of the account ended) or one ended session (`session_id`, the refresh-token family
 * its access tokens name in the `sid` claim). Rows are only needed while tokens issued before them could still be
 * alive (the access-token lifetime); older ones are pruned.
 */
export const sessionRevocations = sqliteTable(
  'session_revocations',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** set when every session ended: the account's new users.session_version */
    sessionVersion: integer('session_version'),
    /** set when one session ended (logout on one device) */
    sessionId: text('session_id'),
    ...timestamps(),
  },
  (t) => [index('session_revocations_created_idx').on(t.createdAt)],
);

/**
 * Failed password logins, kept in the database so the throttle (services/login-throttle.ts) survives a restart and is
 * shared by every API process: counted per phone (5 in 15 minutes lock that phone) and per client address (only a
 * flood — 100 in 15 minutes — throttles an address, since a factory's workers share one). Pruned after an hour.
 */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: id(),
    /** the login as typed (a phone number, or whatever was tried) */
    phone: text('phone').notNull(),
    address: text('address').notNull(),
    ...timestamps(),
  },
  (t) => [index('login_failures_phone_idx').on(t.phone, t.createdAt), index('login_failures_address_idx').on(t.address, t.createdAt)],
);
