import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';

/** An event's judges: assign, list, take off, unlock a submitted sheet. */
export default async function eventJudgeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { judging, eventEdit } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.post(
    '/events/:id/judges',
    {
      onRequest: [organizer],
      schema: op.assignJudge.schema,
    },
    async (request, reply) => reply.status(201).send(await judging.assign(request.params.id, request.body, request.user)),
  );

  app.get(
    '/events/:id/judges',
    {
      onRequest: [organizer],
      schema: op.listEventJudges.schema,
    },
    async (request) => await judging.roster(request.params.id, request.user),
  );

  app.delete(
    '/events/:id/judges/:userId',
    {
      onRequest: [organizer],
      schema: op.removeJudge.schema,
    },
    async (request) => eventEdit.removeJudge(request.params.id, request.params.userId, request.user),
  );

  app.post(
    '/events/:id/unlock',
    {
      onRequest: [app.authenticate],
      schema: op.unlockScoreSheet.schema,
    },
    async (request) => await judging.unlock(request.params.id, request.body.judgeId, request.body.reason, request.user),
  );
}
