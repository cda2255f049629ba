/** The quota table of an event's desk (单位名额): what it shows and its two form actions (save, find a union). */
import { fail, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { call, type ApiContext } from '$lib/server/api';
import { refused, requireUser } from '$lib/server/forms';
import { orgChoices, orgSearchFromForm } from '$lib/server/orgs';
import { NO_ORG_CHOICES, type OrgScope } from '$lib/orgs';
import type { DeskEvent } from '@gongjiang/contract';

/** Unions inside the event owner's subtree may hold quotas. */
async function scopeOf(ctx: ApiContext, contestId: number): Promise<OrgScope> {
  const contest = await call(ctx, 'getContest', { params: { id: contestId } });
  return { under: contest.orgId, kinds: ['district', 'base'] };
}

export async function quotaPanel(ctx: ApiContext, desk: DeskEvent) {
  const [quotas, scope] = await Promise.all([call(ctx, 'listEventQuotas', { params: { id: desk.id } }), scopeOf(ctx, desk.contest.id)]);
  const choices = await orgChoices(ctx, scope).catch(() => NO_ORG_CHOICES);
  return { quotas, scope, choices };
}

const int = (v: FormDataEntryValue | null) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN);

export const quotaActions = {
  quotas: async (event: RequestEvent) => {
    requireUser(event);
    const eventId = Number(event.params.id);
    const data = await event.request.formData();
    const removed = new Set(data.getAll('remove').map((v) => Number(v)));
    const orgIds = data.getAll('orgId').map(int);
    const seats = data.getAll('seats').map(int);
    const list = orgIds.map((orgId, i) => ({ orgId, seats: seats[i] ?? NaN })).filter((q) => !removed.has(q.orgId));
    const addOrgId = int(data.get('addOrgId'));
    const addSeats = int(data.get('addSeats'));
    if (Number.isInteger(addOrgId) && addOrgId > 0) {
      if (!Number.isInteger(addSeats)) return fail(400, { action: 'quotas' as const, ok: false, message: m.nom_quota_bad_seats() });
      const at = list.findIndex((q) => q.orgId === addOrgId);
      if (at >= 0) list[at]!.seats = addSeats;
      else list.push({ orgId: addOrgId, seats: addSeats });
    }
    if (list.some((q) => !Number.isInteger(q.orgId) || !Number.isInteger(q.seats)))
      return fail(400, { action: 'quotas' as const, ok: false, message: m.nom_quota_bad_seats() });
    try {
      await call(event, 'setEventQuotas', { params: { id: eventId }, body: list });
      return { action: 'quotas' as const, ok: true, message: m.nom_quota_saved() };
    } catch (e) {
      return refused(e, { action: 'quotas' as const, ok: false });
    }
  },
  /** the union picker's Find button without JavaScript */
  quotaOrg: async (event: RequestEvent) => {
    requireUser(event);
    const desk = await call(event, 'getEvent', { params: { id: Number(event.params.id) } });
    const data = await event.request.formData();
    return {
      action: 'quotaOrg' as const,
      orgSearch: await orgSearchFromForm(event, data, 'addOrgId', await scopeOf(event, desk.contest.id)),
    };
  },
};
