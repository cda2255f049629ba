import { error, fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { confirmed, failFromApi } from '$lib/server/forms';
import { idParam, requireOrganizer } from '$lib/components/training/organizer.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireOrganizer(event);
  const id = idParam(event.params.eventId);
  // which contest and trade this is (the heading); the page still works without it
  const about = call(event, 'getEvent', { params: { id } }).catch(() => null);
  try {
    const preview = await call(event, 'previewPromotions', { params: { id } });
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
    if (!confirmed(await event.request.formData())) return fail(400, { message: m.confirm_required() });
    try {
      const applied = await call(event, 'applyPromotions', { params: { id } });
      return { applied: applied.length };
    } catch (e) {
      return failFromApi(e, {});
    }
  },
};
