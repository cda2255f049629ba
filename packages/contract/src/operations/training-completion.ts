import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { AttendanceStatus, errors, Id, IdParams, Nullable, NullableSkillLevel, SkillLevelSchema, tooEarlyNote } from '../common';
import { binary } from '../common';

const ops = taggedOperations('training');

const Status = AttendanceStatus;

export const SessionParams = Type.Object({ id: Id, sessionId: Id });

export const Mark = Type.Object({ enrolmentId: Type.Integer(), status: Status });

export const Score = Type.Number({ description: '0–100 (rows out of range are reported together, nothing is saved)' });

export const recordAttendance = ops.authed('PUT', '/trainings/:id/sessions/:sessionId/attendance', {
  operationId: 'recordAttendance',
  summary: 'Record attendance at one session (all or nothing; enrolled enrolments of this class only)',
  description: '400 VALIDATION names every bad row; 409 ALREADY_COMPLETED after completion. ' + tooEarlyNote('the session starts'),
  params: SessionParams,
  body: Type.Array(Type.Object({ enrolmentId: Id, status: Status }), { maxItems: 10000 }),
  response: { 200: Type.Array(Mark), ...errors(400, 401, 403, 404, 409) },
});

export const getTrainingCheckIn = ops.authed('GET', '/trainings/check-in', {
  operationId: 'getTrainingCheckIn',
  summary: 'What a session check-in code is, before checking in: class, session, time, venue, my enrolment and attendance',
  description:
    'Records nothing (the page a phone camera opens shows this, then one tap posts the check-in). `window`: open now, not_open yet ' +
    '(before the session starts), or closed (ended, or the class is completed). 404 UNKNOWN_CHECK_IN_CODE; 409 ' +
    'CHECK_IN_CODE_EXPIRED for a code older than its window and the next (codes change every 30 s: getSessionCheckInCode).',
  querystring: Type.Object({
    token: Type.String({ minLength: 1, maxLength: 2000, description: 'as for POST: the URL, GJS1:<token> or the token' }),
  }),
  response: {
    200: Type.Object({
      training: Type.Object({ id: Type.Integer(), title: Type.String(), venue: Nullable(Type.String()) }),
      sessionNo: Type.Integer({ description: 'which session of the class, from 1 in time order' }),
      startsAt: Type.String(),
      endsAt: Type.String(),
      enrolled: Type.Boolean(),
      status: Nullable(Status),
      window: Type.Union([Type.Literal('open'), Type.Literal('not_open'), Type.Literal('closed')]),
    }),
    ...errors(400, 401, 403, 404, 409),
  },
});

export const checkInTrainee = ops.authed('POST', '/trainings/check-in', {
  operationId: 'checkInTrainee',
  summary: "Check myself in by scanning the session's QR code",
  description:
    'The code works from the session’s start until it ends: up to 15 minutes after the start counts as present, later as late. ' +
    'A re-scan changes nothing. The code changes every 30 s (getSessionCheckInCode) and works in its window and the next: an ' +
    'older one, or the bare GJS1:<token> of the codes that never changed, is 409 CHECK_IN_CODE_EXPIRED (checked right after ' +
    'the code is found, before the other refusals). 404 UNKNOWN_CHECK_IN_CODE (also a code whose mac is not this session’s); ' +
    '409 NOT_ENROLLED, CHECK_IN_CLOSED, ALREADY_COMPLETED. ' +
    tooEarlyNote('the session starts'),
  body: Type.Object({
    token: Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        'what was scanned, typed or pasted: the check-in URL …/checkin?t=GJS1%3A<token>.<window>.<mac> (the QR), the code ' +
        'GJS1:<token>.<window>.<mac>, or the same without GJS1:',
    }),
  }),
  response: {
    200: Type.Object({
      sessionId: Type.Integer(),
      enrolmentId: Type.Integer(),
      training: Type.Object({ id: Type.Integer(), title: Type.String() }),
      startsAt: Type.String(),
      endsAt: Type.String(),
      status: Status,
    }),
    ...errors(400, 401, 403, 404, 409),
  },
});

