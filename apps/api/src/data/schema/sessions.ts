import { ref, timestamps, type Kit } from '../kit';
import type { userTables } from './users';

export const CODE_PURPOSES = ['signup', 'reset', 'counter'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

export function sessionTables(k: Kit, { users }: ReturnType<typeof userTables>) {
  /**
   * The feed of ended sessions every API process polls (services/sessions.ts): one row per change, either a user's new
   * `session_version` (every session of the account ended) or one ended session (`session_id`, the refresh-token family
   * its access tokens name in the `sid` claim). Rows are only needed while tokens issued before them could still be
   * alive (the access-token lifetime); older ones are pruned.
   */
  const sessionRevocations = k.table(
    'session_revocations',
    {
      id: k.id(),
      userId: ref(k, 'user_id', () => users.id, { onDelete: 'cascade' }),
      /** set when every session ended: the account's new users.session_version */
      sessionVersion: k.int('session_version'),
      /** set when one session ended (logout on one device) */
      sessionId: k.text('session_id'),
      ...timestamps(k),
    },
    (t) => [k.index('session_revocations_created_idx').on(t.createdAt)],
  );

  /**
   * Failed password logins, kept in the database so the throttle (services/login-throttle.ts) survives a restart and is
   * shared by every API process: counted per phone (5 in 15 minutes lock that phone) and per client address (only a
   * flood — 100 in 15 minutes — throttles an address, since a factory's workers share one). Pruned after an hour.
   */
  const loginFailures = k.table(
    'login_failures',
    {
      id: k.id(),
      /** the login as typed (a phone number, or whatever was tried) */
      phone: k.text('phone').notNull(),
      address: k.text('address').notNull(),
      ...timestamps(k),
    },
    (t) => [k.index('login_failures_phone_idx').on(t.phone, t.createdAt), k.index('login_failures_address_idx').on(t.address, t.createdAt)],
  );

  /**
   * One-time codes (services/phone-codes.ts): the 6-digit codes sent by SMS for signing up or resetting a password, and
   * the 8-digit reset codes an organizer hands a worker at the union's counter. Never the code itself: an HMAC-SHA256 of
   * phone, purpose and code under a server key. Only the newest code of a phone and purpose is good; the rows also count
   * the requests per phone and per address for the rate limits, so those survive restarts and hold across processes.
   */
  const phoneCodes = k.table(
    'phone_codes',
    {
      id: k.id(),
      phone: k.text('phone').notNull(),
      purpose: k.text('purpose', { enum: CODE_PURPOSES }).notNull(),
      codeHash: k.text('code_hash').notNull(),
      expiresAt: k.time('expires_at').notNull(),
      /** wrong codes tried against this one; at 5 it is void */
      attempts: k.int('attempts').notNull().default(0),
      usedAt: k.time('used_at'),
      /**
       * false when nothing was sent: a sign-up code for a phone that already has an account, or a reset code for one that
       * has none (the caller gets the same answer either way, so the phones of accounts cannot be found out this way)
       */
      sent: k.bool('sent').notNull(),
      /** the client address that asked for it (SMS codes), for the per-address ceiling */
      requestedFrom: k.text('requested_from'),
      /** the organizer who made it (counter codes) */
      createdBy: k.int('created_by').references(() => users.id),
      ...timestamps(k),
    },
    (t) => [k.index('phone_codes_phone_idx').on(t.phone, t.purpose), k.index('phone_codes_address_idx').on(t.requestedFrom, t.createdAt)],
  );
  /**
   * The request counters of @fastify/rate-limit (services/rate-limit-store.ts): one row per route and client address,
   * the hits of its current fixed window. In the database, not in a process, so a limit holds for the address across
   * every API process (several PostgreSQL nodes behind one proxy). Windows a minute old no longer count; pruned hourly.
   */
  const rateLimits = k.table(
    'rate_limits',
    {
      id: k.id(),
      /** "<method> <route>|<client address>" */
      key: k.text('key').notNull(),
      windowStart: k.time('window_start').notNull(),
      hits: k.int('hits').notNull(),
      ...timestamps(k),
    },
    (t) => [k.uniqueIndex('rate_limits_key_uq').on(t.key), k.index('rate_limits_window_idx').on(t.windowStart)],
  );
  return { sessionRevocations, loginFailures, phoneCodes, rateLimits };
}
