import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { apiFor } from '$lib/server/api';
import { failFromApi, requireUser, text } from '$lib/server/forms';
import type { CheckInResult } from '$lib/types/training';
import type { Actions, PageServerLoad } from './$types';

/**
 * A worker's self check-in at a training session: `/checkin?t=<token>` (or the code `GJS1:<token>`
 * typed or pasted). Opening the page records nothing; the button posts the form.
 */
export const load: PageServerLoad = (event) => {
  requireUser(event);
  return { code: (event.url.searchParams.get('t') ?? '').trim().slice(0, 200) };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const code = text(await event.request.formData(), 'code').slice(0, 200);
    if (!code) return fail(400, { message: m.training_checkin_code_required(), code });
    try {
      const result = await apiFor(event).post<CheckInResult>('/trainings/check-in', { token: code });
      return { result, code };
    } catch (e) {
      return failFromApi(e, { code });
    }
  },
};
