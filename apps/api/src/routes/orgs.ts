import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { notFound } from '../lib/errors';
import type { OrgKind } from '../services/organisations';

export default async function orgAndTradeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { orgs, trades } = app.services;

  app.get(
    '/orgs',
    {
      onRequest: [app.authenticate],
      schema: op.listOrgs.schema,
    },
    async (request) => {
      const { kind, ...rest } = request.query;
      return orgs.list({ ...rest, kind: kind?.split(',') as OrgKind[] | undefined });
    },
  );

  app.get(
    '/orgs/:id',
    {
      onRequest: [app.authenticate],
      schema: op.getOrg.schema,
    },
    async (request) => {
      const org = await orgs.byId(request.params.id);
      if (!org) throw notFound('organisation');
      return { id: org.id, name: org.name, kind: org.kind, parentId: org.parentId };
    },
  );

  app.post(
    '/orgs',
    {
      onRequest: [app.requireRole('admin')],
      schema: op.createOrg.schema,
    },
    async (request, reply) => reply.status(201).send(await orgs.create(request.body, request.user.id)),
  );

  app.get(
    '/trades',
    {
      schema: op.listTrades.schema,
    },
    async (request) => trades.list(request.query.q),
  );

  app.post(
    '/trades',
    {
      onRequest: [app.requireRole('admin')],
      schema: op.createTrade.schema,
    },
    async (request, reply) => reply.status(201).send(await trades.create(request.body, request.user.id)),
  );
}
