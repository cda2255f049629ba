import { error, fail, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call, problemOf } from '$lib/server/api';
import { notFoundFrom, requireOrganizer, unlockSheet } from '$lib/judging/organizer.server';
import { requireUser, text } from '$lib/server/forms';
import type { EventAppeal, ResultsBlocker as Blocker, ResultRow } from '@gongjiang/contract';
import { importTheory } from './import.server';
import type { Actions, PageServerLoad } from './$types';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/**
 * The board is the organizer's; the event's chief judge sees its appeals (and decides them) and the judges' report.
 * Anyone else, or a chief judge of another event, gets 404 from the API.
 */
function requireBoardUser(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
  const user = requireUser(event);
  const organizer = user.roles.includes('organizer') || user.roles.includes('admin');
  if (!organizer && !user.roles.includes('judge')) error(403, m.error_forbidden());
  const eventId = Number((event.params as { id?: string }).id);
  if (!Number.isInteger(eventId) || eventId <= 0) error(404, m.error_not_found());
  return { eventId, organizer };
}

export const load: PageServerLoad = async (event) => {
  const { eventId, organizer } = requireBoardUser(event);
  event.depends('app:results-board');
  const progress = organizer ? await call(event, 'getResultsProgress', { params: { id: eventId } }).catch(notFoundFrom) : null;
  const appeals = await call(event, 'listEventAppeals', { params: { id: eventId } }).catch(
    organizer ? (): EventAppeal[] => [] : notFoundFrom,
  );
  const [results, report, info] = await Promise.all([
    organizer ? call(event, 'getResults', { params: { id: eventId } }).catch((): ResultRow[] => []) : ([] as ResultRow[]),
    call(event, 'getResultsByJudge', { params: { id: eventId } }).catch(() => null),
    call(event, 'getResultsInfo', { params: { id: eventId } }).catch(() => null),
  ]);
  return { eventId, organizer, progress, results, report, info, appeals };
};

export const actions: Actions = {
  import: async (event) => {
    const eventId = requireOrganizer(event);
    const data = await event.request.formData();
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { action: 'import' as const, ok: false, message: m.results_import_file_required(), rowErrors: [] });
    if (file.size > MAX_IMPORT_BYTES)
      return fail(400, { action: 'import' as const, ok: false, message: m.results_import_too_big(), rowErrors: [] });
    const out = await importTheory(event, eventId, file);
    if (!out.ok) return fail(out.status, { action: 'import' as const, ok: false, message: out.message, rowErrors: out.rowErrors });
    return { action: 'import' as const, ok: true, message: m.results_imported({ rows: out.rows, changed: out.changed }), rowErrors: [] };
  },
  publish: async (event) => {
    const eventId = requireOrganizer(event);
    try {
      await call(event, 'publishResults', { params: { id: eventId } });
      return { action: 'publish' as const, ok: true, message: m.results_published_now(), blockers: [] as Blocker[] };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // 409 RESULTS_INCOMPLETE says what stands in the way
      const blockers: Blocker[] = problemOf(e, 'publishResults', 409)?.blockers ?? [];
      return fail(e.status < 500 ? e.status : 503, { action: 'publish' as const, ok: false, message: e.message, blockers });
    }
  },
  unlock: unlockSheet,
  /** 申诉: POST /api/appeals/:id/decide — the button pressed is the decision, the reason is required. */
  decide: async (event) => {
    requireBoardUser(event);
    const data = await event.request.formData();
    const appealId = Number(text(data, 'appealId'));
    const decision = text(data, 'decision');
    const reason = text(data, 'reason');
    if (!Number.isInteger(appealId) || appealId <= 0 || (decision !== 'upheld' && decision !== 'dismissed'))
      return fail(400, { action: 'decide' as const, ok: false, appealId, message: m.error_not_found() });
    if (!reason) return fail(400, { action: 'decide' as const, ok: false, appealId, message: m.appeals_decide_reason_required() });
    try {
      await call(event, 'decideAppeal', { params: { id: appealId }, body: { decision, reason } });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return fail(e.status < 500 ? e.status : 503, { action: 'decide' as const, ok: false, appealId, message: e.message });
    }
    const message = decision === 'upheld' ? m.appeals_decided_upheld() : m.appeals_decided_dismissed();
    return { action: 'decide' as const, ok: true, appealId, message };
  },
};
