import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { optionalUser } from '../lib/http';

export default async function contestRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { contests } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.post(
    '/contests',
    {
      onRequest: [organizer],
      schema: op.createContest.schema,
    },
    async (request, reply) => {
      const row = await contests.create(request.body, request.user);
      return reply.status(201).send(row);
    },
  );

  app.patch(
    '/contests/:id',
    {
      onRequest: [organizer],
      schema: op.updateContest.schema,
    },
    async (request) => contests.update(request.params.id, request.body, request.user),
  );

  app.post(
    '/contests/:id/events',
    {
      onRequest: [organizer],
      schema: op.addContestEvent.schema,
    },
    async (request, reply) => reply.status(201).send(await contests.addEvent(request.params.id, request.body, request.user)),
  );

  app.post(
    '/contests/:id/publish',
    {
      onRequest: [organizer],
      schema: op.publishContest.schema,
    },
    async (request) => contests.publish(request.params.id, request.user),
  );

  app.post(
    '/contests/:id/cancel',
    {
      onRequest: [organizer],
      schema: op.cancelContest.schema,
    },
    async (request) => contests.cancel(request.params.id, request.user, request.body.reason),
  );

  app.get(
    '/contests',
    {
      schema: op.listContests.schema,
    },
    async (request) => {
      const user = await optionalUser(app, request);
      const { page = 1, pageSize = 20, ...rest } = request.query;
      return contests.list({ ...rest, page, pageSize }, user);
    },
  );

  app.get(
    '/contests/:id',
    {
      schema: op.getContest.schema,
    },
    async (request) => contests.detail(request.params.id, await optionalUser(app, request)),
  );
}
