import { call } from '$lib/server/api';
import { idParam, orNotFound, requireRole } from '$lib/server/forms';
import type { JudgingAssignment as Assignment } from '@gongjiang/contract';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'judge');
  const eventId = idParam(event.params.id);
  const [sheet, assignments] = await Promise.all([
    orNotFound(call(event, 'getScoreSheet', { params: { id: eventId } })),
    call(event, 'listMyJudgingEvents', {}).catch((): Assignment[] => []),
  ]);
  return { eventId, sheet, assignment: assignments.find((a) => a.eventId === eventId) ?? null };
};
