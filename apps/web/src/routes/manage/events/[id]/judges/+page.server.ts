import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { refusalStatus, refused, text } from '$lib/server/forms';
import { notFoundFrom, requireOrganizer, unlockSheet } from '$lib/judging/organizer.server';
import type { ManagedUser as JudgeCandidate } from '@gongjiang/contract';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const eventId = requireOrganizer(event);
  const roster = await call(event, 'listEventJudges', { params: { id: eventId } }).catch(notFoundFrom);
  // the judges in the organizer's subtree to pick from (GET /api/users; phones come masked)
  const candidates = await call(event, 'listUsers', { query: { role: 'judge', pageSize: 200 } })
    .then((p) => p.items.filter((u) => !roster.judges.some((j) => j.judgeId === u.id)))
    .catch((): JudgeCandidate[] => []);
  const info = await call(event, 'getResultsInfo', { params: { id: eventId } }).catch(() => null);
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
      await call(event, 'assignJudge', { params: { id: eventId }, body: { userId, chief: values.chief } });
    } catch (e) {
      return refused(e, { action: 'assign' as const, ok: false, values });
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
      await call(event, 'removeJudge', { params: { id: eventId, userId: judgeId } });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return fail(refusalStatus(e), {
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
