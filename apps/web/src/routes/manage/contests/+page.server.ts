import { CONTEST_STATUSES, CONTEST_TIERS } from '@gongjiang/domain';
import { ApiError, call } from '$lib/server/api';
import { pageParam } from '$lib/server/catalogue';
import type { PageServerLoad } from './$types';

/** The organizer's contests: drafts and published ones owned in their subtree (admins: all). */
export const load: PageServerLoad = async (event) => {
  const { manager } = await event.parent();
  const url = event.url;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const status = CONTEST_STATUSES.find((s) => s === url.searchParams.get('status')) ?? '';
  const tier = CONTEST_TIERS.find((t) => t === url.searchParams.get('tier')) ?? '';
  const page = pageParam(url);
  const orgId = manager.isAdmin ? undefined : (manager.orgId ?? undefined);
  try {
    const contests = await call(event, 'listContests', {
      query: { orgId, status: status || undefined, tier: tier || undefined, q: q || undefined, page, pageSize: 20 },
    });
    return { contests, unavailable: false, filters: { q, status, tier } };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { contests: { items: [], total: 0, page, pageSize: 20 }, unavailable: true, filters: { q, status, tier } };
  }
};
