import { error, fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { call } from '$lib/server/api';
import { idParam, orNotFound, refused, requireUser, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** How many of the organizer's workers a search lists. */
const WORKERS_SHOWN = 50;

/**
 * A union organizer nominates their workers for one event: the event's quotas they can see, a search of the workers of
 * their subtree (GET /api/users?role=worker), ticks, and the outcome per worker.
 */
export const load: PageServerLoad = async (event) => {
  const eventId = idParam(event.params.eventId);
  const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const [held, quotas, workers] = await Promise.all([
    call(event, 'listMyQuotas', {}),
    orNotFound(call(event, 'listEventQuotas', { params: { id: eventId } })),
    call(event, 'listUsers', { query: { role: 'worker', q: q || undefined, page: 1, pageSize: WORKERS_SHOWN } }),
  ]);
  const info = held.find((h) => h.eventId === eventId);
  if (!info) error(404, m.error_not_found());
  return { eventId, info, quotas, workers: workers.items, more: workers.total > workers.items.length, q, shown: WORKERS_SHOWN };
};

export const actions: Actions = {
  nominate: async (event) => {
    requireUser(event);
    const eventId = idParam(event.params.eventId);
    const data = await event.request.formData();
    const ids = [...new Set(data.getAll('workerIds').map(Number))].filter((n) => Number.isInteger(n) && n > 0);
    if (!ids.length) return fail(400, { ok: false, message: m.nom_none_selected(), items: [] });
    const names = Object.fromEntries(ids.map((id) => [id, text(data, `name_${id}`) || `#${id}`]));
    try {
      const res = await call(event, 'nominateWorkers', { params: { id: eventId }, body: { workerIds: ids } });
      return { ok: true, message: null, items: res.items.map((i) => ({ ...i, name: names[i.workerId] ?? `#${i.workerId}` })) };
    } catch (e) {
      return refused(e, { ok: false, items: [] });
    }
  },
};
