import { call } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/** The events whose quotas unions of the organizer's subtree hold (GET /api/quotas), one row per event. */
export const load: PageServerLoad = async (event) => {
  const held = await call(event, 'listMyQuotas', {});
  const byEvent = new Map<
    number,
    {
      eventId: number;
      contest: (typeof held)[number]['contest'];
      trade: (typeof held)[number]['trade'];
      open: boolean;
      quotas: typeof held;
    }
  >();
  for (const q of held) {
    const row = byEvent.get(q.eventId) ?? { eventId: q.eventId, contest: q.contest, trade: q.trade, open: q.open, quotas: [] };
    row.quotas.push(q);
    byEvent.set(q.eventId, row);
  }
  return { events: [...byEvent.values()] };
};
