import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';

/** GET /api/stats/annual (api-contract.md § Promotions, training, statistics). */
export default async function statsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { stats } = app.services;

  app.get(
    '/stats/annual',
    {
      onRequest: [app.requireRole('organizer', 'admin')],
      schema: op.getAnnualStats.schema,
    },
    async (request) => stats.annual(request.user, request.query),
  );
}
