import { timestamps, type Kit } from '../kit';
import type { userTables } from './users';

export function auditTables(k: Kit, { users }: ReturnType<typeof userTables>) {
  /** Append-only audit trail: every score, lock, registration and promotion change (who, when, old → new, why). */
  const auditLog = k.table(
    'audit_log',
    {
      id: k.id(),
      at: k.time('at').notNull(),
      actorId: k.int('actor_id').references(() => users.id),
      action: k.text('action').notNull(),
      entity: k.text('entity').notNull(),
      entityId: k.int('entity_id'),
      before: k.json('before'),
      after: k.json('after'),
      reason: k.text('reason'),
      /** the contest event an entry is about (its marks, sheets, registrations, judges …): set by a trigger on insert */
      eventId: k.int('event_id'),
      ...timestamps(k),
    },
    (t) => [k.index('audit_entity_idx').on(t.entity, t.entityId, t.id), k.index('audit_event_idx').on(t.eventId, t.id)],
  );
  return { auditLog };
}
