import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { optionalString } from '../lib/schemas';

export default async function registrationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { registrations } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.post(
    '/events/:id/registrations',
    {
      onRequest: [app.requireRole('worker')],
      schema: op.registerForEvent.schema,
    },
    async (request, reply) => reply.status(201).send(await registrations.register(request.params.id, request.user)),
  );

  app.delete(
    '/registrations/:id',
    {
      onRequest: [app.authenticate],
      schema: op.cancelRegistration.schema,
    },
    async (request) => {
      return registrations.cancel(request.params.id, request.user, optionalString(request.body, 'reason'));
    },
  );

  app.get(
    '/me/registrations',
    {
      onRequest: [app.requireRole('worker')],
      schema: op.listMyRegistrations.schema,
    },
    async (request) => registrations.mine(request.user.id),
  );

  app.get(
    '/events/:id/registrations',
    {
      onRequest: [organizer],
      schema: op.listEventRegistrations.schema,
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
        schema: op[decision === 'approve' ? 'approveRegistration' : 'rejectRegistration'].schema,
      },
      async (request) => registrations.decide(request.params.id, decision, request.user, optionalString(request.body, 'reason')),
    );
  }

  app.post(
    '/registrations/bulk',
    {
      onRequest: [organizer],
      schema: op.decideRegistrations.schema,
    },
    async (request) => registrations.decideMany(request.body.ids, request.body.decision, request.user, request.body.reason),
  );

  app.post(
    '/events/:id/draw',
    {
      onRequest: [organizer],
      schema: op.drawBibs.schema,
    },
    async (request) => registrations.draw(request.params.id, optionalString(request.body, 'seed', 100), request.user),
  );

  app.post(
    '/registrations/check-in',
    {
      onRequest: [organizer],
      schema: op.checkInContestant.schema,
    },
    async (request) => registrations.checkIn(request.body.code, request.user),
  );

  app.get(
    '/events/:id',
    {
      onRequest: [organizer],
      schema: op.getEvent.schema,
    },
    async (request) => registrations.eventForDesk(request.params.id, request.user),
  );

  app.get(
    '/events/:id/check-ins',
    {
      onRequest: [organizer],
      schema: op.listCheckIns.schema,
    },
    async (request) => registrations.checkedIn(request.params.id, request.user),
  );
}
