import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { langOf, statusText } from '../lib/errors';
import { DetailedError } from '../services/judging';

/**
 * Sends a DetailedError with its extra fields; everything else goes on to the app's error handler
 * (a child handler that throws hands the error to its parent).
 */
export function detailedErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (!(error instanceof DetailedError)) throw error;
  const status = error.statusCode;
  return reply.status(status).send({
    statusCode: status,
    error: statusText(status),
    code: error.code,
    message: error.messageIn(langOf(request.headers['accept-language'])),
    ...error.details,
  });
}

export default async function judgingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { judging } = app.services;
  const organizer = app.requireRole('organizer', 'admin');
  app.setErrorHandler(detailedErrors);

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

  app.post(
    '/events/:id/unlock',
    {
      onRequest: [app.authenticate],
      schema: op.unlockScoreSheet.schema,
    },
    async (request) => await judging.unlock(request.params.id, request.body.judgeId, request.body.reason, request.user),
  );
}
