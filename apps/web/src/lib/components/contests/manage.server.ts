/** Loading helpers shared by the organizer's contest pages. */
import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call, type ApiContext } from '$lib/server/api';
import type { ContestDetail } from '@gongjiang/contract';
import { orgChoices } from '$lib/server/orgs';
import { NO_ORG_CHOICES, type OrgScope } from '$lib/orgs';

export interface Manager {
  orgId: number | null;
  isAdmin: boolean;
}

/** The signed-in organizer or admin as the manage pages need them (the manage layout's `manager`). */
export function managerOf(user: { orgId: number | null; roles: readonly string[] }): Manager {
  return { orgId: user.orgId, isAdmin: user.roles.includes('admin') };
}

/** Which organisations an organizer may own contests and classes for: their own and everything below it (admins: all). */
export function ownerScope(manager: Manager): OrgScope {
  return { under: manager.isAdmin ? null : manager.orgId, kinds: [] };
}

/** The owner picker's choices (the current owner stays selectable). */
export async function ownerOptions(ctx: ApiContext, manager: Manager, selectedId?: number | null) {
  return orgChoices(ctx, ownerScope(manager), { selectedId }).catch(() => NO_ORG_CHOICES);
}

export { idParam } from '$lib/server/forms';

/** GET /api/contests/:id; unknown or out of scope → the 404 page. */
export async function loadContest(ctx: ApiContext, id: number): Promise<ContestDetail> {
  try {
    return await call(ctx, 'getContest', { params: { id } });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, m.error_not_found());
    if (e instanceof ApiError) error(503, e.message);
    throw e;
  }
}
