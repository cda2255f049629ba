import { taggedOperations } from '../operation';
import { Type, type TLiteral } from 'typebox';
import { errors, Nullable } from '../common';

const ops = taggedOperations('audit');

/** Every entity the audit trail records (the data layer's audit-trail repository knows how to scope each). */
export const AUDIT_ENTITIES = [
  'organisation',
  'user',
  'contest',
  'event',
  'registration',
  'score',
  'theory_score',
  'training',
  'training_session',
  'enrolment',
  'promotion',
  'trade',
  'appeal',
] as const;

export const Entry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Nullable(Type.Integer()),
  actorName: Nullable(Type.String()),
  action: Type.String({ description: 'e.g. score.set, registration.cancel, promotion.apply' }),
  entity: Type.String(),
  entityId: Nullable(Type.Integer()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  reason: Nullable(Type.String()),
});

export const listAuditEntries = ops.authed('GET', '/audit', {
  operationId: 'listAuditEntries',
  summary: 'The audit trail, newest first: every score, lock, registration, promotion and account change with before/after values',
  description:
    "An organizer sees entries about entities in their organisation's subtree; an admin sees everything. The response header " +
    '`x-has-more: true` says another page follows.',
  querystring: Type.Object({
    // typed as one literal of the union, so clients see the entity names (the schema lists each one)
    entity: Type.Optional(Type.Union(AUDIT_ENTITIES.map((e) => Type.Literal(e)) as unknown as [TLiteral<(typeof AUDIT_ENTITIES)[number]>])),
    entityId: Type.Optional(Type.Integer({ minimum: 1 })),
    eventId: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          "one contest event's history: the event, its registrations, judges, marks, sheets, theory scores and promotions (404 outside your subtree)",
      }),
    ),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  }),
  response: { 200: Type.Array(Entry), ...errors(400, 401, 403, 404) },
});
