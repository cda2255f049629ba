import { error, fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { failFromApi, requireUser, text } from '$lib/server/forms';
import { trainingShare } from '$lib/server/share';
import type { MyEnrolment, TrainingDetail } from '@gongjiang/contract';
import type { Actions, PageServerLoad } from './$types';

function classId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) error(404, m.error_not_found());
  return id;
}

export const load: PageServerLoad = async (event) => {
  const id = classId(event.params.id);
  let training: TrainingDetail;
  try {
    training = await call(event, 'getTraining', { params: { id } });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, m.error_not_found());
    throw e;
  }
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
    const id = classId(event.params.id);
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
