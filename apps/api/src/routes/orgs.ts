import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../lib/errors';
import { errors, Id, Nullable } from '../lib/schemas';
import type { OrgKind } from '../services/organisations';

const OrgKind = Type.Union([Type.Literal('federation'), Type.Literal('district'), Type.Literal('base')]);
const OrgSchema = Type.Object({ id: Type.Integer(), name: Type.String(), kind: OrgKind, parentId: Nullable(Type.Integer()) });
const TradeSchema = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), nameEn: Type.String() });

export default async function orgAndTradeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { orgs, trades } = app.services;

  app.get(
    '/orgs',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['organisations'],
        summary: 'The organisation tree as a flat list (parentId links) in tree order; optional filters',
        description:
          'Without parameters: the whole tree (the contract). Filters for pickers at city scale (13,000+ base unions): ' +
          '`parentId` direct children; `under` that organisation and everything below it; `kind` a comma-separated list of kinds; ' +
          '`q` name contains (taken literally); `limit` at most that many rows.',
        security: [{ bearer: [] }],
        querystring: Type.Object({
          parentId: Type.Optional(Id),
          under: Type.Optional(Id),
          kind: Type.Optional(Type.String({ pattern: '^(federation|district|base)(,(federation|district|base))*$' })),
          q: Type.Optional(Type.String({ maxLength: 50 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: Type.Array(OrgSchema), ...errors(400, 401) },
      },
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
      schema: {
        tags: ['organisations'],
        summary: 'One organisation',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Id }),
        response: { 200: OrgSchema, ...errors(400, 401, 404) },
      },
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
      schema: {
        tags: ['organisations'],
        summary: 'Add an organisation (federation → district → base union)',
        description: '409 ORG_NAME_TAKEN when the parent already has an organisation of that name.',
        security: [{ bearer: [] }],
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), kind: OrgKind, parentId: Nullable(Id) }),
        response: { 201: OrgSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await orgs.create(request.body, request.user.id)),
  );

  app.get(
    '/trades',
    {
      schema: {
        tags: ['trades'],
        summary: 'The trade catalogue (工种) with national occupation codes; q searches code and names',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })) }),
        response: { 200: Type.Array(TradeSchema), ...errors(400) },
      },
    },
    async (request) => trades.list(request.query.q),
  );

  app.post(
    '/trades',
    {
      onRequest: [app.requireRole('admin')],
      schema: {
        tags: ['trades'],
        summary: 'Add a trade',
        security: [{ bearer: [] }],
        body: Type.Object({
          code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z.\\-]+$' }),
          name: Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' }),
          nameEn: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
        }),
        response: { 201: TradeSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await trades.create(request.body, request.user.id)),
  );
}
