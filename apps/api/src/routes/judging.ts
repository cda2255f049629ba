import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { langOf } from '../lib/errors';

/** A judge's own area: the events to score, the sheet, scores, submit. */
export default async function judgingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { judging } = app.services;

  serve(
    app,
    op.listMyJudgingEvents,
    { onRequest: [app.requireRole('judge')] },
    async (request) => await judging.myAssignments(request.user),
  );

  serve(app, op.getScoreSheet, { onRequest: [app.authenticate] }, async (request) => await judging.sheet(request.params.id, request.user));

  serve(
    app,
    op.saveScore,
    { onRequest: [app.authenticate] },
    async (request) => await judging.saveScore(request.params.id, request.user, request.body),
  );

  serve(
    app,
    op.saveScores,
    { onRequest: [app.authenticate] },
    async (request) => await judging.saveScores(request.params.id, request.user, request.body, langOf(request.headers['accept-language'])),
  );

  serve(
    app,
    op.submitScoreSheet,
    { onRequest: [app.authenticate] },
    async (request) => await judging.submit(request.params.id, request.user),
  );
}
