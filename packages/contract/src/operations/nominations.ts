/** Seat quotas and unit nominations (api-contract.md § Contests as unions run them). */
import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, Id, IdParams, Nullable } from '../common';

const ops = taggedOperations('registrations');

const Seats = Type.Integer({ minimum: 0, maximum: 100000 });

/** One union's quota in an event: seats allotted and seats its nominations hold. */
export const Quota = Type.Object(
  {
    orgId: Type.Integer(),
    orgName: Type.String(),
    seats: Type.Integer(),
    used: Type.Integer({ description: 'seats held by its nominations (confirmed or pending)' }),
  },
  { $id: 'Quota' },
);

export const setEventQuotas = ops.authed('PUT', '/events/:id/quotas', {
  operationId: 'setEventQuotas',
  summary: 'Allot seats of an event to unions (名额分配): the whole list, replacing the one before',
  description: [
    'Organizer of the event. Each `orgId` is a union inside the event owner’s subtree, listed once; 400 VALIDATION when the seats add up to more than the capacity.',
    'Unused quota seats are reserved: self-registration and the waiting list get only capacity − held − unused quota seats; a declined nomination gives its seat back to its quota.',
    'Seats opened by lowering or removing a quota go to the waiting list at once. Audited as `event.quotas` (before/after). 409 CONTEST_CANCELLED.',
  ].join(' '),
  params: IdParams,
  body: Type.Array(Type.Object({ orgId: Id, seats: Seats }), { maxItems: 500 }),
  response: { 200: Type.Array(Quota), ...errors(400, 401, 403, 404, 409) },
});

export const listEventQuotas = ops.authed('GET', '/events/:id/quotas', {
  operationId: 'listEventQuotas',
  summary: 'An event’s quotas, seats used and allotted per union',
  description:
    'The event’s organizer sees every row; the organizer of a union holding a quota sees the rows of their own subtree. Anyone else: 404.',
  params: IdParams,
  response: { 200: Type.Array(Quota), ...errors(401, 403, 404) },
});

export const listMyQuotas = ops.authed('GET', '/quotas', {
  operationId: 'listMyQuotas',
  summary: 'Quotas held by unions of your subtree in published contests: the events you may nominate for',
  response: {
    200: Type.Array(
      Type.Object(
        {
          eventId: Type.Integer(),
          orgId: Type.Integer(),
          orgName: Type.String(),
          seats: Type.Integer(),
          used: Type.Integer(),
          contest: Type.Object({ id: Type.Integer(), title: Type.String(), registrationClosesAt: Type.String() }),
          trade: Type.Object({ name: Type.String(), nameEn: Type.String() }),
          open: Type.Boolean({ description: 'registration is open now: nominations are accepted' }),
        },
        { $id: 'HeldQuota' },
      ),
    ),
    ...errors(401, 403),
  },
});

const NominationCode = Type.Union(
  [Type.Literal('NOT_ELIGIBLE'), Type.Literal('ALREADY_REGISTERED'), Type.Literal('QUOTA_FULL'), Type.Literal('PROFILE_INCOMPLETE')],
  { description: 'why this worker was refused; NOT_ELIGIBLE also when the worker is not of your subtree' },
);

export const nominateWorkers = ops.authed('POST', '/events/:id/nominations', {
  operationId: 'nominateWorkers',
  summary: 'Nominate workers of your subtree (单位推荐): each registered or refused with its own code',
  description: [
    'Organizer of the event, or of a union holding a quota of it (or above one). Accepted while registration is open (409 REGISTRATION_CLOSED).',
    'Each worker is registered (`confirmed`, or `pending` when the event needs approval) on a seat of the quota of the nearest union on the path from their employer up,',
    'or on an open seat when no union there holds a quota; else refused: NOT_ELIGIBLE (eligibility rules, or not a worker of your subtree), ALREADY_REGISTERED,',
    'QUOTA_FULL, PROFILE_INCOMPLETE — one refusal never blocks the others. Nominations never join the waiting list. One transaction locked on the event; each nomination audited (`registration.nominate`).',
  ].join(' '),
  params: IdParams,
  body: Type.Object({ workerIds: Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true }) }),
  response: {
    200: Type.Object(
      {
        items: Type.Array(
          Type.Object({
            workerId: Type.Integer(),
            registrationId: Type.Optional(Type.Integer()),
            status: Type.Optional(Type.Union([Type.Literal('confirmed'), Type.Literal('pending')])),
            code: Type.Optional(NominationCode),
            message: Type.Optional(Nullable(Type.String({ description: 'the refusal in the caller’s language' }))),
          }),
        ),
      },
      { $id: 'NominationOutcome' },
    ),
    ...errors(400, 401, 403, 404, 409),
  },
});
