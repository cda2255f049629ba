import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { requireUser } from '$lib/server/forms';
import type { JudgingAssignment as Assignment } from '@gongjiang/contract';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!user.roles.includes('judge')) error(403, m.error_forbidden());
  try {
    return { assignments: await call(event, 'listMyJudgingEvents', {}), unavailable: false };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { assignments: [] as Assignment[], unavailable: true };
  }
};
