import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { EnrolmentStatus, errors, Id, IdParams, IsoDateTime, Nullable, Page, PageQuery, SkillLevelSchema, TrainingStatus } from '../common';
import { TradeName } from './contests';

const ops = taggedOperations('training');

const Status = TrainingStatus;

const trainingFields = {
  id: Type.Integer(),
  title: Type.String(),
  tradeId: Type.Integer(),
  trade: Nullable(TradeName),
  targetLevel: SkillLevelSchema,
  orgId: Type.Integer(),
  orgName: Nullable(Type.String()),
  status: Status,
  venue: Nullable(Type.String()),
  capacity: Type.Integer(),
  enrolled: Type.Integer(),
  waitlisted: Type.Integer(),
  seatsLeft: Type.Integer(),
  enrolOpensAt: Type.String(),
  enrolClosesAt: Type.String(),
  firstSessionAt: Nullable(Type.String()),
  attendanceRequired: Type.Number({ description: 'the fraction of sessions to attend, 0–1' }),
  passMark: Type.Number(),
};

/** A training class in a list. */
export const TrainingSummary = Type.Object(trainingFields, { $id: 'TrainingSummary' });

const Session = Type.Object(
  {
    id: Type.Integer(),
    startsAt: Type.String(),
    endsAt: Type.String(),
    checkInToken: Type.Optional(Type.String({ description: 'only for organizers in scope' })),
  },
  { $id: 'TrainingSession' },
);

/** A training class with its description and sessions. */
export const Training = Type.Object(
  { ...trainingFields, description: Nullable(Type.String()), sessions: Type.Array(Session) },
  { $id: 'Training' },
);

/** POST /api/trainings/:id/enrolments: where the worker stands. */
export const Enrolment = Type.Object(
  { id: Type.Integer(), classId: Type.Integer(), status: EnrolmentStatus, waitlistPosition: Nullable(Type.Integer()) },
  { $id: 'EnrolmentOutcome' },
);

/** One of my enrolments with the class schedule. */
export const MyEnrolment = Type.Object(
  {
    id: Type.Integer(),
    status: EnrolmentStatus,
    completed: Nullable(Type.Boolean()),
    waitlistPosition: Nullable(Type.Integer()),
    training: Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      trade: Nullable(Type.String()),
      venue: Nullable(Type.String()),
      status: Status,
      enrolClosesAt: Type.String(),
    }),
    sessions: Type.Array(Session),
  },
  { $id: 'MyEnrolment' },
);

/** One row of a class roster. */
export const RosterRow = Type.Object(
  {
    id: Type.Integer(),
    workerId: Type.Integer(),
    name: Type.String(),
    status: EnrolmentStatus,
    waitlistSeq: Nullable(Type.Integer()),
    completed: Nullable(Type.Boolean()),
  },
  { $id: 'RosterRow' },
);

export const createTraining = ops.authed('POST', '/trainings', {
  operationId: 'createTraining',
  summary: 'Create a training class with its schedule of sessions (published unless publish: false)',
  body: Type.Object({
    title: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    tradeId: Id,
    targetLevel: SkillLevelSchema,
    orgId: Id,
    capacity: Type.Integer({ minimum: 1, maximum: 10000 }),
    venue: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    enrolOpensAt: IsoDateTime,
    enrolClosesAt: IsoDateTime,
    sessions: Type.Array(Type.Object({ startsAt: IsoDateTime, endsAt: IsoDateTime }), { minItems: 1, maxItems: 200 }),
    attendanceRequired: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'fraction of sessions, default 0.8' })),
    passMark: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'points, default 60' })),
    publish: Type.Optional(Type.Boolean()),
  }),
  response: { 201: Training, ...errors(400, 401, 403, 404) },
});

export const listTrainings = ops.open('GET', '/trainings', {
  operationId: 'listTrainings',
  summary: 'Training classes (drafts only for organizers in scope)',
  querystring: Type.Object({
    status: Type.Optional(Status),
    tradeId: Type.Optional(Id),
    orgId: Type.Optional(Id),
    open: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    ...PageQuery,
  }),
  response: { 200: Page(TrainingSummary), ...errors(400, 401) },
});

export const getTraining = ops.open('GET', '/trainings/:id', {
  operationId: 'getTraining',
  summary: 'A class with its sessions',
  params: IdParams,
  response: { 200: Training, ...errors(401, 404) },
});

export const enrol = ops.authed('POST', '/trainings/:id/enrolments', {
  operationId: 'enrol',
  summary: 'Enrol (enrolled or waitlisted; same capacity rules as registrations)',
  params: IdParams,
  response: { 201: Enrolment, ...errors(401, 403, 404, 409) },
});

export const cancelEnrolment = ops.authed('DELETE', '/enrolments/:id', {
  operationId: 'cancelEnrolment',
  summary: 'Cancel an enrolment; the first waiting takes the seat',
  params: IdParams,
  response: {
    200: Type.Object({
      id: Type.Integer(),
      status: Type.Literal('cancelled'),
      promoted: Nullable(Type.Object({ id: Type.Integer(), status: Type.Literal('enrolled') })),
    }),
    ...errors(401, 404, 409),
  },
});

export const listMyEnrolments = ops.authed('GET', '/me/enrolments', {
  operationId: 'listMyEnrolments',
  summary: 'My enrolments with the schedule',
  response: { 200: Type.Array(MyEnrolment), ...errors(401, 403) },
});

export const listTrainingEnrolments = ops.authed('GET', '/trainings/:id/enrolments', {
  operationId: 'listTrainingEnrolments',
  summary: 'Roster of a class',
  params: IdParams,
  response: { 200: Type.Array(RosterRow), ...errors(401, 403, 404) },
});
