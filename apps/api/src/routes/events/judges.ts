import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../../lib/http';

/** An event's judges: assign, list, take off, unlock a submitted sheet. */
export default async function eventJudgeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { judging, eventEdit } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(app, op.assignJudge, { onRequest: [organizer] }, async (request, reply) =>
    reply.status(201).send(await judging.assign(request.params.id, request.body, request.user)),
  );

  serve(app, op.listEventJudges, { onRequest: [organizer] }, async (request) => await judging.roster(request.params.id, request.user));

  serve(app, op.removeJudge, { onRequest: [organizer] }, async (request) =>
    eventEdit.removeJudge(request.params.id, request.params.userId, request.user),
  );

  serve(
    app,
    op.unlockScoreSheet,
    { onRequest: [app.authenticate] },
    async (request) => await judging.unlock(request.params.id, request.body.judgeId, request.body.reason, request.user),
  );
}
