import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bool, id, timestamps } from './common';
import { users } from './users';

export const CODE_PURPOSES = ['signup', 'reset', 'counter'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/**
 * One-time codes (services/phone-codes.ts): the 6-digit codes sent by SMS for signing up or resetting a password, and
 * the 8-digit reset codes an organizer hands a worker at the union's counter. Never the code itself: an HMAC-SHA256 of
 * phone, purpose and code under a server key. Only the newest code of a phone and purpose is good; the rows also count
 * the requests per phone and per address for the rate limits, so those survive restarts and hold across processes.
 */
export const phoneCodes = sqliteTable(
  'phone_codes',
  {
    id: id(),
    phone: text('phone').notNull(),
    purpose: text('purpose', { enum: CODE_PURPOSES }).notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: text('expires_at').notNull(),
    /** wrong codes tried against this one; at 5 it is void */
    attempts: integer('attempts').notNull().default(0),
    usedAt: text('used_at'),
    /**
     * false when nothing was sent: a sign-up code for a phone that already has an account, or a reset code for one that
     * has none (the caller gets the same answer either way, so the phones of accounts cannot be found out this way)
     */
    sent: bool('sent').notNull(),
    /** the client address that asked for it (SMS codes), for the per-address ceiling */
    requestedFrom: text('requested_from'),
    /** the organizer who made it (counter codes) */
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps(),
  },
  (t) => [index('phone_codes_phone_idx').on(t.phone, t.purpose), index('phone_codes_address_idx').on(t.requestedFrom, t.createdAt)],
);
