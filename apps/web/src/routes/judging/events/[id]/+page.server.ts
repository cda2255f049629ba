import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { requireUser } from '$lib/server/forms';
import type { JudgingAssignment as Assignment } from '@gongjiang/contract';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!user.roles.includes('judge')) error(403, m.error_forbidden());
  const eventId = Number(event.params.id);
  if (!Number.isInteger(eventId) || eventId <= 0) error(404, m.error_not_found());
  try {
    const [sheet, assignments] = await Promise.all([
      call(event, 'getScoreSheet', { params: { id: eventId } }),
      call(event, 'listMyJudgingEvents', {}).catch((): Assignment[] => []),
    ]);
    return { eventId, sheet, assignment: assignments.find((a) => a.eventId === eventId) ?? null };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, m.error_not_found());
    throw e;
  }
};
