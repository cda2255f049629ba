import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../../lib/http';
import { requestOrigin } from '../../lib/origin';

/** A class under way: attendance, QR check-in, exam scores, completion. */
export default async function trainingCompletionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { trainingCompletion } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(
    app,
    op.recordAttendance,
    { onRequest: [organizer] },
    async (request) => await trainingCompletion.setAttendance(request.params.id, request.params.sessionId, request.body, request.user),
  );

  serve(
    app,
    op.updateTrainingSession,
    { onRequest: [organizer] },
    async (request) => await trainingCompletion.moveSession(request.params.id, request.params.sessionId, request.body, request.user),
  );

  serve(
    app,
    op.getTrainingCheckIn,
    { onRequest: [app.requireRole('worker')] },
    async (request) => await trainingCompletion.previewCheckIn(request.query.token, request.user),
  );

  serve(
    app,
    op.checkInTrainee,
    { onRequest: [app.requireRole('worker')] },
    async (request) => await trainingCompletion.checkIn(request.body.token, request.user),
  );

  serve(app, op.getSessionQr, { onRequest: [organizer] }, async (request, reply) => {
    const png = await trainingCompletion.sessionQr(
      request.params.id,
      request.params.sessionId,
      request.user,
      requestOrigin(request),
      request.query.w,
    );
    return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
  });

  serve(app, op.getSessionCheckInCode, { onRequest: [organizer] }, async (request, reply) => {
    const code = await trainingCompletion.sessionCode(request.params.id, request.params.sessionId, request.user, requestOrigin(request));
    return reply.header('cache-control', 'private, no-store').send(code);
  });

  serve(
    app,
    op.saveExamScores,
    { onRequest: [organizer] },
    async (request) => await trainingCompletion.setExamScores(request.params.id, request.body, request.user),
  );

  serve(
    app,
    op.getAttendance,
    { onRequest: [organizer] },
    async (request) => await trainingCompletion.matrix(request.params.id, request.user),
  );

  serve(
    app,
    op.completeTraining,
    { onRequest: [organizer] },
    async (request) => await trainingCompletion.complete(request.params.id, request.user),
  );
}
