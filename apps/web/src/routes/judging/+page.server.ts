import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, apiFor } from '$lib/server/api';
import { requireUser } from '$lib/server/forms';
import type { JudgingAssignment } from '$lib/types/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!user.roles.includes('judge')) error(403, m.error_forbidden());
  try {
    const res = await apiFor(event).get<JudgingAssignment[] | { items: JudgingAssignment[] }>('/judging/events');
    return { assignments: Array.isArray(res) ? res : (res.items ?? []), unavailable: false };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { assignments: [] as JudgingAssignment[], unavailable: e.status !== 404 };
  }
};
