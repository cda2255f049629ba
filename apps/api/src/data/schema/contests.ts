import { sql } from 'drizzle-orm';
import { ref, timestamps, type Kit } from '../kit';
import type { organisationTables } from './organisations';
import type { userTables } from './users';

export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected'] as const;

export function contestTables(
  k: Kit,
  { organisations, trades, users }: ReturnType<typeof organisationTables> & ReturnType<typeof userTables>,
) {
  const contests = k.table(
    'contests',
    {
      id: k.id(),
      title: k.text('title').notNull(),
      description: k.text('description'),
      tier: k.text('tier', { enum: ['city', 'district', 'enterprise'] }).notNull(),
      orgId: ref(k, 'org_id', () => organisations.id),
      inPlan: k.bool('in_plan').notNull().default(false),
      status: k
        .text('status', { enum: ['draft', 'published', 'cancelled'] })
        .notNull()
        .default('draft'),
      venue: k.text('venue'),
      registrationOpensAt: k.time('registration_opens_at').notNull(),
      registrationClosesAt: k.time('registration_closes_at').notNull(),
      startsAt: k.time('starts_at').notNull(),
      endsAt: k.time('ends_at').notNull(),
      createdBy: k.int('created_by').references(() => users.id),
      ...timestamps(k),
    },
    (t) => [k.index('contests_status_starts_idx').on(t.status, t.startsAt), k.index('contests_org_starts_idx').on(t.orgId, t.startsAt)],
  );

  /** 赛项: one trade within a contest. `taken` is the seat counter (confirmed + pending) — engineering-notes.md § Seats. */
  const events = k.table(
    'events',
    {
      id: k.id(),
      contestId: ref(k, 'contest_id', () => contests.id, { onDelete: 'cascade' }),
      tradeId: ref(k, 'trade_id', () => trades.id),
      targetLevel: k.text('target_level'),
      capacity: k.int('capacity').notNull(),
      taken: k.int('taken').notNull().default(0),
      confirmedCount: k.int('confirmed_count').notNull().default(0),
      waitlistedCount: k.int('waitlisted_count').notNull().default(0),
      /** last waiting-list sequence number issued (arrival order) */
      waitlistSeq: k.int('waitlist_seq').notNull().default(0),
      requiresApproval: k.bool('requires_approval').notNull().default(false),
      minLevel: k.text('min_level'),
      maxLevel: k.text('max_level'),
      minAge: k.int('min_age'),
      maxAge: k.int('max_age'),
      unionMemberOnly: k.bool('union_member_only').notNull().default(true),
      theoryWeight: k.real('theory_weight').notNull().default(0.3),
      practicalWeight: k.real('practical_weight').notNull().default(0.7),
      aggregation: k
        .text('aggregation', { enum: ['mean', 'trimmed', 'median'] })
        .notNull()
        .default('mean'),
      passMark: k.real('pass_mark').notNull().default(60),
      awards: k.json('awards').$type<Record<string, unknown>>(),
      venue: k.text('venue'),
      drawSeed: k.text('draw_seed'),
      drawnAt: k.time('drawn_at'),
      resultsPublishedAt: k.time('results_published_at'),
      promotionsAppliedAt: k.time('promotions_applied_at'),
      ...timestamps(k),
      /** hours after publication within which a contestant may appeal (decimals allowed; domain DEFAULT_APPEAL_HOURS) */
      appealHours: k.real('appeal_hours').notNull().default(24),
      /** when an upheld appeal last withdrew the published results (null when never, or published anew since) */
      resultsWithdrawnAt: k.time('results_withdrawn_at'),
      /** who may register: open (workers themselves) · nomination (only unions' nominations) · both */
      registrationMode: k
        .text('registration_mode', { enum: ['open', 'nomination', 'both'] })
        .notNull()
        .default('open'),
      /** seats held back for quotas and not yet used (Σ max(0, seats − used) of event_quotas): never open to self-registration */
      reserved: k.int('quota_reserved').notNull().default(0),
    },
    (t) => [k.uniqueIndex('events_contest_trade_uq').on(t.contestId, t.tradeId), k.index('events_trade_idx').on(t.tradeId)],
  );

  const criteria = k.table(
    'criteria',
    {
      id: k.id(),
      eventId: ref(k, 'event_id', () => events.id, { onDelete: 'cascade' }),
      position: k.int('position').notNull(),
      name: k.text('name').notNull(),
      maxScore: k.real('max_score').notNull(),
      kind: k.text('kind', { enum: ['score', 'measurement', 'judgement'] }).notNull(),
      ...timestamps(k),
    },
    (t) => [k.index('criteria_event_idx').on(t.eventId, t.position)],
  );

  const promotionRules = k.table(
    'promotion_rules',
    {
      id: k.id(),
      eventId: ref(k, 'event_id', () => events.id, { onDelete: 'cascade' }),
      position: k.int('position').notNull(),
      fromRank: k.int('from_rank'),
      toRank: k.int('to_rank'),
      topPercent: k.real('top_percent'),
      targetLevel: k.text('target_level').notNull(),
      capLevel: k.text('cap_level').notNull(),
      title: k.text('title'),
      ...timestamps(k),
    },
    (t) => [k.index('promotion_rules_event_idx').on(t.eventId, t.position)],
  );

  const registrations = k.table(
    'registrations',
    {
      id: k.id(),
      eventId: ref(k, 'event_id', () => events.id, { onDelete: 'cascade' }),
      workerId: ref(k, 'worker_id', () => users.id),
      status: k.text('status', { enum: REGISTRATION_STATUSES }).notNull(),
      /** arrival order on the waiting list; position = rank among waitlisted by this */
      waitlistSeq: k.int('waitlist_seq'),
      bib: k.text('bib'),
      /** secret printed as the admission ticket's QR payload */
      ticketCode: k.text('ticket_code').notNull(),
      checkedInAt: k.time('checked_in_at'),
      reason: k.text('reason'),
      ...timestamps(k),
      /** a finalist registered by POST /api/events/:id/advance: the preliminary event they qualified from (data/schema/stages.ts) */
      qualifiedFromEventId: k.int('qualified_from_event_id').references(() => events.id, { onDelete: 'set null' }),
      /** their rank in that preliminary's published results */
      qualifiedRank: k.int('qualified_rank'),
      /** the organizer who nominated the worker (单位推荐); null for a self-registration */
      nominatedBy: k.int('nominated_by').references(() => users.id),
      /** the union whose quota the nomination uses; null for an open seat */
      quotaOrgId: k.int('quota_org_id').references(() => organisations.id),
    },
    (t) => [
      // One live registration per worker per event — double registration impossible at the database level.
      k
        .uniqueIndex('registrations_event_worker_live_uq')
        .on(t.eventId, t.workerId)
        .where(sql`status in ('pending','confirmed','waitlisted')`),
      k.uniqueIndex('registrations_event_bib_uq').on(t.eventId, t.bib),
      k.uniqueIndex('registrations_ticket_code_uq').on(t.ticketCode),
      k.index('registrations_event_status_idx').on(t.eventId, t.status, t.waitlistSeq),
      k.index('registrations_worker_idx').on(t.workerId, t.createdAt),
    ],
  );
  return { contests, events, criteria, promotionRules, registrations };
}
