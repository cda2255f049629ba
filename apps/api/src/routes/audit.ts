import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';

/** GET /api/audit (api-contract.md § Promotions, training, statistics, audit). */
export default async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { auditLog } = app.services;

  serve(app, op.listAuditEntries, { onRequest: [app.requireRole('organizer', 'admin')] }, async (request, reply) => {
    const { entity, entityId, eventId, page = 1, pageSize = 50 } = request.query;
    const { items, hasMore } = await auditLog.list(request.user, { entity, entityId, eventId, page, pageSize });
    void reply.header('x-has-more', String(hasMore));
    return items;
  });
}
