import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, apiFor } from '$lib/server/api';
import { failFromApi } from '$lib/server/forms';
import { idParam, requireOrganizer } from '$lib/components/training/organizer.server';
import type { PromotionPreview } from '$lib/types/training';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireOrganizer(event);
  const id = idParam(event.params.eventId);
  try {
    return { eventId: id, preview: await apiFor(event).get<PromotionPreview>(`/events/${id}/promotions/preview`), message: null };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 404 || e.status === 403) error(404, m.error_not_found());
    // 409 RESULTS_NOT_PUBLISHED and the like: say why on the page
    return { eventId: id, preview: null, message: e.message };
  }
};

export const actions: Actions = {
  default: async (event) => {
    requireOrganizer(event);
    const id = idParam(event.params.eventId);
    try {
      const applied = await apiFor(event).post<unknown[]>(`/events/${id}/promotions`);
      return { applied: applied.length };
    } catch (e) {
      return failFromApi(e, {});
    }
  },
};
