import { ApiError, call } from '$lib/server/api';
import { pageParam } from '$lib/server/catalogue';
import { requireOrganizer } from '$lib/components/training/organizer.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireOrganizer(event);
  const orgId = user.roles.includes('admin') ? undefined : user.orgId;
  const page = pageParam(event.url);
  try {
    const trainings = await call(event, 'listTrainings', { query: { orgId: orgId ?? undefined, page, pageSize: 20 } });
    return { trainings, unavailable: false };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { trainings: { items: [], total: 0, page, pageSize: 20 }, unavailable: true };
  }
};
