import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { call } from '$lib/server/api';
import { failFromApi, idParam, orNotFound, requireUser, text } from '$lib/server/forms';
import { trainingShare } from '$lib/server/share';
import type { MyEnrolment } from '@gongjiang/contract';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const id = idParam(event.params.id);
  const training = await orNotFound(call(event, 'getTraining', { params: { id } }));
  const user = event.locals.user;
  const isWorker = !!user?.roles.includes('worker');
  const mine = isWorker
    ? ((await call(event, 'listMyEnrolments', {}).catch((): MyEnrolment[] => [])).find(
        (e) => e.training.id === id && e.status !== 'cancelled',
      ) ?? null)
    : null;
  const manages = !!user && (user.roles.includes('organizer') || user.roles.includes('admin')) && !!training.sessions[0]?.checkInToken;
  return {
    training,
    enrolment: mine,
    isWorker,
    manages,
    profileComplete: !!user?.profile?.complete,
    share: trainingShare(training, event.url.origin),
  };
};

export const actions: Actions = {
  enrol: async (event) => {
    requireUser(event);
    const id = idParam(event.params.id);
    try {
      const res = await call(event, 'enrol', { params: { id } });
      return { enrolled: res.status };
    } catch (e) {
      return failFromApi(e, {});
    }
  },
  cancel: async (event) => {
    requireUser(event);
    const enrolmentId = Number(text(await event.request.formData(), 'enrolmentId'));
    if (!Number.isInteger(enrolmentId) || enrolmentId <= 0) return fail(400, { message: m.error_not_found() });
    try {
      await call(event, 'cancelEnrolment', { params: { id: enrolmentId } });
      return { cancelled: true };
    } catch (e) {
      return failFromApi(e, {});
    }
  },
};
