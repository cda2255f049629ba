import { ApiError, apiFor, query } from '$lib/server/api';
import { pageParam } from '$lib/server/catalogue';
import { requireOrganizer } from '$lib/components/training/organizer.server';
import type { Page } from '$lib/types/api';
import type { TrainingDetail } from '$lib/types/training';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireOrganizer(event);
  const orgId = user.roles.includes('admin') ? undefined : user.orgId;
  const page = pageParam(event.url);
  try {
    const trainings = await apiFor(event).get<Page<TrainingDetail>>(`/trainings${query({ orgId, page, pageSize: 20 })}`);
    return { trainings, unavailable: false };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { trainings: { items: [], total: 0, page, pageSize: 20 } as Page<TrainingDetail>, unavailable: true };
  }
};
