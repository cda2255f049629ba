import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, apiFor } from '$lib/server/api';
import { requireUser } from '$lib/server/forms';
import type { Assignment, Sheet } from '$lib/types/judging';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!user.roles.includes('judge')) error(403, m.error_forbidden());
  const eventId = Number(event.params.id);
  if (!Number.isInteger(eventId) || eventId <= 0) error(404, m.error_not_found());
  const api = apiFor(event);
  try {
    const [sheet, assignments] = await Promise.all([
      api.get<Sheet>(`/judging/events/${eventId}/sheet`),
      api.get<Assignment[]>('/judging/events').catch(() => [] as Assignment[]),
    ]);
    return { eventId, sheet, assignment: assignments.find((a) => a.eventId === eventId) ?? null };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, m.error_not_found());
    throw e;
  }
};
