import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';

/**
 * Appeals (申诉): a contestant files one on their registration, the organizer and the chief judge read an event's
 * and decide them. One resource, three paths (/registrations/:id/appeals, /events/:id/appeals, /appeals/:id/decide).
 */
export default async function appealRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { appeals } = app.services;

  serve(app, op.fileAppeal, { onRequest: [app.authenticate] }, async (request, reply) =>
    reply.code(201).send(await appeals.file(request.params.id, request.body.reason, request.user)),
  );

  serve(
    app,
    op.listEventAppeals,
    { onRequest: [app.authenticate] },
    async (request) => await appeals.list(request.params.id, request.user),
  );

  serve(
    app,
    op.decideAppeal,
    { onRequest: [app.authenticate] },
    async (request) => await appeals.decide(request.params.id, request.body.decision, request.body.reason, request.user),
  );
}
