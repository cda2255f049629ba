import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../../lib/http';
import { langOf } from '../../lib/errors';

/** An event's seat quotas and its unit nominations (单位推荐). */
export default async function eventQuotaRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { nominations } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(app, op.setEventQuotas, { onRequest: [organizer] }, async (request) =>
    nominations.set(request.params.id, request.body, request.user),
  );

  serve(app, op.listEventQuotas, { onRequest: [organizer] }, async (request) => nominations.list(request.params.id, request.user));

  serve(app, op.nominateWorkers, { onRequest: [organizer] }, async (request) =>
    nominations.nominate(request.params.id, request.body.workerIds, request.user, langOf(request.headers['accept-language'])),
  );
}
