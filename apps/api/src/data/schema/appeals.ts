import { sql } from 'drizzle-orm';
import { ref, timestamps, type Kit } from '../kit';
import type { contestTables } from './contests';
import type { userTables } from './users';

export const APPEAL_STATUSES = ['open', 'upheld', 'dismissed'] as const;

/** 申诉: a contestant's appeal of a published result (domain.md § Contests, "Appeals"). */
export function appealTables(k: Kit, { events, registrations, users }: ReturnType<typeof contestTables> & ReturnType<typeof userTables>) {
  const appeals = k.table(
    'appeals',
    {
      id: k.id(),
      eventId: ref(k, 'event_id', () => events.id, { onDelete: 'cascade' }),
      registrationId: ref(k, 'registration_id', () => registrations.id),
      workerId: ref(k, 'worker_id', () => users.id),
      reason: k.text('reason').notNull(),
      status: k.text('status', { enum: APPEAL_STATUSES }).notNull().default('open'),
      /** the publication the appeal is against (events.results_published_at when it was filed) */
      publishedAt: k.time('published_at').notNull(),
      decisionReason: k.text('decision_reason'),
      decidedBy: k.int('decided_by').references(() => users.id),
      decidedAt: k.time('decided_at'),
      ...timestamps(k),
    },
    (t) => [
      // one open appeal per registration at a time, enforced by the database
      k
        .uniqueIndex('appeals_registration_open_uq')
        .on(t.registrationId)
        .where(sql`status = 'open'`),
      k.index('appeals_event_idx').on(t.eventId, t.status),
      k.index('appeals_registration_idx').on(t.registrationId, t.id),
    ],
  );
  return { appeals };
}
