import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';

/**
 * Appeals (申诉): a contestant files one on their registration, the organizer and the chief judge read an event's
 * and decide them. One resource, three paths (/registrations/:id/appeals, /events/:id/appeals, /appeals/:id/decide).
 */
export default async function appealRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { appeals } = app.services;

  app.post(
    '/registrations/:id/appeals',
    {
      onRequest: [app.authenticate],
      schema: op.fileAppeal.schema,
    },
    async (request, reply) => reply.code(201).send(await appeals.file(request.params.id, request.body.reason, request.user)),
  );

  app.get(
    '/events/:id/appeals',
    {
      onRequest: [app.authenticate],
      schema: op.listEventAppeals.schema,
    },
    async (request) => await appeals.list(request.params.id, request.user),
  );

  app.post(
    '/appeals/:id/decide',
    {
      onRequest: [app.authenticate],
      schema: op.decideAppeal.schema,
    },
    async (request) => await appeals.decide(request.params.id, request.body.decision, request.body.reason, request.user),
  );
}
