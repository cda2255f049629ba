import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { langOf } from '../lib/errors';

/** A judge's own area: the events to score, the sheet, scores, submit. */
export default async function judgingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { judging } = app.services;

  app.get(
    '/judging/events',
    {
      onRequest: [app.requireRole('judge')],
      schema: op.listMyJudgingEvents.schema,
    },
    async (request) => await judging.myAssignments(request.user),
  );

  app.get(
    '/judging/events/:id/sheet',
    {
      onRequest: [app.authenticate],
      schema: op.getScoreSheet.schema,
    },
    async (request) => await judging.sheet(request.params.id, request.user),
  );

  app.put(
    '/judging/events/:id/scores',
    {
      onRequest: [app.authenticate],
      schema: op.saveScore.schema,
    },
    async (request) => await judging.saveScore(request.params.id, request.user, request.body),
  );

  app.put(
    '/judging/events/:id/scores/batch',
    {
      onRequest: [app.authenticate],
      schema: op.saveScores.schema,
    },
    async (request) => await judging.saveScores(request.params.id, request.user, request.body, langOf(request.headers['accept-language'])),
  );

  app.post(
    '/judging/events/:id/submit',
    {
      onRequest: [app.authenticate],
      schema: op.submitScoreSheet.schema,
    },
    async (request) => await judging.submit(request.params.id, request.user),
  );
}
