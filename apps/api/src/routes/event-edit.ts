import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, Id, IdParams } from '../lib/schemas';
import { EventPatchBody } from './event-schemas';

/** Extensions to api-contract.md § Contests and § Judging: editing an event, taking a judge off an event. */
export default async function eventEditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { eventEdit } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.patch(
    '/events/:id',
    {
      onRequest: [organizer],
      schema: {
        tags: ['contests'],
        summary:
          'Edit an event: any of the fields of POST /api/contests/:id/events except the trade; returns the event as GET /api/events/:id',
        description: [
          'One transaction, audited (event.update with before/after of the changed parts). Fields sent with their current value do not count as a change.',
          'Raising capacity gives the new seats to the waiting list in arrival order (confirmed, or pending when the event needs approval); `promotedFromWaitlist` says how many moved.',
          'Eligibility and requiresApproval changes apply to future registrations only. The scheme is validated as on creation (400 VALIDATION: criteria maxima sum to 100, weights to 1).',
          '409 CAPACITY_BELOW_TAKEN below confirmed + pending; 409 SCORING_LOCKED once a judge mark or theory score exists; 409 PROMOTION_RULES_LOCKED once promotions were applied;',
          '409 RESULTS_PUBLISHED for anything but the venue after results are published; 409 CONTEST_CANCELLED.',
        ].join(' '),
        security: [{ bearer: [] }],
        params: IdParams,
        body: EventPatchBody,
        response: {
          200: Type.Object(
            {
              id: Type.Integer(),
              capacity: Type.Integer(),
              confirmed: Type.Integer(),
              pending: Type.Integer(),
              waitlisted: Type.Integer(),
              seatsLeft: Type.Integer(),
              promotedFromWaitlist: Type.Integer({ description: 'waitlisted registrations given a seat by this change' }),
            },
            { additionalProperties: true },
          ),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => eventEdit.update(request.params.id, request.body, request.user),
  );

  app.delete(
    '/events/:id/judges/:userId',
    {
      onRequest: [organizer],
      schema: {
        tags: ['judging'],
        summary: 'Take a judge off an event (a wrong assignment); audited',
        description:
          '404 JUDGE_NOT_ASSIGNED when the user is not on the panel; 409 JUDGE_HAS_SCORES once the judge has entered any mark for the event (keep the judge, unlock the sheet to correct marks); 409 ALREADY_PUBLISHED after results are published.',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Id, userId: Id }),
        response: {
          200: Type.Object({ eventId: Type.Integer(), judgeId: Type.Integer(), removed: Type.Literal(true) }),
          ...errors(401, 403, 404, 409),
        },
      },
    },
    async (request) => eventEdit.removeJudge(request.params.id, request.params.userId, request.user),
  );
}
