import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, IsoDateTime } from '../common';
import { SessionParams } from './training-completion';

const ops = taggedOperations('training');

/**
 * A class session's times, corrected by its organizer (a session moved to another day). Attendance waits for a
 * session's start and completion for the last session's end (409 TOO_EARLY), so the dates must be true ones.
 */
export const updateTrainingSession = ops.authed('PATCH', '/trainings/:id/sessions/:sessionId', {
  operationId: 'updateTrainingSession',
  summary: 'Move a class session: new start and/or end (organizer of the class); audited',
  description:
    '400 VALIDATION when the end is not after the start; 409 ALREADY_COMPLETED after completion; 409 ATTENDANCE_RECORDED once ' +
    'attendance is on record for the session and the new start would lie in the future (attendance never precedes its session).',
  params: SessionParams,
  body: Type.Object(
    { startsAt: Type.Optional(IsoDateTime), endsAt: Type.Optional(IsoDateTime) },
    { minProperties: 1, additionalProperties: false },
  ),
  response: {
    200: Type.Object({ id: Type.Integer(), startsAt: Type.String(), endsAt: Type.String() }),
    ...errors(400, 401, 403, 404, 409),
  },
});
