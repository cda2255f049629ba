import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, Id, IdParams, Nullable, optionalString, Page, PageQuery } from '../lib/schemas';

const RegStatus = Type.Union(['pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected'].map((s) => Type.Literal(s)));
const Registration = Type.Object(
  { id: Type.Integer(), status: Type.String(), waitlistPosition: Nullable(Type.Integer()) },
  { additionalProperties: true },
);
const Reason = Type.Optional(Nullable(Type.String({ maxLength: 500 })));

export default async function registrationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { registrations } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.post(
    '/events/:id/registrations',
    {
      onRequest: [app.requireRole('worker')],
      schema: {
        tags: ['registrations'],
        summary: 'Register for an event: confirmed, pending (needs approval) or waitlisted',
        description: '409 codes: ALREADY_REGISTERED, REGISTRATION_CLOSED, PROFILE_INCOMPLETE, NOT_ELIGIBLE (the message says which rule).',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 201: Registration, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await registrations.register(request.params.id, request.user)),
  );

  app.delete(
    '/registrations/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['registrations'],
        summary: 'Cancel (the worker until registration closes; an organizer any time); the first waitlisted takes the seat',
        security: [{ bearer: [] }],
        params: IdParams,
        response: {
          200: Type.Object({
            id: Type.Integer(),
            status: Type.Literal('cancelled'),
            promoted: Nullable(Type.Object({ id: Type.Integer(), status: Type.String() })),
          }),
          ...errors(401, 404, 409),
        },
      },
    },
    async (request) => {
      return registrations.cancel(request.params.id, request.user, optionalString(request.body, 'reason'));
    },
  );

  app.get(
    '/me/registrations',
    {
      onRequest: [app.requireRole('worker')],
      schema: {
        tags: ['registrations'],
        summary: 'My registrations with status, waitlist position, blind number',
        security: [{ bearer: [] }],
        response: { 200: Type.Array(Registration), ...errors(401, 403) },
      },
    },
    async (request) => registrations.mine(request.user.id),
  );

  app.get(
    '/events/:id/registrations',
    {
      onRequest: [organizer],
      schema: {
        tags: ['registrations'],
        summary: "The organizer's registration desk (resident IDs masked); search by name, phone, employer or bib",
        security: [{ bearer: [] }],
        params: IdParams,
        querystring: Type.Object({ status: Type.Optional(RegStatus), q: Type.Optional(Type.String({ maxLength: 50 })), ...PageQuery }),
        response: { 200: Page(Registration), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { page = 1, pageSize = 20, status, q } = request.query;
      return registrations.listForEvent(request.params.id, request.user, { status: status as never, q, page, pageSize });
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/registrations/:id/${decision}`,
      {
        onRequest: [organizer],
        schema: {
          tags: ['registrations'],
          summary:
            decision === 'approve' ? 'pending → confirmed' : 'pending/confirmed/waitlisted → rejected (reason required); frees the seat',
          security: [{ bearer: [] }],
          params: IdParams,
          description: 'Optional JSON body `{reason}` (required to reject).',
          response: {
            200: Type.Object({ id: Type.Integer(), status: Type.String() }, { additionalProperties: true }),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => registrations.decide(request.params.id, decision, request.user, optionalString(request.body, 'reason')),
    );
  }

  app.post(
    '/registrations/bulk',
    {
      onRequest: [organizer],
      schema: {
        tags: ['registrations'],
        summary: 'Approve or reject many registrations at once (all or nothing)',
        security: [{ bearer: [] }],
        body: Type.Object({
          ids: Type.Array(Id, { minItems: 1, maxItems: 1000, uniqueItems: true }),
          decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
          reason: Reason,
        }),
        response: {
          200: Type.Array(Type.Object({ id: Type.Integer(), status: Type.String() }, { additionalProperties: true })),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => registrations.decideMany(request.body.ids, request.body.decision, request.user, request.body.reason),
  );

  app.post(
    '/events/:id/draw',
    {
      onRequest: [organizer],
      schema: {
        tags: ['registrations'],
        summary: 'Draw blind numbers A001… for confirmed registrations; reproducible from the seed; once',
        security: [{ bearer: [] }],
        params: IdParams,
        description:
          'Optional JSON body `{seed}`; a random seed is generated and recorded when none is given. Whoever gets a seat after the draw ' +
          '(moved up from the waiting list, approved, or registered while registration is open) is numbered next in arrival order, ' +
          'after the highest number given (audit action `event.draw_late`).',
        response: {
          200: Type.Object({
            seed: Type.String(),
            drawnAt: Type.String(),
            assignments: Type.Array(Type.Object({ registrationId: Type.Integer(), bib: Type.String() })),
          }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => registrations.draw(request.params.id, optionalString(request.body, 'seed', 100), request.user),
  );

  app.post(
    '/registrations/check-in',
    {
      onRequest: [organizer],
      schema: {
        tags: ['registrations'],
        summary: 'Check a contestant in from the admission ticket QR payload',
        security: [{ bearer: [] }],
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: {
          200: Type.Object(
            {
              bib: Nullable(Type.String()),
              name: Type.String(),
              event: Type.Object({ id: Type.Integer(), contest: Type.String(), trade: Type.String() }),
            },
            { additionalProperties: true },
          ),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => registrations.checkIn(request.body.code, request.user),
  );

  app.get(
    '/events/:id',
    {
      onRequest: [organizer],
      schema: {
        tags: ['registrations'],
        summary: "An event in the organizer's subtree with its contest, seat counters and the recorded draw (seed, time)",
        security: [{ bearer: [] }],
        params: IdParams,
        response: {
          200: Type.Object(
            { id: Type.Integer(), drawSeed: Nullable(Type.String()), drawnAt: Nullable(Type.String()) },
            { additionalProperties: true },
          ),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => registrations.eventForDesk(request.params.id, request.user),
  );

  app.get(
    '/events/:id/check-ins',
    {
      onRequest: [organizer],
      schema: {
        tags: ['registrations'],
        summary: 'Who has checked in at the venue',
        security: [{ bearer: [] }],
        params: IdParams,
        response: {
          200: Type.Array(
            Type.Object({
              registrationId: Type.Integer(),
              bib: Nullable(Type.String()),
              name: Type.String(),
              checkedInAt: Nullable(Type.String()),
            }),
          ),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => registrations.checkedIn(request.params.id, request.user),
  );
}
