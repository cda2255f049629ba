import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';

/** The quotas a union organizer's subtree holds: the events they may nominate workers for. */
export default async function quotaRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { nominations } = app.services;

  app.get('/quotas', { onRequest: [app.requireRole('organizer', 'admin')], schema: op.listMyQuotas.schema }, async (request) =>
    nominations.mine(request.user),
  );
}
