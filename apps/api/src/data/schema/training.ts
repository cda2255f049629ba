import { sql } from 'drizzle-orm';
import { ref, timestamps, type Kit } from '../kit';
import type { organisationTables } from './organisations';
import type { userTables } from './users';

export const ENROLMENT_STATUSES = ['enrolled', 'waitlisted', 'cancelled'] as const;

export function trainingTables(
  k: Kit,
  { organisations, trades, users }: ReturnType<typeof organisationTables> & ReturnType<typeof userTables>,
) {
  const trainingClasses = k.table(
    'training_classes',
    {
      id: k.id(),
      title: k.text('title').notNull(),
      description: k.text('description'),
      tradeId: ref(k, 'trade_id', () => trades.id),
      targetLevel: k.text('target_level').notNull(),
      orgId: ref(k, 'org_id', () => organisations.id),
      status: k
        .text('status', { enum: ['draft', 'published', 'completed', 'cancelled'] })
        .notNull()
        .default('draft'),
      venue: k.text('venue'),
      capacity: k.int('capacity').notNull(),
      /** seat counter: enrolled (engineering-notes.md § Seats) */
      taken: k.int('taken').notNull().default(0),
      waitlistedCount: k.int('waitlisted_count').notNull().default(0),
      waitlistSeq: k.int('waitlist_seq').notNull().default(0),
      enrolOpensAt: k.time('enrol_opens_at').notNull(),
      enrolClosesAt: k.time('enrol_closes_at').notNull(),
      /** first session's start: the date a class is "held" in the annual report */
      firstSessionAt: k.time('first_session_at'),
      attendanceRequired: k.real('attendance_required').notNull().default(0.8),
      passMark: k.real('pass_mark').notNull().default(60),
      completedAt: k.time('completed_at'),
      createdBy: k.int('created_by').references(() => users.id),
      ...timestamps(k),
    },
    (t) => [
      k.index('training_classes_status_first_idx').on(t.status, t.firstSessionAt),
      k.index('training_classes_org_first_idx').on(t.orgId, t.firstSessionAt),
    ],
  );

  const trainingSessions = k.table(
    'training_sessions',
    {
      id: k.id(),
      classId: ref(k, 'class_id', () => trainingClasses.id, { onDelete: 'cascade' }),
      startsAt: k.time('starts_at').notNull(),
      endsAt: k.time('ends_at').notNull(),
      /** secret in the per-session QR code workers scan to check themselves in */
      checkInToken: k.text('check_in_token').notNull(),
      ...timestamps(k),
    },
    (t) => [
      k.index('training_sessions_class_idx').on(t.classId, t.startsAt),
      k.uniqueIndex('training_sessions_token_uq').on(t.checkInToken),
    ],
  );

  const enrolments = k.table(
    'enrolments',
    {
      id: k.id(),
      classId: ref(k, 'class_id', () => trainingClasses.id, { onDelete: 'cascade' }),
      workerId: ref(k, 'worker_id', () => users.id),
      status: k.text('status', { enum: ENROLMENT_STATUSES }).notNull(),
      waitlistSeq: k.int('waitlist_seq'),
      /** set by completion: true = 结业 */
      completed: k.bool('completed'),
      ...timestamps(k),
    },
    (t) => [
      k
        .uniqueIndex('enrolments_class_worker_live_uq')
        .on(t.classId, t.workerId)
        .where(sql`status in ('enrolled','waitlisted')`),
      k.index('enrolments_class_status_idx').on(t.classId, t.status, t.waitlistSeq),
      k.index('enrolments_worker_idx').on(t.workerId),
    ],
  );

  const attendance = k.table(
    'attendance',
    {
      id: k.id(),
      sessionId: ref(k, 'session_id', () => trainingSessions.id, { onDelete: 'cascade' }),
      enrolmentId: ref(k, 'enrolment_id', () => enrolments.id, { onDelete: 'cascade' }),
      status: k.text('status', { enum: ['present', 'late', 'absent', 'excused'] }).notNull(),
      ...timestamps(k),
    },
    (t) => [
      k.uniqueIndex('attendance_session_enrolment_uq').on(t.sessionId, t.enrolmentId),
      k.index('attendance_enrolment_idx').on(t.enrolmentId),
    ],
  );

  const examScores = k.table(
    'exam_scores',
    {
      id: k.id(),
      enrolmentId: ref(k, 'enrolment_id', () => enrolments.id, { onDelete: 'cascade' }),
      theory: k.real('theory').notNull(),
      practical: k.real('practical').notNull(),
      ...timestamps(k),
    },
    (t) => [k.uniqueIndex('exam_scores_enrolment_uq').on(t.enrolmentId)],
  );
  return { trainingClasses, trainingSessions, enrolments, attendance, examScores };
}
