import { call } from '$lib/server/api';
import { idParam, orNotFound, requireRole } from '$lib/server/forms';
import { decideAppeal } from '$lib/appeals/decide.server';
import type { Actions, PageServerLoad } from './$types';

/** The chief judge's appeals (申诉) of one event: the API answers only the event's chief judge (another judge 403, anyone else 404). */
export const load: PageServerLoad = async (event) => {
  requireRole(event, 'judge');
  const eventId = idParam(event.params.id);
  const [appeals, info] = await orNotFound(
    Promise.all([call(event, 'listEventAppeals', { params: { id: eventId } }), call(event, 'getResultsInfo', { params: { id: eventId } })]),
    { alsoForbidden: true },
  );
  return { eventId, appeals, info };
};

export const actions: Actions = { decide: decideAppeal };
