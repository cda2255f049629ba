import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, apiFor, errorFrom, sendRaw } from '$lib/server/api';
import { notFoundFrom, requireOrganizer, unlockSheet } from '$lib/judging/organizer.server';
import type { Blocker, EventInfo, JudgeReport, ResultRow, ResultsProgress } from '$lib/types/judging';
import { importTheory } from './import.server';
import type { Actions, PageServerLoad } from './$types';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const load: PageServerLoad = async (event) => {
  const eventId = requireOrganizer(event);
  event.depends('app:results-board');
  const api = apiFor(event);
  const progress = await api.get<ResultsProgress>(`/events/${eventId}/results/progress`).catch(notFoundFrom);
  const [results, report, info] = await Promise.all([
    api.get<ResultRow[]>(`/events/${eventId}/results`).catch(() => [] as ResultRow[]),
    api.get<JudgeReport>(`/events/${eventId}/results/judges`).catch(() => null),
    api.get<EventInfo>(`/events/${eventId}/results/info`).catch(() => null),
  ]);
  return { eventId, progress, results, report, info };
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
    const res = await sendRaw(event, 'POST', `/events/${eventId}/results/publish`);
    if (res.ok) return { action: 'publish' as const, ok: true, message: m.results_published_now(), blockers: [] as Blocker[] };
    if (res.status === 409) {
      const body = (await res.json().catch(() => ({}))) as { message?: string; blockers?: Blocker[] };
      return fail(409, { action: 'publish' as const, ok: false, message: body.message ?? m.error_title(), blockers: body.blockers ?? [] });
    }
    const e: ApiError = await errorFrom(res);
    return fail(e.status < 500 ? e.status : 503, { action: 'publish' as const, ok: false, message: e.message, blockers: [] as Blocker[] });
  },
  unlock: unlockSheet,
};
