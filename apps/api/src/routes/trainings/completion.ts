import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { requestOrigin } from '../../lib/origin';

/** A class under way: attendance, QR check-in, exam scores, completion. */
export default async function trainingCompletionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { trainingCompletion } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.put(
    '/trainings/:id/sessions/:sessionId/attendance',
    {
      onRequest: [organizer],
      schema: op.recordAttendance.schema,
    },
    async (request) => await trainingCompletion.setAttendance(request.params.id, request.params.sessionId, request.body, request.user),
  );

  app.patch(
    '/trainings/:id/sessions/:sessionId',
    {
      onRequest: [organizer],
      schema: op.updateTrainingSession.schema,
    },
    async (request) => await trainingCompletion.moveSession(request.params.id, request.params.sessionId, request.body, request.user),
  );

  app.get(
    '/trainings/check-in',
    {
      onRequest: [app.requireRole('worker')],
      schema: op.getTrainingCheckIn.schema,
    },
    async (request) => await trainingCompletion.previewCheckIn(request.query.token, request.user),
  );

  app.post(
    '/trainings/check-in',
    {
      onRequest: [app.requireRole('worker')],
      schema: op.checkInTrainee.schema,
    },
    async (request) => await trainingCompletion.checkIn(request.body.token, request.user),
  );

  app.get(
    '/trainings/:id/sessions/:sessionId/qr.png',
    {
      onRequest: [organizer],
      schema: op.getSessionQr.schema,
    },
    async (request, reply) => {
      const png = await trainingCompletion.sessionQr(
        request.params.id,
        request.params.sessionId,
        request.user,
        requestOrigin(request),
        request.query.w,
      );
      return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
    },
  );

  app.get(
    '/trainings/:id/sessions/:sessionId/check-in-code',
    {
      onRequest: [organizer],
      schema: op.getSessionCheckInCode.schema,
    },
    async (request, reply) => {
      const code = await trainingCompletion.sessionCode(request.params.id, request.params.sessionId, request.user, requestOrigin(request));
      return reply.header('cache-control', 'private, no-store').send(code);
    },
  );

  app.put(
    '/trainings/:id/exam-scores',
    {
      onRequest: [organizer],
      schema: op.saveExamScores.schema,
    },
    async (request) => await trainingCompletion.setExamScores(request.params.id, request.body, request.user),
  );

  app.get(
    '/trainings/:id/attendance',
    {
      onRequest: [organizer],
      schema: op.getAttendance.schema,
    },
    async (request) => await trainingCompletion.matrix(request.params.id, request.user),
  );

  app.post(
    '/trainings/:id/complete',
    {
      onRequest: [organizer],
      schema: op.completeTraining.schema,
    },
    async (request) => await trainingCompletion.complete(request.params.id, request.user),
  );
}
