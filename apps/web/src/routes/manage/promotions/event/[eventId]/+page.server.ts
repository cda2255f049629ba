import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, apiFor } from '$lib/server/api';
import { failFromApi } from '$lib/server/forms';
import { idParam, requireOrganizer } from '$lib/components/training/organizer.server';
import type { PromotionEvent, PromotionPreview } from '$lib/types/training';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireOrganizer(event);
  const id = idParam(event.params.eventId);
  const api = apiFor(event);
  // which contest and trade this is (the heading); the page still works without it
  const about = api.get<PromotionEvent>(`/events/${id}`).catch(() => null);
  try {
    const preview = await api.get<PromotionPreview>(`/events/${id}/promotions/preview`);
    return { eventId: id, event: await about, preview, message: null };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 404 || e.status === 403) error(404, m.error_not_found());
    // 409 RESULTS_NOT_PUBLISHED and the like: say why on the page
    return { eventId: id, event: await about, preview: null, message: e.message };
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
