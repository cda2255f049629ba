import { ref, timestamps, type Kit } from '../kit';
import type { organisationTables } from './organisations';
import type { userTables } from './users';

export function statsTables(k: Kit, { organisations, users }: ReturnType<typeof organisationTables> & ReturnType<typeof userTables>) {
  /*
   * Summaries behind the annual report (domain.md § The annual report). They are never written by
   * application code: SQLite triggers (drizzle/sqlite/0002_stats_triggers.sql, generated from
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
  const statsTradeMonth = k.table(
    'stats_trade_month',
    {
      id: k.id(),
      year: k.int('year').notNull(),
      month: k.int('month').notNull(),
      orgId: ref(k, 'org_id', () => organisations.id),
      tradeId: k.int('trade_id').notNull(),
      contests: k.int('contests').notNull().default(0),
      participants: k.int('participants').notNull().default(0),
      trainingClasses: k.int('training_classes').notNull().default(0),
      trainees: k.int('trainees').notNull().default(0),
      promotions: k.int('promotions').notNull().default(0),
      ...timestamps(k),
    },
    (t) => [k.uniqueIndex('stats_trade_month_key_uq').on(t.year, t.orgId, t.tradeId, t.month)],
  );

  /** Published contests per (year, organisation, month of the start date). */
  const statsContestMonth = k.table(
    'stats_contest_month',
    {
      id: k.id(),
      year: k.int('year').notNull(),
      month: k.int('month').notNull(),
      orgId: ref(k, 'org_id', () => organisations.id),
      contests: k.int('contests').notNull().default(0),
      ...timestamps(k),
    },
    (t) => [k.uniqueIndex('stats_contest_month_key_uq').on(t.year, t.orgId, t.month)],
  );

  /**
   * Promotion records that took a worker into high-skill status, per (year, organisation, trade,
   * month, worker): highSkillPromotions counts people, so distinct workers over any subtree, trade or
   * month are counted from these rows (about one per such promotion — thousands a year, not millions).
   */
  const statsHighSkill = k.table(
    'stats_high_skill',
    {
      id: k.id(),
      year: k.int('year').notNull(),
      month: k.int('month').notNull(),
      orgId: ref(k, 'org_id', () => organisations.id),
      tradeId: k.int('trade_id').notNull(),
      workerId: ref(k, 'worker_id', () => users.id),
      promotions: k.int('promotions').notNull().default(0),
      ...timestamps(k),
    },
    (t) => [k.uniqueIndex('stats_high_skill_key_uq').on(t.year, t.orgId, t.tradeId, t.month, t.workerId)],
  );
  return { statsTradeMonth, statsContestMonth, statsHighSkill };
}
