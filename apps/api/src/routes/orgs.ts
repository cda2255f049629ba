import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { notFound } from '../lib/errors';
import type { OrgKind } from '../services/organisations';

export default async function orgAndTradeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { orgs, trades } = app.services;

  serve(app, op.listOrgs, { onRequest: [app.authenticate] }, async (request) => {
    const { kind, ...rest } = request.query;
    return orgs.list({ ...rest, kind: kind?.split(',') as OrgKind[] | undefined });
  });

  serve(app, op.getOrg, { onRequest: [app.authenticate] }, async (request) => {
    const org = await orgs.byId(request.params.id);
    if (!org) throw notFound('organisation');
    return { id: org.id, name: org.name, kind: org.kind, parentId: org.parentId };
  });

  serve(app, op.createOrg, { onRequest: [app.requireRole('admin')] }, async (request, reply) =>
    reply.status(201).send(await orgs.create(request.body, request.user.id)),
  );

  serve(app, op.listTrades, {}, async (request) => trades.list(request.query.q));

  serve(app, op.createTrade, { onRequest: [app.requireRole('admin')] }, async (request, reply) =>
    reply.status(201).send(await trades.create(request.body, request.user.id)),
  );
}
