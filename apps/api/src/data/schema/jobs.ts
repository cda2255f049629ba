import { sql } from 'drizzle-orm';
import { ref, timestamps, type Kit } from '../kit';
import type { userTables } from './users';

export const JOB_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The durable job queue (services/jobs.ts) and the in-app notifications its handlers write.
 *
 * jobs: the transactional outbox — a change writes its job row through the same transaction (so a rolled-back change
 * enqueues nothing and a committed one is never lost); every API process claims due rows (PostgreSQL: FOR UPDATE SKIP
 * LOCKED; SQLite: one conditional UPDATE … RETURNING) under a lease (`locked_until`) and runs them outside that
 * transaction. `dedupe_key`, when set, makes a second enqueue of the same job a no-op (a retried handler that enqueues
 * follow-up jobs, the periodic reminder scan started by every process).
 *
 * notifications: one row per person and event, `dedupe_key` (`type:subject:user`) unique, written with
 * INSERT … ON CONFLICT DO NOTHING — a job run twice or by two processes still leaves exactly one.
 */
export function jobTables(k: Kit, { users }: ReturnType<typeof userTables>) {
  const jobs = k.table(
    'jobs',
    {
      id: k.id(),
      kind: k.text('kind').notNull(),
      payload: k.json('payload').$type<Record<string, unknown>>().notNull(),
      dedupeKey: k.text('dedupe_key'),
      status: k.text('status', { enum: JOB_STATUSES }).notNull().default('pending'),
      attempts: k.int('attempts').notNull().default(0),
      maxAttempts: k.int('max_attempts').notNull().default(5),
      runAt: k.time('run_at').notNull(),
      lockedUntil: k.time('locked_until'),
      lastError: k.text('last_error'),
      finishedAt: k.time('finished_at'),
      ...timestamps(k),
    },
    (t) => [
      k.uniqueIndex('jobs_dedupe_uq').on(t.dedupeKey),
      // the claim's range: due rows that are pending or whose lease ran out
      k
        .index('jobs_due_idx')
        .on(t.runAt)
        .where(sql`status in ('pending', 'running')`),
      k.index('jobs_status_idx').on(t.status, t.id),
    ],
  );

  const notifications = k.table(
    'notifications',
    {
      id: k.id(),
      userId: ref(k, 'user_id', () => users.id, { onDelete: 'cascade' }),
      type: k.text('type').notNull(),
      title: k.text('title').notNull(),
      body: k.text('body').notNull(),
      link: k.text('link'),
      dedupeKey: k.text('dedupe_key').notNull(),
      readAt: k.time('read_at'),
      ...timestamps(k),
    },
    (t) => [
      k.uniqueIndex('notifications_dedupe_uq').on(t.dedupeKey),
      k.index('notifications_user_idx').on(t.userId, t.id),
      k
        .index('notifications_unread_idx')
        .on(t.userId)
        .where(sql`read_at is null`),
    ],
  );
  return { jobs, notifications };
}
