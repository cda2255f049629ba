import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, id, timestamps } from './common';
import { criteria, events, registrations } from './contests';
import { users } from './users';

/** A judge on an event; `submittedAt` set = the judge's sheet is locked. */
export const judgeAssignments = sqliteTable(
  'judge_assignments',
  {
    id: id(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    judgeId: integer('judge_id')
      .notNull()
      .references(() => users.id),
    chief: bool('chief').notNull().default(false),
    submittedAt: text('submitted_at'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('judge_assignments_event_judge_uq').on(t.eventId, t.judgeId), index('judge_assignments_judge_idx').on(t.judgeId)],
);

/** One judge's mark for one contestant on one criterion; resends overwrite (idempotent). */
export const scores = sqliteTable(
  'scores',
  {
    id: id(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    registrationId: integer('registration_id')
      .notNull()
      .references(() => registrations.id),
    judgeId: integer('judge_id')
      .notNull()
      .references(() => users.id),
    criterionId: integer('criterion_id')
      .notNull()
      .references(() => criteria.id),
    score: real('score').notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('scores_cell_uq').on(t.registrationId, t.judgeId, t.criterionId),
    index('scores_event_judge_idx').on(t.eventId, t.judgeId),
  ],
);

export const theoryScores = sqliteTable(
  'theory_scores',
  {
    id: id(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    registrationId: integer('registration_id')
      .notNull()
      .references(() => registrations.id),
    score: real('score').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('theory_scores_registration_uq').on(t.registrationId), index('theory_scores_event_idx').on(t.eventId)],
);

/** Published results, frozen at publication (what promotions and reports read). */
export const results = sqliteTable(
  'results',
  {
    id: id(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    registrationId: integer('registration_id')
      .notNull()
      .references(() => registrations.id),
    workerId: integer('worker_id')
      .notNull()
      .references(() => users.id),
    rank: integer('rank').notNull(),
    theory: real('theory').notNull(),
    practical: real('practical').notNull(),
    total: real('total').notNull(),
    passed: bool('passed').notNull(),
    award: text('award'),
    tied: bool('tied').notNull().default(false),
    ...timestamps(),
  },
  (t) => [uniqueIndex('results_registration_uq').on(t.registrationId), index('results_event_rank_idx').on(t.eventId, t.rank)],
);
