import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, id, timestamps } from './common';
import { organisations } from './organisations';
import { trades } from './trades';
import { users } from './users';

export const contests = sqliteTable(
  'contests',
  {
    id: id(),
    title: text('title').notNull(),
    description: text('description'),
    tier: text('tier', { enum: ['city', 'district', 'enterprise'] }).notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organisations.id),
    inPlan: bool('in_plan').notNull().default(false),
    status: text('status', { enum: ['draft', 'published', 'cancelled'] })
      .notNull()
      .default('draft'),
    venue: text('venue'),
    registrationOpensAt: text('registration_opens_at').notNull(),
    registrationClosesAt: text('registration_closes_at').notNull(),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    index('contests_status_starts_idx').on(t.status, t.startsAt),
    index('contests_org_starts_idx').on(t.orgId, t.startsAt),
  ],
);

/** 赛项: one trade within a contest. `taken` is the seat counter (confirmed + pending) — engineering-notes.md § Seats. */
export const events = sqliteTable(
  'events',
  {
    id: id(),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    tradeId: integer('trade_id')
      .notNull()
      .references(() => trades.id),
    targetLevel: text('target_level'),
    capacity: integer('capacity').notNull(),
    taken: integer('taken').notNull().default(0),
    confirmedCount: integer('confirmed_count').notNull().default(0),
    waitlistedCount: integer('waitlisted_count').notNull().default(0),
    /** last waiting-list sequence number issued (arrival order) */
    waitlistSeq: integer('waitlist_seq').notNull().default(0),
    requiresApproval: bool('requires_approval').notNull().default(false),
    minLevel: text('min_level'),
    maxLevel: text('max_level'),
    minAge: integer('min_age'),
    maxAge: integer('max_age'),
    unionMemberOnly: bool('union_member_only').notNull().default(true),
    theoryWeight: real('theory_weight').notNull().default(0.3),
    practicalWeight: real('practical_weight').notNull().default(0.7),
    aggregation: text('aggregation', { enum: ['mean', 'trimmed', 'median'] })
      .notNull()
      .default('mean'),
    passMark: real('pass_mark').notNull().default(60),
    awards: text('awards', { mode: 'json' }).$type<Record<string, unknown>>(),
    venue: text('venue'),
    drawSeed: text('draw_seed'),
    drawnAt: text('drawn_at'),
    resultsPublishedAt: text('results_published_at'),
    promotionsAppliedAt: text('promotions_applied_at'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('events_contest_trade_uq').on(t.contestId, t.tradeId), index('events_trade_idx').on(t.tradeId)],
);

export const criteria = sqliteTable(
  'criteria',
  {
    id: id(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    maxScore: real('max_score').notNull(),
    kind: text('kind', { enum: ['score', 'measurement', 'judgement'] }).notNull(),
    ...timestamps(),
  },
  (t) => [index('criteria_event_idx').on(t.eventId, t.position)],
);

export const promotionRules = sqliteTable(
  'promotion_rules',
  {
    id: id(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    fromRank: integer('from_rank'),
    toRank: integer('to_rank'),
    topPercent: real('top_percent'),
    targetLevel: text('target_level').notNull(),
    capLevel: text('cap_level').notNull(),
    title: text('title'),
    ...timestamps(),
  },
  (t) => [index('promotion_rules_event_idx').on(t.eventId, t.position)],
);

export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected'] as const;

export const registrations = sqliteTable(
  'registrations',
  {
    id: id(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    workerId: integer('worker_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: REGISTRATION_STATUSES }).notNull(),
    /** arrival order on the waiting list; position = rank among waitlisted by this */
    waitlistSeq: integer('waitlist_seq'),
    bib: text('bib'),
    /** secret printed as the admission ticket's QR payload */
    ticketCode: text('ticket_code').notNull(),
    checkedInAt: text('checked_in_at'),
    reason: text('reason'),
    ...timestamps(),
  },
  (t) => [
    // One live registration per worker per event — double registration impossible at the database level.
    uniqueIndex('registrations_event_worker_live_uq')
      .on(t.eventId, t.workerId)
      .where(sql`status in ('pending','confirmed','waitlisted')`),
    uniqueIndex('registrations_event_bib_uq').on(t.eventId, t.bib),
    uniqueIndex('registrations_ticket_code_uq').on(t.ticketCode),
    index('registrations_event_status_idx').on(t.eventId, t.status, t.waitlistSeq),
    index('registrations_worker_idx').on(t.workerId, t.createdAt),
  ],
);
