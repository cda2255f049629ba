import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './common';
import { users } from './users';

/** Append-only audit trail: every score, lock, registration and promotion change (who, when, old → new, why). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    at: text('at').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    reason: text('reason'),
    /** the contest event an entry is about (its marks, sheets, registrations, judges …): set by a trigger on insert */
    eventId: integer('event_id'),
    ...timestamps(),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId, t.id), index('audit_event_idx').on(t.eventId, t.id)],
);
