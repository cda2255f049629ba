import type { Award } from '@gongjiang/domain';
import { ref, timestamps, type Kit } from '../kit';
import type { contestTables } from './contests';
import type { userTables } from './users';

export function judgingTables(
  k: Kit,
  { events, criteria, registrations, users }: ReturnType<typeof contestTables> & ReturnType<typeof userTables>,
) {
  /** A judge on an event; `submittedAt` set = the judge's sheet is locked. */
  const judgeAssignments = k.table(
    'judge_assignments',
    {
      id: k.id(),
      eventId: ref(k, 'event_id', () => events.id, { onDelete: 'cascade' }),
      judgeId: ref(k, 'judge_id', () => users.id),
      chief: k.bool('chief').notNull().default(false),
      submittedAt: k.time('submitted_at'),
      ...timestamps(k),
    },
    (t) => [
      k.uniqueIndex('judge_assignments_event_judge_uq').on(t.eventId, t.judgeId),
      k.index('judge_assignments_judge_idx').on(t.judgeId),
    ],
  );

  /** One judge's mark for one contestant on one criterion; resends overwrite (idempotent). */
  const scores = k.table(
    'scores',
    {
      id: k.id(),
      eventId: ref(k, 'event_id', () => events.id, { onDelete: 'cascade' }),
      registrationId: ref(k, 'registration_id', () => registrations.id),
      judgeId: ref(k, 'judge_id', () => users.id),
      criterionId: ref(k, 'criterion_id', () => criteria.id),
      score: k.real('score').notNull(),
      ...timestamps(k),
    },
    (t) => [
      k.uniqueIndex('scores_cell_uq').on(t.registrationId, t.judgeId, t.criterionId),
      // covering: an event's marks (the results) and a judge's marks on it are read from the index alone, in one
      // range, without a table lookup per mark (1,000 × 7 × 10 marks: ~15 ms instead of ~25 ms on SQLite)
      k.index('scores_event_judge_idx').on(t.eventId, t.judgeId, t.registrationId, t.criterionId, t.score),
    ],
  );

  const theoryScores = k.table(
    'theory_scores',
    {
      id: k.id(),
      eventId: ref(k, 'event_id', () => events.id, { onDelete: 'cascade' }),
      registrationId: ref(k, 'registration_id', () => registrations.id),
      score: k.real('score').notNull(),
      ...timestamps(k),
    },
    (t) => [k.uniqueIndex('theory_scores_registration_uq').on(t.registrationId), k.index('theory_scores_event_idx').on(t.eventId)],
  );

  /** Published results, frozen at publication (what promotions and reports read). */
  const results = k.table(
    'results',
    {
      id: k.id(),
      eventId: ref(k, 'event_id', () => events.id, { onDelete: 'cascade' }),
      registrationId: ref(k, 'registration_id', () => registrations.id),
      workerId: ref(k, 'worker_id', () => users.id),
      rank: k.int('rank').notNull(),
      theory: k.real('theory').notNull(),
      practical: k.real('practical').notNull(),
      total: k.real('total').notNull(),
      passed: k.bool('passed').notNull(),
      award: k.text('award').$type<Award>(),
      tied: k.bool('tied').notNull().default(false),
      ...timestamps(k),
    },
    (t) => [k.uniqueIndex('results_registration_uq').on(t.registrationId), k.index('results_event_rank_idx').on(t.eventId, t.rank)],
  );
  return { judgeAssignments, scores, theoryScores, results };
}
