import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, apiFor } from '$lib/server/api';
import { text } from '$lib/server/forms';
import { notFoundFrom, requireOrganizer, unlockSheet } from '$lib/judging/organizer.server';
import type { Page } from '$lib/types/api';
import type { EventInfo, JudgeCandidate, Roster } from '$lib/types/judging';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const eventId = requireOrganizer(event);
  const api = apiFor(event);
  const roster = await api.get<Roster>(`/events/${eventId}/judges`).catch(notFoundFrom);
  // the judges in the organizer's subtree to pick from (GET /api/users; phones come masked)
  const candidates = await api
    .get<Page<JudgeCandidate>>('/users?role=judge&pageSize=200')
    .then((p) => p.items.filter((u) => !roster.judges.some((j) => j.judgeId === u.id)))
    .catch(() => [] as JudgeCandidate[]);
  const info = await api.get<EventInfo>(`/events/${eventId}/results/info`).catch(() => null);
  return { eventId, roster, candidates, info };
};

export const actions: Actions = {
  assign: async (event) => {
    const eventId = requireOrganizer(event);
    const data = await event.request.formData();
    const values = { userId: text(data, 'userId'), chief: data.get('chief') === 'on' };
    const userId = Number(values.userId);
    if (!Number.isInteger(userId) || userId <= 0)
      return fail(400, { action: 'assign' as const, ok: false, values, message: m.judging_assign_user_required() });
    try {
      await apiFor(event).post(`/events/${eventId}/judges`, { userId, chief: values.chief });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return fail(e.status >= 400 && e.status < 500 ? e.status : 503, { action: 'assign' as const, ok: false, values, message: e.message });
    }
    return { action: 'assign' as const, ok: true, values: null, message: m.judging_assigned() };
  },
  /** DELETE /api/events/:id/judges/:userId — a wrong assignment; 409 JUDGE_HAS_SCORES is shown next to the judge. */
  remove: async (event) => {
    const eventId = requireOrganizer(event);
    const data = await event.request.formData();
    const judgeId = Number(text(data, 'judgeId'));
    const name = text(data, 'name') || `#${judgeId}`;
    if (!Number.isInteger(judgeId) || judgeId <= 0)
      return fail(400, { action: 'remove' as const, ok: false, judgeId, message: m.error_not_found() });
    try {
      await apiFor(event).delete(`/events/${eventId}/judges/${judgeId}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return fail(e.status >= 400 && e.status < 500 ? e.status : 503, {
        action: 'remove' as const,
        ok: false,
        judgeId,
        message: e.message,
      });
    }
    return { action: 'remove' as const, ok: true, judgeId, message: m.cm_judge_removed({ name }) };
  },
  unlock: unlockSheet,
};
