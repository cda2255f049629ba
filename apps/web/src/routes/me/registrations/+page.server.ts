import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { refused, requireUser, text } from '$lib/server/forms';
import type { MyRegistration } from '@gongjiang/contract';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!user.roles.includes('worker')) return { registrations: [] as MyRegistration[], unavailable: false };
  try {
    return { registrations: await call(event, 'listMyRegistrations', {}), unavailable: false };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { registrations: [] as MyRegistration[], unavailable: e.status !== 404 };
  }
};

export const actions: Actions = {
  cancel: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    const id = Number(text(data, 'id'));
    if (!Number.isInteger(id) || id <= 0) return fail(400, { message: m.reg_reason_not_found() });
    try {
      await call(event, 'cancelRegistration', { params: { id } });
    } catch (e) {
      return refused(e, {});
    }
    return { cancelled: id, declined: data.get('declined') === '1' };
  },
  /** 申诉: POST /api/registrations/:id/appeals with the reason; a refusal (window closed, no result) is shown next to the form. */
  appeal: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    const id = Number(text(data, 'id'));
    const reason = text(data, 'reason');
    if (!Number.isInteger(id) || id <= 0) return fail(400, { message: m.reg_reason_not_found() });
    if (!reason) return fail(400, { appealFor: id, message: m.appeal_reason_required(), reason });
    try {
      await call(event, 'fileAppeal', { params: { id }, body: { reason } });
    } catch (e) {
      return refused(e, { appealFor: id, reason });
    }
    return { appealed: id };
  },
};
