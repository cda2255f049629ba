import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './common';
import { organisations } from './organisations';
import { trades } from './trades';
import { users } from './users';

export const trainingClasses = sqliteTable(
  'training_classes',
  {
    id: id(),
    title: text('title').notNull(),
    description: text('description'),
    tradeId: integer('trade_id')
      .notNull()
      .references(() => trades.id),
    targetLevel: text('target_level').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organisations.id),
    status: text('status', { enum: ['draft', 'published', 'completed', 'cancelled'] })
      .notNull()
      .default('draft'),
    venue: text('venue'),
    capacity: integer('capacity').notNull(),
    /** seat counter: enrolled (engineering-notes.md § Seats) */
    taken: integer('taken').notNull().default(0),
    waitlistedCount: integer('waitlisted_count').notNull().default(0),
    waitlistSeq: integer('waitlist_seq').notNull().default(0),
    enrolOpensAt: text('enrol_opens_at').notNull(),
    enrolClosesAt: text('enrol_closes_at').notNull(),
    /** first session's start: the date a class is "held" in the annual report */
    firstSessionAt: text('first_session_at'),
    attendanceRequired: real('attendance_required').notNull().default(0.8),
    passMark: real('pass_mark').notNull().default(60),
    completedAt: text('completed_at'),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    index('training_classes_status_first_idx').on(t.status, t.firstSessionAt),
    index('training_classes_org_first_idx').on(t.orgId, t.firstSessionAt),
  ],
);

export const trainingSessions = sqliteTable(
  'training_sessions',
  {
    id: id(),
    classId: integer('class_id')
      .notNull()
      .references(() => trainingClasses.id, { onDelete: 'cascade' }),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    /** secret in the per-session QR code workers scan to check themselves in */
    checkInToken: text('check_in_token').notNull(),
    ...timestamps(),
  },
  (t) => [index('training_sessions_class_idx').on(t.classId, t.startsAt), uniqueIndex('training_sessions_token_uq').on(t.checkInToken)],
);

export const ENROLMENT_STATUSES = ['enrolled', 'waitlisted', 'cancelled'] as const;

export const enrolments = sqliteTable(
  'enrolments',
  {
    id: id(),
    classId: integer('class_id')
      .notNull()
      .references(() => trainingClasses.id, { onDelete: 'cascade' }),
    workerId: integer('worker_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ENROLMENT_STATUSES }).notNull(),
    waitlistSeq: integer('waitlist_seq'),
    /** set by completion: true = 结业 */
    completed: integer('completed', { mode: 'boolean' }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('enrolments_class_worker_live_uq')
      .on(t.classId, t.workerId)
      .where(sql`status in ('enrolled','waitlisted')`),
    index('enrolments_class_status_idx').on(t.classId, t.status, t.waitlistSeq),
    index('enrolments_worker_idx').on(t.workerId),
  ],
);

export const attendance = sqliteTable(
  'attendance',
  {
    id: id(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    enrolmentId: integer('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['present', 'late', 'absent', 'excused'] }).notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('attendance_session_enrolment_uq').on(t.sessionId, t.enrolmentId), index('attendance_enrolment_idx').on(t.enrolmentId)],
);

export const examScores = sqliteTable(
  'exam_scores',
  {
    id: id(),
    enrolmentId: integer('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    theory: real('theory').notNull(),
    practical: real('practical').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('exam_scores_enrolment_uq').on(t.enrolmentId)],
);
