import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, id, timestamps } from './common';
import { events } from './contests';
import { organisations } from './organisations';
import { trades } from './trades';
import { trainingClasses } from './training';
import { users } from './users';

/** A worker's skill history: one record per promotion (domain.md § Promotions). */
export const promotions = sqliteTable(
  'promotions',
  {
    id: id(),
    workerId: integer('worker_id')
      .notNull()
      .references(() => users.id),
    fromLevel: text('from_level'),
    toLevel: text('to_level').notNull(),
    sourceType: text('source_type', { enum: ['contest', 'training'] }).notNull(),
    eventId: integer('event_id').references(() => events.id),
    trainingClassId: integer('training_class_id').references(() => trainingClasses.id),
    /** owning organisation of the contest or class, for subtree reports */
    orgId: integer('org_id')
      .notNull()
      .references(() => organisations.id),
    tradeId: integer('trade_id').references(() => trades.id),
    promotedOn: text('promoted_on').notNull(),
    year: integer('year').notNull(),
    certificateNo: text('certificate_no'),
    title: text('title'),
    becameHighSkill: bool('became_high_skill').notNull(),
    /** the worker's name and masked resident ID when the promotion was recorded (a later correction does not rewrite it) */
    holderName: text('holder_name'),
    holderResidentId: text('holder_resident_id'),
    ...timestamps(),
  },
  (t) => [
    // idempotent application: one promotion per worker per source
    uniqueIndex('promotions_worker_event_uq').on(t.workerId, t.eventId),
    uniqueIndex('promotions_worker_class_uq').on(t.workerId, t.trainingClassId),
    index('promotions_worker_year_idx').on(t.workerId, t.year),
    index('promotions_year_org_idx').on(t.year, t.orgId),
  ],
);

export const certificates = sqliteTable(
  'certificates',
  {
    id: id(),
    /** public verification code (unguessable) */
    code: text('code').notNull(),
    certificateNo: text('certificate_no').notNull(),
    workerId: integer('worker_id')
      .notNull()
      .references(() => users.id),
    level: text('level'),
    title: text('title'),
    sourceType: text('source_type', { enum: ['contest', 'training'] }).notNull(),
    eventId: integer('event_id').references(() => events.id),
    trainingClassId: integer('training_class_id').references(() => trainingClasses.id),
    issuedOn: text('issued_on').notNull(),
    /**
     * The holder as issued: name and masked resident ID (320202********1234) when the certificate was made. Verification
     * and the PDF show these, whatever the profile says later (api-contract.md § Identity and sessions).
     */
    holderName: text('holder_name'),
    holderResidentId: text('holder_resident_id'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('certificates_code_uq').on(t.code),
    uniqueIndex('certificates_no_uq').on(t.certificateNo),
    index('certificates_worker_idx').on(t.workerId),
  ],
);
