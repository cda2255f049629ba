import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { idParam, requireOrganizer } from '$lib/components/training/organizer.server';
import type { PageServerLoad } from './$types';

/**
 * The projector page of a class session: its check-in QR, large, changing every 30 s (the API draws a time-window code,
 * getSessionCheckInCode). With JavaScript the page asks again when the code changes and counts down; without, a
 * <meta refresh> reloads it then.
 */
export const load: PageServerLoad = async (event) => {
  requireOrganizer(event);
  const id = idParam(event.params.id);
  const sessionId = idParam(event.params.sessionId);
  event.depends('gj:check-in-code');
  try {
    const [training, code] = await Promise.all([
      call(event, 'getTraining', { params: { id } }),
      call(event, 'getSessionCheckInCode', { params: { id, sessionId } }),
    ]);
    const index = training.sessions.findIndex((s) => s.id === sessionId);
    if (index < 0) error(404, m.error_not_found());
    return { training: { id: training.id, title: training.title }, session: training.sessions[index]!, index, code };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) error(404, m.error_not_found());
    throw e;
  }
};
