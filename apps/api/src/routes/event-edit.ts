import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';

/** Extensions to api-contract.md § Contests and § Judging: editing an event, taking a judge off an event. */
export default async function eventEditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { eventEdit } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.patch(
    '/events/:id',
    {
      onRequest: [organizer],
      schema: op.updateEvent.schema,
    },
    async (request) => eventEdit.update(request.params.id, request.body, request.user),
  );

  app.delete(
    '/events/:id/judges/:userId',
    {
      onRequest: [organizer],
      schema: op.removeJudge.schema,
    },
    async (request) => eventEdit.removeJudge(request.params.id, request.params.userId, request.user),
  );
}
