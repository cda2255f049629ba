import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { idParam, orNotFound, refusalStatus, requireUser, text } from '$lib/server/forms';
import { contestShare } from '$lib/server/share';
import type { MyRegistration } from '@gongjiang/contract';
import { LIVE_STATUSES } from '$lib/components/registration/statuses';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const id = idParam(event.params.id);
  const contest = await orNotFound(call(event, 'getContest', { params: { id } }));
  const user = event.locals.user;
  // this contest's live registrations of the worker (one per event at most), plus the latest refused one
  const mine =
    user?.roles.includes('worker') && contest.events.length
      ? (await call(event, 'listMyRegistrations', {}).catch((): MyRegistration[] => [])).filter((r) => r.contest.id === id)
      : [];
  const registrations: Record<number, MyRegistration> = {};
  for (const r of mine) {
    const live = LIVE_STATUSES.includes(r.status);
    const seen = registrations[r.event.id];
    // the list is newest first: keep the live one if any, else the newest
    if (!seen || (live && !LIVE_STATUSES.includes(seen.status))) registrations[r.event.id] = r;
  }
  return { contest, registrations, me: user ?? null, now: new Date().toISOString(), share: contestShare(contest, event.url.origin) };
};

export const actions: Actions = {
  register: async (event) => {
    requireUser(event);
    idParam(event.params.id);
    const eventId = Number(text(await event.request.formData(), 'eventId'));
    if (!Number.isInteger(eventId) || eventId <= 0) return fail(400, { eventId: 0, code: 'VALIDATION', message: m.reg_reason_not_found() });
    try {
      const res = await call(event, 'registerForEvent', { params: { id: eventId } });
      return { eventId, registered: { status: res.status, waitlistPosition: res.waitlistPosition } };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return fail(refusalStatus(e), { eventId, code: e.code, message: e.message });
    }
  },
};
