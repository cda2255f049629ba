/** Loading helpers shared by the organizer's contest pages. */
import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, apiFor, type ApiContext } from '$lib/server/api';
import type { Org } from '$lib/types/api';
import type { ContestDetail } from '$lib/types/contests';
import { subtreeOptions } from './orgs';

/** The organisations the organizer may own contests for (GET /api/orgs, cut to their subtree). */
export async function ownerOptions(ctx: ApiContext, manager: { orgId: number | null; isAdmin: boolean }) {
  const orgs = await apiFor(ctx)
    .get<Org[]>('/orgs')
    .catch(() => [] as Org[]);
  return subtreeOptions(orgs, manager.isAdmin ? null : manager.orgId);
}

/** A positive integer route parameter, else 404. */
export function idParam(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) error(404, m.error_not_found());
  return id;
}

/** GET /api/contests/:id; unknown or out of scope → the 404 page. */
export async function loadContest(ctx: ApiContext, id: number): Promise<ContestDetail> {
  try {
    return await apiFor(ctx).get<ContestDetail>(`/contests/${id}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, m.error_not_found());
    if (e instanceof ApiError) error(503, e.message);
    throw e;
  }
}