export const getSessionQr = ops.authed('GET', '/trainings/:id/sessions/:sessionId/qr.png', {
  operationId: 'getSessionQr',
  summary: "The session's current check-in QR code to show in the classroom: the URL of getSessionCheckInCode, drawn now",
  description:
    'The origin is the site as this request reached it (X-Forwarded-Proto/-Host only from trusted proxies), so any phone camera opens the check-in page; the code printed beside it is what people type. The code changes every 30 s: the projector page asks again with a new `w`.',
  params: SessionParams,
  querystring: Type.Object({
    w: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 2 ** 40,
        description:
          'the window of the code to draw (getSessionCheckInCode `window`), honoured while that code is good (this window, the one before, the next); otherwise the current code. The projector page sends its own, so image and printed code match',
      }),
    ),
  }),
  response: { 200: binary('image/png', 'PNG'), ...errors(400, 401, 403, 404) },
});

export const saveExamScores = ops.authed('PUT', '/trainings/:id/exam-scores', {
  operationId: 'saveExamScores',
  summary: 'Record exam scores (theory and practical, 0–100), all or nothing',
  description: '400 VALIDATION names every bad row; 409 ALREADY_COMPLETED after completion.',
  params: IdParams,
  body: Type.Array(Type.Object({ enrolmentId: Id, theory: Score, practical: Score }), { maxItems: 10000 }),
  response: {
    200: Type.Array(Type.Object({ enrolmentId: Type.Integer(), theory: Type.Number(), practical: Type.Number() })),
    ...errors(400, 401, 403, 404, 409),
  },
});

export const getAttendance = ops.authed('GET', '/trainings/:id/attendance', {
  operationId: 'getAttendance',
  summary: 'Attendance matrix: enrolled enrolments × sessions, with exam scores and whether each would complete',
  params: IdParams,
  response: {
    200: Type.Object({
      classId: Type.Integer(),
      status: Type.String(),
      targetLevel: SkillLevelSchema,
      attendanceRequired: Type.Number(),
      passMark: Type.Number(),
      sessions: Type.Array(Type.Object({ id: Type.Integer(), startsAt: Type.String(), endsAt: Type.String() })),
      enrolments: Type.Array(
        Type.Object({
          enrolmentId: Type.Integer(),
          workerId: Type.Integer(),
          name: Type.String(),
          skillLevel: NullableSkillLevel,
          attendance: Type.Array(Nullable(Status), { description: 'one per session, in the order of sessions' }),
          attended: Type.Integer({ description: 'sessions present or late' }),
          theory: Nullable(Type.Number()),
          practical: Nullable(Type.Number()),
          completes: Type.Boolean({ description: 'would complete if the class were completed now' }),
          completed: Nullable(Type.Boolean({ description: 'set by completion' })),
        }),
      ),
    }),
    ...errors(401, 403, 404),
  },
});

export const completeTraining = ops.authed('POST', '/trainings/:id/complete', {
  operationId: 'completeTraining',
  summary: 'Complete the class (结业), once: certificates for those who complete, a promotion where the target is above their level',
  description:
    'Completion needs attendance ≥ the class threshold (present or late) and both exam parts ≥ the pass mark. 409 ALREADY_COMPLETED. ' +
    tooEarlyNote('the class’s last session ends (`allowedFrom` null while it has no session)'),
  params: IdParams,
  response: {
    200: Type.Array(
      Type.Object({
        enrolmentId: Type.Integer(),
        workerId: Type.Integer(),
        completed: Type.Boolean(),
        certificateNo: Nullable(Type.String()),
        promotion: Nullable(Type.Object({ fromLevel: NullableSkillLevel, toLevel: SkillLevelSchema })),
      }),
    ),
    ...errors(401, 403, 404, 409),
  },
});
