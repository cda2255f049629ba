import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call, problemOf } from '$lib/server/api';
import { confirmed, refusalStatus } from '$lib/server/forms';
import { notFoundFrom, requireOrganizer, unlockSheet } from '$lib/judging/organizer.server';
import { decideAppeal } from '$lib/appeals/decide.server';
import type { EventAppeal, ResultsBlocker as Blocker, ResultRow } from '@gongjiang/contract';
import { importTheory } from './import.server';
import type { Actions, PageServerLoad } from './$types';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const load: PageServerLoad = async (event) => {
  const eventId = requireOrganizer(event);
  event.depends('app:results-board');
  const progress = await call(event, 'getResultsProgress', { params: { id: eventId } }).catch(notFoundFrom);
  const [results, report, info, desk, appeals] = await Promise.all([
    call(event, 'getResults', { params: { id: eventId } }).catch((): ResultRow[] => []),
    call(event, 'getResultsByJudge', { params: { id: eventId } }).catch(() => null),
    call(event, 'getResultsInfo', { params: { id: eventId } }).catch(() => null),
    call(event, 'getEvent', { params: { id: eventId } }).catch(() => null),
    call(event, 'listEventAppeals', { params: { id: eventId } }).catch((): EventAppeal[] => []),
  ]);
  // theory scores wait for the contest's start, publication for its end (409 TOO_EARLY): the page says so before the click
  const times = desk ? { startsAt: desk.contest.startsAt, endsAt: desk.contest.endsAt } : null;
  return { eventId, progress, results, report, info, times, appeals };
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
    if (!confirmed(await event.request.formData()))
      return fail(400, { action: 'publish' as const, ok: false, message: m.confirm_required(), blockers: [] as Blocker[] });
    try {
      await call(event, 'publishResults', { params: { id: eventId } });
      return { action: 'publish' as const, ok: true, message: m.results_published_now(), blockers: [] as Blocker[] };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // 409 RESULTS_INCOMPLETE says what stands in the way
      const blockers: Blocker[] = problemOf(e, 'publishResults', 409)?.blockers ?? [];
      return fail(refusalStatus(e), { action: 'publish' as const, ok: false, message: e.message, blockers });
    }
  },
  unlock: unlockSheet,
  decide: async (event) => {
    requireOrganizer(event);
    return decideAppeal(event);
  },
};
