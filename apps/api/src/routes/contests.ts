import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, Id, IdParams, IsoDateTime, Nullable, Page, PageQuery } from '../lib/schemas';
import type { AuthUser } from '../plugins/auth';
import { EventBody } from './event-schemas';

const Tier = Type.Union([Type.Literal('city'), Type.Literal('district'), Type.Literal('enterprise')]);
const ContestStatus = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('cancelled')]);
const Title = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });

const ContestBody = Type.Object({
  title: Title,
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  tier: Tier,
  orgId: Id,
  inPlan: Type.Boolean({ description: '纳入计划: only in-plan contests can promote' }),
  venue: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  registrationOpensAt: IsoDateTime,
  registrationClosesAt: IsoDateTime,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
});

const EventSummary = Type.Object(
  {
    id: Type.Integer(),
    trade: Type.Any(),
    capacity: Type.Integer(),
    confirmed: Type.Integer(),
    waitlisted: Type.Integer(),
    seatsLeft: Type.Integer(),
  },
  { additionalProperties: true },
);

const ContestSummary = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    tier: Tier,
    orgId: Type.Integer(),
    orgName: Nullable(Type.String()),
    inPlan: Type.Boolean(),
    status: ContestStatus,
    venue: Nullable(Type.String()),
    registrationOpensAt: Type.String(),
    registrationClosesAt: Type.String(),
    startsAt: Type.String(),
    endsAt: Type.String(),
    events: Type.Array(EventSummary),
  },
  { additionalProperties: true },
);

/** Optional auth: a valid token identifies the caller, none means anonymous (public lists). */
export async function optionalUser(
  app: FastifyInstance,
  request: Parameters<FastifyInstance['authenticate']>[0],
): Promise<AuthUser | undefined> {
  if (!request.headers.authorization && !request.cookies.gj_access) return undefined;
  await app.authenticate.call(app, request, undefined as never);
  return request.user;
}

export default async function contestRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { contests } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.post(
    '/contests',
    {
      onRequest: [organizer],
      schema: {
        tags: ['contests'],
        summary: 'Create a contest (draft) for an organisation in your subtree',
        security: [{ bearer: [] }],
        body: ContestBody,
        response: {
          201: Type.Object({ id: Type.Integer(), status: ContestStatus }, { additionalProperties: true }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const row = await contests.create(request.body, request.user);
      return reply.status(201).send(row);
    },
  );

  app.patch(
    '/contests/:id',
    {
      onRequest: [organizer],
      schema: {
        tags: ['contests'],
        summary: 'Edit a contest',
        security: [{ bearer: [] }],
        params: IdParams,
        body: Type.Partial(ContestBody),
        response: { 200: Type.Object({ id: Type.Integer() }, { additionalProperties: true }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => contests.update(request.params.id, request.body, request.user),
  );

  app.post(
    '/contests/:id/events',
    {
      onRequest: [organizer],
      schema: {
        tags: ['contests'],
        summary:
          'Add an event (one trade) with capacity, eligibility, scoring scheme and promotion rules (defaults from the tier template)',
        security: [{ bearer: [] }],
        params: IdParams,
        body: EventBody,
        response: { 201: Type.Object({ id: Type.Integer() }, { additionalProperties: true }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await contests.addEvent(request.params.id, request.body, request.user)),
  );

  app.post(
    '/contests/:id/publish',
    {
      onRequest: [organizer],
      schema: {
        tags: ['contests'],
        summary: 'draft → published (visible to workers)',
        security: [{ bearer: [] }],
        params: IdParams,
        response: {
          200: Type.Object({ id: Type.Integer(), status: ContestStatus }, { additionalProperties: true }),
          ...errors(401, 403, 404, 409),
        },
      },
    },
    async (request) => contests.publish(request.params.id, request.user),
  );

  app.post(
    '/contests/:id/cancel',
    {
      onRequest: [organizer],
      schema: {
        tags: ['contests'],
        summary: 'Cancel a contest',
        security: [{ bearer: [] }],
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: {
          200: Type.Object({ id: Type.Integer(), status: ContestStatus }, { additionalProperties: true }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => contests.cancel(request.params.id, request.user, request.body.reason),
  );

  app.get(
    '/contests',
    {
      schema: {
        tags: ['contests'],
        summary: 'Published contests (organizers also see their drafts); filters and pagination',
        querystring: Type.Object({
          status: Type.Optional(ContestStatus),
          tradeId: Type.Optional(Id),
          tier: Type.Optional(Tier),
          orgId: Type.Optional(Id),
          open: Type.Optional(Type.Boolean({ description: 'registration open now' })),
          q: Type.Optional(Type.String({ maxLength: 100 })),
          ...PageQuery,
        }),
        response: { 200: Page(ContestSummary), ...errors(400, 401) },
      },
    },
    async (request) => {
      const user = await optionalUser(app, request);
      const { page = 1, pageSize = 20, ...rest } = request.query;
      return contests.list({ ...rest, page, pageSize }, user);
    },
  );

  app.get(
    '/contests/:id',
    {
      schema: {
        tags: ['contests'],
        summary: 'A contest with its events and seats left',
        params: IdParams,
        response: {
          200: Type.Object({ id: Type.Integer(), events: Type.Array(EventSummary) }, { additionalProperties: true }),
          ...errors(401, 404),
        },
      },
    },
    async (request) => contests.detail(request.params.id, await optionalUser(app, request)),
  );
}
