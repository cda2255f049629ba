import { ref, timestamps, type Kit } from '../kit';
import type { contestTables } from './contests';
import type { organisationTables } from './organisations';

/**
 * Seat quotas (名额分配): the seats of an event allotted to a union inside the event owner's subtree. `used` counts the
 * union's nominations that hold a seat (confirmed or pending); it and events.quota_reserved (Σ unused seats) change only
 * inside a transaction locked on the event (services/nominations.ts).
 */
export function quotaTables(k: Kit, { organisations, events }: ReturnType<typeof organisationTables> & ReturnType<typeof contestTables>) {
  const eventQuotas = k.table(
    'event_quotas',
    {
      id: k.id(),
      eventId: ref(k, 'event_id', () => events.id, { onDelete: 'cascade' }),
      orgId: ref(k, 'org_id', () => organisations.id),
      seats: k.int('seats').notNull(),
      used: k.int('used').notNull().default(0),
      ...timestamps(k),
    },
    (t) => [k.uniqueIndex('event_quotas_event_org_uq').on(t.eventId, t.orgId)],
  );
  return { eventQuotas };
}
