import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { Trade } from './contests';
import { errors, Id, Nullable, OrgKind } from '../common';

const ops = taggedOperations('organisations');
const tradesOps = taggedOperations('trades');

export const OrgSchema = Type.Object(
  { id: Type.Integer(), name: Type.String(), kind: OrgKind, parentId: Nullable(Type.Integer()) },
  { $id: 'Organisation' },
);

export const TradeSchema = Trade;

export const listOrgs = ops.authed('GET', '/orgs', {
  operationId: 'listOrgs',
  summary: 'The organisation tree as a flat list (parentId links) in tree order; optional filters',
  description:
    'Without parameters: the whole tree (the contract). Filters for pickers at city scale (13,000+ base unions): ' +
    '`parentId` direct children; `under` that organisation and everything below it; `kind` a comma-separated list of kinds; ' +
    '`q` name contains (taken literally); `limit` at most that many rows.',
  querystring: Type.Object({
    parentId: Type.Optional(Id),
    under: Type.Optional(Id),
    kind: Type.Optional(Type.String({ pattern: '^(federation|district|base)(,(federation|district|base))*$' })),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  }),
  response: { 200: Type.Array(OrgSchema), ...errors(400, 401) },
});

export const getOrg = ops.authed('GET', '/orgs/:id', {
  operationId: 'getOrg',
  summary: 'One organisation',
  params: Type.Object({ id: Id }),
  response: { 200: OrgSchema, ...errors(400, 401, 404) },
});

export const createOrg = ops.authed('POST', '/orgs', {
  operationId: 'createOrg',
  summary: 'Add an organisation (federation → district → base union)',
  description: '409 ORG_NAME_TAKEN when the parent already has an organisation of that name.',
  body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), kind: OrgKind, parentId: Nullable(Id) }),
  response: { 201: OrgSchema, ...errors(400, 401, 403, 409) },
});

export const listTrades = tradesOps.open('GET', '/trades', {
  operationId: 'listTrades',
  summary: 'The trade catalogue (工种) with national occupation codes; q searches code and names',
  querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })) }),
  response: { 200: Type.Array(TradeSchema), ...errors(400) },
});

export const createTrade = tradesOps.authed('POST', '/trades', {
  operationId: 'createTrade',
  summary: 'Add a trade',
  body: Type.Object({
    code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z.\\-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' }),
    nameEn: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  }),
  response: { 201: TradeSchema, ...errors(400, 401, 403, 409) },
});
