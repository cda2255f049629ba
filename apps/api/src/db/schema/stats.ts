import { integer, sqliteTable, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './common';
import { organisations } from './organisations';
import { users } from './users';

/*
 * Summaries behind the annual report (domain.md § The annual report). They are never written by
 * application code: SQLite triggers (drizzle/0002_stats_triggers.sql, generated from
 * services/stats-sql.ts) keep them in the same transaction as every write to the rows they count,
 * and StatsService.rebuild() recomputes them from the raw tables with INSERT…SELECT.
 *
 * year/month: the Beijing calendar month of the date the report uses — the contest's start, the
 * class's first session, the promotion date. org_id: the owning organisation of the contest or
 * class (for promotions, the source's owner = promotions.org_id). Subtrees are summed at request time.
 */

/**
 * Counters per (year, organisation, trade, month). trade_id is the event's, the class's or the
 * promotion's trade; 0 stands for a promotion without one (hence no foreign key on it).
 * `contests` = published contests with an event in the trade (a contest of three trades counts in
 * three rows: the contest total lives in stats_contest_month).
 */
export const statsTradeMonth = sqliteTable(
  'stats_trade_month',
  {
    id: id(),
    year: integer('year').notNull(),
    month: integer('month').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organisations.id),
    tradeId: integer('trade_id').notNull(),
    contests: integer('contests').notNull().default(0),
    participants: integer('participants').notNull().default(0),
    trainingClasses: integer('training_classes').notNull().default(0),
    trainees: integer('trainees').notNull().default(0),
    promotions: integer('promotions').notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex('stats_trade_month_key_uq').on(t.year, t.orgId, t.tradeId, t.month)],
);

/** Published contests per (year, organisation, month of the start date). */
export const statsContestMonth = sqliteTable(
  'stats_contest_month',
  {
    id: id(),
    year: integer('year').notNull(),
    month: integer('month').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organisations.id),
    contests: integer('contests').notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex('stats_contest_month_key_uq').on(t.year, t.orgId, t.month)],
);

/**
 * Promotion records that took a worker into high-skill status, per (year, organisation, trade,
 * month, worker): highSkillPromotions counts people, so distinct workers over any subtree, trade or
 * month are counted from these rows (about one per such promotion — thousands a year, not millions).
 */
export const statsHighSkill = sqliteTable(
  'stats_high_skill',
  {
    id: id(),
    year: integer('year').notNull(),
    month: integer('month').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organisations.id),
    tradeId: integer('trade_id').notNull(),
    workerId: integer('worker_id')
      .notNull()
      .references(() => users.id),
    promotions: integer('promotions').notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex('stats_high_skill_key_uq').on(t.year, t.orgId, t.tradeId, t.month, t.workerId)],
);
