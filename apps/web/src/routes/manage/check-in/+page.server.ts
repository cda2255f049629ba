import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { tradeName } from '$lib/i18n';
import { ApiError, call } from '$lib/server/api';
import { positiveId, refusalStatus, requireUser, text } from '$lib/server/forms';
import type { CheckedIn, DeskEvent } from '@gongjiang/contract';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const isAdmin = user.roles.includes('admin');
  // published contests of the organizer's subtree (admins: all), newest first, each event one choice
  const contests = await call(event, 'listContests', {
    query: { status: 'published', orgId: isAdmin ? undefined : (user.orgId ?? undefined), pageSize: 100 },
  })
    .then((p) => p.items)
    .catch((e) => {
      if (e instanceof ApiError) return [];
      throw e;
    });
  const choices = contests.flatMap((c) => (c.events ?? []).map((e) => ({ id: e.id, label: `${c.title} · ${tradeName(e.trade)}` })));

  const eventId = positiveId(event.url.searchParams.get('event'));
  let current: DeskEvent | null = null;
  let checkedIn: CheckedIn[] = [];
  let missing = false;
  if (eventId) {
    try {
      [current, checkedIn] = await Promise.all([
        call(event, 'getEvent', { params: { id: eventId } }),
        call(event, 'listCheckIns', { params: { id: eventId } }),
      ]);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
      missing = true;
    }
  }
  // a ticket's QR is a link here (…/manage/check-in?code=GJT1%3A…): a staff phone camera opens it, and the page asks for one
  // tap to confirm — opening a link records nothing (link previews, a reload, the back button)
  const pending = (event.url.searchParams.get('code') ?? '').trim().slice(0, MAX_CODE) || null;
  return { choices, eventId, current, checkedIn, missing, pending };
};

/** Longer than any ticket link; what is typed beyond it is no code (the API's own limit). */
const MAX_CODE = 300;

export const actions: Actions = {
  checkin: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    const code = text(data, 'code').slice(0, MAX_CODE);
    const eventId = positiveId(text(data, 'event')) ?? positiveId(event.url.searchParams.get('event'));
    if (!code) return fail(400, { ok: false as const, message: m.checkin_code_required(), code, errorCode: 'REQUIRED' });
    try {
      const res = await call(event, 'checkInContestant', { body: { code } });
      return { ok: true as const, result: res, otherEvent: eventId !== null && res.event.id !== eventId };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // the code tells a second check-in (ALREADY_CHECKED_IN: shown apart, with the time in the message) from a refusal
      return fail(refusalStatus(e), { ok: false as const, message: e.message, code, errorCode: e.code });
    }
  },
};
