import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, Id, IdParams } from '../common';
import { EventPatchBody } from './event-schemas';
import { DeskEvent } from './registrations';

const ops = taggedOperations('contests');
const judgingOps = taggedOperations('judging');

export const updateEvent = ops.authed('PATCH', '/events/:id', {
  operationId: 'updateEvent',
  summary: 'Edit an event: any of the fields of POST /api/contests/:id/events except the trade; returns the event as GET /api/events/:id',
  description: [
    'One transaction, audited (event.update with before/after of the changed parts). Fields sent with their current value do not count as a change.',
    'Raising capacity gives the new seats to the waiting list in arrival order (confirmed, or pending when the event needs approval); `promotedFromWaitlist` says how many moved.',
    'Eligibility and requiresApproval changes apply to future registrations only. The scheme is validated as on creation (400 VALIDATION: criteria maxima sum to 100, weights to 1).',
    '409 CAPACITY_BELOW_TAKEN below confirmed + pending; 409 SCORING_LOCKED once a judge mark or theory score exists; 409 PROMOTION_RULES_LOCKED once promotions were applied;',
    '409 RESULTS_PUBLISHED for anything but the venue after results are published; 409 CONTEST_CANCELLED.',
  ].join(' '),
  params: IdParams,
  body: EventPatchBody,
  response: {
    200: Type.Object(
      {
        ...DeskEvent.properties,
        promotedFromWaitlist: Type.Integer({ description: 'waitlisted registrations given a seat by this change' }),
      },
      { $id: 'EditedEvent' },
    ),
    ...errors(400, 401, 403, 404, 409),
  },
});

export const removeJudge = judgingOps.authed('DELETE', '/events/:id/judges/:userId', {
  operationId: 'removeJudge',
  summary: 'Take a judge off an event (a wrong assignment); audited',
  description:
    '404 JUDGE_NOT_ASSIGNED when the user is not on the panel; 409 JUDGE_HAS_SCORES once the judge has entered any mark for the event (keep the judge, unlock the sheet to correct marks); 409 ALREADY_PUBLISHED after results are published.',
  params: Type.Object({ id: Id, userId: Id }),
  response: {
    200: Type.Object({ eventId: Type.Integer(), judgeId: Type.Integer(), removed: Type.Literal(true) }),
    ...errors(401, 403, 404, 409),
  },
});
