import { ref, timestamps, type Kit } from '../kit';
import type { contestTables } from './contests';

/**
 * Stages (预赛 → 决赛; domain.md § Contests): a final's event names the preliminary events that feed it and how many of
 * each advance — exactly one of top_n or top_percent per row (domain qualifyRuleProblem). Set with the final's event
 * (`qualifiesFrom` on POST /api/contests/:id/events and PATCH /api/events/:id); POST /api/events/:id/advance reads it.
 * The registrations an advance makes record where they came from (registrations.qualified_from_event_id, qualified_rank).
 */
export function stageTables(k: Kit, { events }: ReturnType<typeof contestTables>) {
  const eventQualifications = k.table(
    'event_qualifications',
    {
      id: k.id(),
      finalEventId: ref(k, 'final_event_id', () => events.id, { onDelete: 'cascade' }),
      fromEventId: ref(k, 'from_event_id', () => events.id, { onDelete: 'cascade' }),
      /** the order the organizer listed the preliminaries in */
      position: k.int('position').notNull(),
      topN: k.int('top_n'),
      topPercent: k.real('top_percent'),
      ...timestamps(k),
    },
    (t) => [
      k.uniqueIndex('event_qualifications_final_from_uq').on(t.finalEventId, t.fromEventId),
      k.index('event_qualifications_from_idx').on(t.fromEventId),
    ],
  );
  return { eventQualifications };
}
