import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, Id, IdParams, IsoDateTime, Nullable, Page, PageQuery, SkillLevelSchema } from '../lib/schemas';
import { optionalUser } from './contests';

const Status = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('completed'), Type.Literal('cancelled')]);
const Training = Type.Object(
  { id: Type.Integer(), title: Type.String(), status: Status, capacity: Type.Integer(), seatsLeft: Type.Integer() },
  { additionalProperties: true },
);
const Enrolment = Type.Object(
  { id: Type.Integer(), status: Type.String(), waitlistPosition: Nullable(Type.Integer()) },
  { additionalProperties: true },
);

export default async function trainingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { trainings } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.post(
    '/trainings',
    {
      onRequest: [organizer],
      schema: {
        tags: ['training'],
        summary: 'Create a training class with its schedule of sessions (published unless publish: false)',
        security: [{ bearer: [] }],
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
      },
    },
    async (request, reply) => reply.status(201).send(await trainings.create(request.body, request.user)),
  );

  app.get(
    '/trainings',
    {
      schema: {
        tags: ['training'],
        summary: 'Training classes (drafts only for organizers in scope)',
        querystring: Type.Object({
          status: Type.Optional(Status),
          tradeId: Type.Optional(Id),
          orgId: Type.Optional(Id),
          open: Type.Optional(Type.Boolean()),
          q: Type.Optional(Type.String({ maxLength: 100 })),
          ...PageQuery,
        }),
        response: { 200: Page(Training), ...errors(400, 401) },
      },
    },
    async (request) => {
      const { page = 1, pageSize = 20, ...rest } = request.query;
      return trainings.list({ ...rest, page, pageSize }, await optionalUser(app, request));
    },
  );

  app.get(
    '/trainings/:id',
    {
      schema: {
        tags: ['training'],
        summary: 'A class with its sessions',
        params: IdParams,
        response: { 200: Training, ...errors(401, 404) },
      },
    },
    async (request) => trainings.detail(request.params.id, await optionalUser(app, request)),
  );

  app.post(
    '/trainings/:id/enrolments',
    {
      onRequest: [app.requireRole('worker')],
      schema: {
        tags: ['training'],
        summary: 'Enrol (enrolled or waitlisted; same capacity rules as registrations)',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 201: Enrolment, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await trainings.enrol(request.params.id, request.user)),
  );

  app.delete(
    '/enrolments/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['training'],
        summary: 'Cancel an enrolment; the first waiting takes the seat',
        security: [{ bearer: [] }],
        params: IdParams,
        response: {
          200: Type.Object({ id: Type.Integer(), status: Type.Literal('cancelled') }, { additionalProperties: true }),
          ...errors(401, 404, 409),
        },
      },
    },
    async (request) => trainings.cancel(request.params.id, request.user),
  );

  app.get(
    '/me/enrolments',
    {
      onRequest: [app.requireRole('worker')],
      schema: {
        tags: ['training'],
        summary: 'My enrolments with the schedule',
        security: [{ bearer: [] }],
        response: { 200: Type.Array(Enrolment), ...errors(401, 403) },
      },
    },
    async (request) => trainings.mine(request.user.id),
  );

  app.get(
    '/trainings/:id/enrolments',
    {
      onRequest: [organizer],
      schema: {
        tags: ['training'],
        summary: 'Roster of a class',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: Type.Array(Type.Object({ id: Type.Integer() }, { additionalProperties: true })), ...errors(401, 403, 404) },
      },
    },
    async (request) => trainings.roster(request.params.id, request.user),
  );
}
