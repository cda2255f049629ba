import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { attachment } from '../../lib/http';

/** An event's registrations: register, the organizer's list, the draw, check-ins, the export. */
export default async function eventRegistrationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { registrations, documents } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.post(
    '/events/:id/registrations',
    {
      onRequest: [app.requireRole('worker')],
      schema: op.registerForEvent.schema,
    },
    async (request, reply) => reply.status(201).send(await registrations.register(request.params.id, request.user)),
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

  app.post(
    '/events/:id/draw',
    {
      onRequest: [organizer],
      schema: op.drawBibs.schema,
    },
    async (request) => registrations.draw(request.params.id, request.body?.seed ?? null, request.user),
  );

  app.get(
    '/events/:id/check-ins',
    {
      onRequest: [organizer],
      schema: op.listCheckIns.schema,
    },
    async (request) => registrations.checkedIn(request.params.id, request.user),
  );

  app.get(
    '/events/:id/registrations/export',
    {
      onRequest: [app.requireRole('organizer', 'admin')],
      schema: op.exportRegistrations.schema,
    },
    async (request, reply) => {
      const file = await documents.exportRegistrations(request.params.id, request.user, request.query.format ?? 'csv');
      return attachment(reply, file.filename, file.asciiFilename).type(file.contentType).send(file.body);
    },
  );
}
