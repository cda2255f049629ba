import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { langOf } from '../../lib/errors';

/** An event's seat quotas and its unit nominations (单位推荐). */
export default async function eventQuotaRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { nominations } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.put('/events/:id/quotas', { onRequest: [organizer], schema: op.setEventQuotas.schema }, async (request) =>
    nominations.set(request.params.id, request.body, request.user),
  );

  app.get('/events/:id/quotas', { onRequest: [organizer], schema: op.listEventQuotas.schema }, async (request) =>
    nominations.list(request.params.id, request.user),
  );

  app.post('/events/:id/nominations', { onRequest: [organizer], schema: op.nominateWorkers.schema }, async (request) =>
    nominations.nominate(request.params.id, request.body.workerIds, request.user, langOf(request.headers['accept-language'])),
  );
}
