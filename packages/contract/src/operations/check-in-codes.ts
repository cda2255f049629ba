import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors } from '../common';
import { SessionParams } from './training-completion';

const ops = taggedOperations('training');

/**
 * A class session's check-in code as the classroom is shown it now (issue 17): the code changes every 30 seconds (an
 * HMAC of the session and the 30-second window under a server key, like TOTP) and works in its window and the next,
 * so a screenshot sent away stops working within a minute. The projector page draws it and redraws it on time.
 */
export const SessionCheckInCode = Type.Object(
  {
    sessionId: Type.Integer(),
    code: Type.String({ description: 'the typed form, GJS1:<token>.<window>.<mac>' }),
    url: Type.String({ description: 'what the QR encodes: <origin>/checkin?t=<code, URL-encoded>' }),
    window: Type.Integer({ description: 'the 30-second window the code was drawn for (whole windows since 1970-01-01T00:00Z)' }),
    changesAt: Type.String({ format: 'date-time', description: 'when the next code is drawn; this one works for another 30 s' }),
    changesInMs: Type.Integer({ minimum: 0, maximum: 30000, description: 'the same as a wait from now (the server’s clock)' }),
  },
  { $id: 'SessionCheckInCode' },
);

export const getSessionCheckInCode = ops.authed('GET', '/trainings/:id/sessions/:sessionId/check-in-code', {
  operationId: 'getSessionCheckInCode',
  summary: "The session's current check-in code (changes every 30 s) with its URL and when it changes — for the projector page",
  description:
    'Organizers of the class (404 otherwise). The URL is on the site as this request reached it (X-Forwarded-Proto/-Host only ' +
    'from trusted proxies). POST /api/trainings/check-in accepts the code in its window and the next one; older codes — and ' +
    'the bare GJS1:<token> of the codes that never changed — answer 409 CHECK_IN_CODE_EXPIRED.',
  params: SessionParams,
  response: { 200: SessionCheckInCode, ...errors(401, 403, 404) },
});
