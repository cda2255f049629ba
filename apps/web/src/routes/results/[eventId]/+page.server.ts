import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { idParam, orNotFound } from '$lib/server/forms';
import type { ResultsInfo as EventInfo, ResultRow } from '@gongjiang/contract';
import type { PageServerLoad } from './$types';

/**
 * Public (no login). Before publication the API answers anonymous callers with an error rather than
 * rows, and organizers get rows without ranks; either way this page shows "not yet published" until
 * ranked rows with names come back (domain.md § Scoring: names are revealed only after publication).
 */
export const load: PageServerLoad = async (event) => {
  const eventId = idParam(event.params.eventId);
  // anonymous on purpose: an organizer looking at the public page sees what the public sees
  const info: EventInfo = await orNotFound(call(event, 'getResultsInfo', { params: { id: eventId } }, { token: null }));
  if (!info.published) return { eventId, info, published: false, rows: [] as ResultRow[] };
  try {
    const rows = await call(event, 'getResults', { params: { id: eventId } }, { token: null });
    const published = rows.length > 0 && rows.every((r) => r.rank !== null && r.name !== null);
    return { eventId, info, published, rows: published ? rows : [] };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 404 && e.code !== 'RESULTS_NOT_PUBLISHED') error(404, m.error_not_found());
    return { eventId, info, published: false, rows: [] as ResultRow[] };
  }
};
