import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';

/** The quotas a union organizer's subtree holds: the events they may nominate workers for. */
export default async function quotaRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { nominations } = app.services;

  serve(app, op.listMyQuotas, { onRequest: [app.requireRole('organizer', 'admin')] }, async (request) => nominations.mine(request.user));
}
