import { ApiError, call } from '$lib/server/api';
import { requireRole } from '$lib/server/forms';
import type { JudgingAssignment as Assignment } from '@gongjiang/contract';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'judge');
  try {
    return { assignments: await call(event, 'listMyJudgingEvents', {}), unavailable: false };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { assignments: [] as Assignment[], unavailable: true };
  }
};
