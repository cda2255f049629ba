import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../../lib/http';

/** An event of a contest: read it, edit it (capacity, criteria, judges off). */
export default async function eventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { registrations, eventEdit } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(app, op.getEvent, { onRequest: [organizer] }, async (request) => registrations.eventForDesk(request.params.id, request.user));

  serve(app, op.updateEvent, { onRequest: [organizer] }, async (request) =>
    eventEdit.update(request.params.id, request.body, request.user),
  );
}
