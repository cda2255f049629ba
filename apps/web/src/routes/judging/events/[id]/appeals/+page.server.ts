import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { requireUser } from '$lib/server/forms';
import { decideAppeal } from '$lib/appeals/decide.server';
import type { Actions, PageServerLoad } from './$types';

/** The chief judge's appeals (申诉) of one event: the API answers only the event's chief judge (another judge 403, anyone else 404). */
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!user.roles.includes('judge')) error(403, m.error_forbidden());
  const eventId = Number(event.params.id);
  if (!Number.isInteger(eventId) || eventId <= 0) error(404, m.error_not_found());
  try {
    const [appeals, info] = await Promise.all([
      call(event, 'listEventAppeals', { params: { id: eventId } }),
      call(event, 'getResultsInfo', { params: { id: eventId } }),
    ]);
    return { eventId, appeals, info };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) error(404, m.error_not_found());
    throw e;
  }
};

export const actions: Actions = { decide: decideAppeal };
