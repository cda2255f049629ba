/**
 * Stages (预赛 → 决赛; api-contract.md § Contests as unions run them): a final's event names its preliminaries
 * (`qualifiesFrom`), and POST /api/events/:id/advance registers the qualifiers of every published preliminary.
 */
import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, Id, IdParams, Nullable } from '../common';

const ops = taggedOperations('registrations');

const TopN = Type.Integer({ minimum: 1, maximum: 100000, description: 'the top N ranks advance (ties at the cut too)' });
const TopPercent = Type.Number({
  exclusiveMinimum: 0,
  maximum: 100,
  description: 'the top share advances: ranks ≤ max(1, ⌊contestants × topPercent / 100⌋), ties at the cut too',
});

/** One preliminary of a final and how many of it advance: exactly one of topN or topPercent. */
export const QualifyRule = Type.Object(
  { eventId: Id, topN: Type.Optional(TopN), topPercent: Type.Optional(TopPercent) },
  {
    $id: 'QualifyRule',
    description:
      'A preliminary (预赛) event feeding this final (决赛): its contest is owned inside the final contest owner’s subtree; not the final itself; each at most once. Exactly one of topN or topPercent.',
  },
);

/** The event field on create and edit: the whole list (an empty list makes the event no final). */
export const QualifiesFromBody = Type.Array(QualifyRule, { maxItems: 50 });

/** The preliminaries of a final as its organizer's pages show them. */
export const Preliminary = Type.Object(
  {
    eventId: Type.Integer(),
    topN: Nullable(Type.Integer()),
    topPercent: Nullable(Type.Number()),
    contestId: Type.Integer(),
    contestTitle: Type.String(),
    trade: Nullable(Type.String()),
    resultsPublished: Type.Boolean(),
  },
  { $id: 'Preliminary' },
);

/** Where an advanced finalist's registration came from: the preliminary and their rank in it. */
export const QualifiedFrom = Type.Object(
  { eventId: Type.Integer(), contestId: Type.Integer(), contestTitle: Type.String(), trade: Nullable(Type.String()), rank: Type.Integer() },
  { $id: 'QualifiedFrom', description: '晋级决赛: registered by POST /api/events/:id/advance from this preliminary with this rank' },
);

export const AdvancedFinalist = Type.Object(
  {
    workerId: Type.Integer(),
    fromEventId: Type.Integer(),
    rank: Type.Integer(),
    registrationId: Type.Integer(),
    name: Type.String(),
    wasRegistered: Type.Boolean({
      description: 'the worker already held a registration for the final (their own): it now records the qualification and is confirmed',
    }),
  },
  { $id: 'AdvancedFinalist' },
);

export const advanceToFinal = ops.authed('POST', '/events/:id/advance', {
  operationId: 'advanceToFinal',
  summary: 'Register the qualifiers of every published preliminary of this final (晋级决赛)',
  description: [
    'Organizer of the final. For each preliminary in `qualifiesFrom` whose results are published, the contestants ranked within topN (or the',
    'top share) advance, everyone tied at the cut included. Each is registered confirmed whatever the final’s window, capacity or eligibility;',
    'capacity grows when the seats are taken. A worker who already holds a live registration for the final keeps it: it is confirmed and',
    'records the qualification (`wasRegistered: true`). Idempotent: a repeated call registers nobody twice and returns only those newly',
    'advanced (`items: []` when none); a finalist who qualified from two preliminaries advances once, from the first listed.',
    'One transaction on the final event, audited (registration.advance per finalist, event.advance for the call).',
    '409 RESULTS_NOT_PUBLISHED when no preliminary of the event has published results (or it names none); 409 RESULTS_PUBLISHED once the',
    'final’s own results are published; 409 CONTEST_CANCELLED.',
  ].join(' '),
  params: IdParams,
  response: {
    200: Type.Object({ items: Type.Array(AdvancedFinalist) }, { $id: 'AdvanceOutcome' }),
    ...errors(401, 403, 404, 409),
  },
});
