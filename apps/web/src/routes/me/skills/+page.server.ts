import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { failFromApi, requireUser, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** A list the page can live without: [] when its endpoint fails. */
async function orEmpty<T>(p: Promise<T[]>): Promise<T[]> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError) return [];
    throw e;
  }
}

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const isWorker = user.roles.includes('worker');
  if (!isWorker) return { me: user, isWorker, history: [], certificates: [], enrolments: [] };
  const [history, certificates, enrolments] = await Promise.all([
    orEmpty(call(event, 'getSkillHistory', { params: { id: user.id } })),
    orEmpty(call(event, 'listMyCertificates', {})),
    orEmpty(call(event, 'listMyEnrolments', {})),
  ]);
  return {
    me: user,
    isWorker,
    history: [...history].reverse(),
    certificates,
    enrolments: enrolments.filter((e) => e.status !== 'cancelled'),
  };
};

export const actions: Actions = {
  cancel: async (event) => {
    requireUser(event);
    const id = Number(text(await event.request.formData(), 'enrolmentId'));
    if (!Number.isInteger(id) || id <= 0) return fail(400, { message: m.error_not_found() });
    try {
      await call(event, 'cancelEnrolment', { params: { id } });
      return { cancelled: true };
    } catch (e) {
      return failFromApi(e, {});
    }
  },
};
