import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { optionalUser, serve } from '../../lib/http';

/** Training classes and their enrolments. */
export default async function trainingClassRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { trainings } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(app, op.createTraining, { onRequest: [organizer] }, async (request, reply) =>
    reply.status(201).send(await trainings.create(request.body, request.user)),
  );

  serve(app, op.listTrainings, {}, async (request) => {
    const { page = 1, pageSize = 20, ...rest } = request.query;
    return trainings.list({ ...rest, page, pageSize }, await optionalUser(app, request));
  });

  serve(app, op.getTraining, {}, async (request) => trainings.detail(request.params.id, await optionalUser(app, request)));

  serve(app, op.enrol, { onRequest: [app.requireRole('worker')] }, async (request, reply) =>
    reply.status(201).send(await trainings.enrol(request.params.id, request.user)),
  );

  serve(app, op.cancelEnrolment, { onRequest: [app.authenticate] }, async (request) => trainings.cancel(request.params.id, request.user));

  serve(app, op.listTrainingEnrolments, { onRequest: [organizer] }, async (request) => trainings.roster(request.params.id, request.user));
}
