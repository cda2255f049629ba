import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { optionalUser, serve } from '../lib/http';

export default async function contestRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { contests } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(app, op.createContest, { onRequest: [organizer] }, async (request, reply) => {
    const row = await contests.create(request.body, request.user);
    return reply.status(201).send(row);
  });

  serve(app, op.updateContest, { onRequest: [organizer] }, async (request) =>
    contests.update(request.params.id, request.body, request.user),
  );

  serve(app, op.addContestEvent, { onRequest: [organizer] }, async (request, reply) =>
    reply.status(201).send(await contests.addEvent(request.params.id, request.body, request.user)),
  );

  serve(app, op.publishContest, { onRequest: [organizer] }, async (request) => contests.publish(request.params.id, request.user));

  serve(app, op.cancelContest, { onRequest: [organizer] }, async (request) =>
    contests.cancel(request.params.id, request.user, request.body.reason),
  );

  serve(app, op.listContests, {}, async (request) => {
    const user = await optionalUser(app, request);
    const { page = 1, pageSize = 20, ...rest } = request.query;
    return contests.list({ ...rest, page, pageSize }, user);
  });

  serve(app, op.getContest, {}, async (request) => contests.detail(request.params.id, await optionalUser(app, request)));
}
