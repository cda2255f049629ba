import { fail, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { apiFor } from '$lib/server/api';
import { requireUser } from '$lib/server/forms';
import { CONTEST_PATHS, contestBody, contestValues, failWithApiError } from '$lib/components/contests/forms.server';
import { ownerOptions } from '$lib/components/contests/manage.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { manager } = await event.parent();
  return { orgs: await ownerOptions(event, manager) };
};

export const actions: Actions = {
  default: async (event) => {
    const user = requireUser(event);
    if (!user.roles.includes('organizer') && !user.roles.includes('admin'))
      return fail(403, { message: m.error_forbidden(), errors: {}, values: null });
    const values = contestValues(await event.request.formData());
    const { body, errors } = contestBody(values);
    if (Object.keys(errors).length) return fail(400, { message: m.form_errors_summary(), errors, values });
    let id: number;
    try {
      ({ id } = await apiFor(event).post<{ id: number }>('/contests', body));
    } catch (e) {
      return failWithApiError(e, values, CONTEST_PATHS);
    }
    redirect(303, `/manage/contests/${id}?created=1`);
  },
};
