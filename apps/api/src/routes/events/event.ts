import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';

/** An event of a contest: read it, edit it (capacity, criteria, judges off). */
export default async function eventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { registrations, eventEdit } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.get(
    '/events/:id',
    {
      onRequest: [organizer],
      schema: op.getEvent.schema,
    },
    async (request) => registrations.eventForDesk(request.params.id, request.user),
  );

  app.patch(
    '/events/:id',
    {
      onRequest: [organizer],
      schema: op.updateEvent.schema,
    },
    async (request) => eventEdit.update(request.params.id, request.body, request.user),
  );
}
