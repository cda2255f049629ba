import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { optionalUser } from '../../lib/http';

/** Training classes and their enrolments. */
export default async function trainingClassRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { trainings } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.post(
    '/trainings',
    {
      onRequest: [organizer],
      schema: op.createTraining.schema,
    },
    async (request, reply) => reply.status(201).send(await trainings.create(request.body, request.user)),
  );

  app.get(
    '/trainings',
    {
      schema: op.listTrainings.schema,
    },
    async (request) => {
      const { page = 1, pageSize = 20, ...rest } = request.query;
      return trainings.list({ ...rest, page, pageSize }, await optionalUser(app, request));
    },
  );

  app.get(
    '/trainings/:id',
    {
      schema: op.getTraining.schema,
    },
    async (request) => trainings.detail(request.params.id, await optionalUser(app, request)),
  );

  app.post(
    '/trainings/:id/enrolments',
    {
      onRequest: [app.requireRole('worker')],
      schema: op.enrol.schema,
    },
    async (request, reply) => reply.status(201).send(await trainings.enrol(request.params.id, request.user)),
  );

  app.delete(
    '/enrolments/:id',
    {
      onRequest: [app.authenticate],
      schema: op.cancelEnrolment.schema,
    },
    async (request) => trainings.cancel(request.params.id, request.user),
  );

  app.get(
    '/trainings/:id/enrolments',
    {
      onRequest: [organizer],
      schema: op.listTrainingEnrolments.schema,
    },
    async (request) => trainings.roster(request.params.id, request.user),
  );
}
