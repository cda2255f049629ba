import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { confirmed, idParam, orNotFound, refusalStatus, refused, requireUser, text } from '$lib/server/forms';
import { pageParam } from '$lib/server/catalogue';
import type { RegistrationStatus } from '@gongjiang/domain';
import type { DeskEvent } from '@gongjiang/contract';
import { REGISTRATION_STATUSES } from '$lib/components/registration/statuses';
import { quotaActions, quotaPanel } from '$lib/components/registration/quotas.server';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** The desk's event id from the path; a malformed one is the desk's 404. */
const eventIdOf = (raw: string) => idParam(raw, m.desk_not_found());

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const eventId = eventIdOf(event.params.id);
  const { url } = event;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const statusParam = url.searchParams.get('status') ?? '';
  const status = (REGISTRATION_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as RegistrationStatus) : '';
  const page = pageParam(url);
  const desk: DeskEvent = await orNotFound(call(event, 'getEvent', { params: { id: eventId } }), { message: m.desk_not_found() });
  const [list, quotaTable] = await Promise.all([
    call(event, 'listEventRegistrations', {
      params: { id: eventId },
      query: { q: q || undefined, status: status || undefined, page, pageSize: PAGE_SIZE },
    }),
    quotaPanel(event, desk),
  ]);
  return { event: desk, list, filters: { q, status }, quotaTable };
};

export const actions: Actions = {
  ...quotaActions,
  bulk: async (event) => {
    requireUser(event);
    eventIdOf(event.params.id);
    const data = await event.request.formData();
    const ids = [...new Set(data.getAll('ids').map(Number))].filter((n) => Number.isInteger(n) && n > 0);
    const decision = text(data, 'decision') === 'reject' ? 'reject' : 'approve';
    const reason = text(data, 'reason').slice(0, 500);
    const values = { ids, reason };
    if (!ids.length) return fail(400, { action: 'bulk' as const, ok: false, message: m.desk_none_selected(), values });
    if (decision === 'reject' && !reason)
      return fail(400, { action: 'bulk' as const, ok: false, message: m.desk_reason_required(), values, field: 'reason' });
    try {
      const res = await call(event, 'decideRegistrations', { body: { ids, decision, reason: reason || null } });
      const message = decision === 'approve' ? m.desk_approved({ count: res.length }) : m.desk_rejected({ count: res.length });
      return { action: 'bulk' as const, ok: true, message, values: { ids: [] as number[], reason: '' } };
    } catch (e) {
      return refused(e, { action: 'bulk' as const, ok: false, values });
    }
  },
  /** 晋级: the qualifiers of the final's published preliminaries (POST /api/events/:id/advance). */
  advance: async (event) => {
    requireUser(event);
    const eventId = eventIdOf(event.params.id);
    try {
      const { items } = await call(event, 'advanceToFinal', { params: { id: eventId } });
      const message = items.length ? m.st_advance_done({ count: items.length }) : m.st_advance_none();
      return { action: 'advance' as const, ok: true, message, items };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const message = e.code === 'RESULTS_NOT_PUBLISHED' ? m.st_advance_not_published() : e.message;
      return fail(refusalStatus(e), { action: 'advance' as const, ok: false, message, items: [] });
    }
  },
  draw: async (event) => {
    requireUser(event);
    const eventId = eventIdOf(event.params.id);
    const data = await event.request.formData();
    const seed = text(data, 'seed').slice(0, 100);
    if (!confirmed(data)) return fail(400, { action: 'draw' as const, ok: false, message: m.desk_draw_confirm_required(), seed });
    try {
      const res = await call(event, 'drawBibs', { params: { id: eventId }, body: seed ? { seed } : {} });
      return { action: 'draw' as const, ok: true, message: m.desk_drawn_now({ count: res.assignments.length }), seed: res.seed };
    } catch (e) {
      return refused(e, { action: 'draw' as const, ok: false, seed });
    }
  },
};
