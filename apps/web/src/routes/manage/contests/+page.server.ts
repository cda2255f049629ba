import { ApiError, apiFor, query } from '$lib/server/api';
import { pageParam } from '$lib/server/catalogue';
import type { Contest, Page } from '$lib/types/api';
import type { PageServerLoad } from './$types';

const STATUSES = ['draft', 'published', 'cancelled'] as const;
const TIERS = ['city', 'district', 'enterprise'] as const;
const oneOf = (list: readonly string[], raw: string | null) => (raw && list.includes(raw) ? raw : '');

/** The organizer's contests: drafts and published ones owned in their subtree (admins: all). */
export const load: PageServerLoad = async (event) => {
  const { manager } = await event.parent();
  const url = event.url;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const status = oneOf(STATUSES, url.searchParams.get('status'));
  const tier = oneOf(TIERS, url.searchParams.get('tier'));
  const page = pageParam(url);
  const orgId = manager.isAdmin ? undefined : (manager.orgId ?? undefined);
  try {
    const contests = await apiFor(event).get<Page<Contest>>(`/contests${query({ orgId, status, tier, q, page, pageSize: 20 })}`);
    return { contests, unavailable: false, filters: { q, status, tier } };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { contests: { items: [], total: 0, page, pageSize: 20 } as Page<Contest>, unavailable: true, filters: { q, status, tier } };
  }
};
