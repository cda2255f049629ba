import { fail, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { call } from '$lib/server/api';
import { requireUser } from '$lib/server/forms';
import { CONTEST_PATHS, contestBody, contestValues, failWithApiError } from '$lib/components/contests/forms.server';
import { managerOf, ownerOptions, ownerScope } from '$lib/components/contests/manage.server';
import { orgSearchFromForm } from '$lib/server/orgs';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { manager } = await event.parent();
  return { orgs: await ownerOptions(event, manager), orgScope: ownerScope(manager) };
};

export const actions: Actions = {
  /** The owner picker's Find button without JavaScript: the form comes back as typed, with the matches. */
  findOrg: async (event) => {
    const user = requireUser(event);
    const data = await event.request.formData();
    const scope = ownerScope(managerOf(user));
    return { values: contestValues(data), orgSearch: await orgSearchFromForm(event, data, 'orgId', scope) };
  },
  create: async (event) => {
    const user = requireUser(event);
    if (!user.roles.includes('organizer') && !user.roles.includes('admin'))
      return fail(403, { message: m.error_forbidden(), errors: {}, values: null });
    const values = contestValues(await event.request.formData());
    const { body, errors } = contestBody(values);
    if (Object.keys(errors).length) return fail(400, { message: m.form_errors_summary(), errors, values });
    let id: number;
    try {
      ({ id } = await call(event, 'createContest', { body }));
    } catch (e) {
      return failWithApiError(e, values, CONTEST_PATHS);
    }
    redirect(303, `/manage/contests/${id}?created=1`);
  },
};
