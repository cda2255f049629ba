/** Appeals (申诉): a contestant appeals a published result; the chief judge or the organizer decides (api-contract.md v1.1). */
import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { APPEAL_DECISIONS, APPEAL_REASON_MAX } from '@gongjiang/domain';
import { errors, IdParams, Nullable } from '../common';

const ops = taggedOperations('results');

const Reason = Type.String({ minLength: 1, maxLength: APPEAL_REASON_MAX, pattern: '\\S' });
export const AppealStatus = Type.Union([Type.Literal('open'), Type.Literal('upheld'), Type.Literal('dismissed')], {
  description: 'open until decided; then the decision: upheld 申诉成立 (results withdrawn) or dismissed 驳回 (results stand)',
});
const AppealDecision = Type.Enum(APPEAL_DECISIONS);

/** One appeal on the results board (GET /api/events/:id/appeals): blind number, never the name. */
export const EventAppeal = Type.Object(
  {
    id: Type.Integer(),
    registrationId: Type.Integer(),
    bib: Nullable(Type.String()),
    reason: Type.String(),
    status: AppealStatus,
    decision: Nullable(AppealDecision),
    decidedAt: Nullable(Type.String()),
    decisionReason: Nullable(Type.String({ description: 'the reason given with the decision' })),
    createdAt: Type.String(),
    publishedAt: Type.String({ description: 'the publication the appeal is against' }),
  },
  { $id: 'EventAppeal' },
);

export const fileAppeal = ops.authed('POST', '/registrations/:id/appeals', {
  operationId: 'fileAppeal',
  summary: 'Appeal my published result (申诉) within the event’s appeal window, with a reason',
  description:
    'The worker who owns the registration, within `appealHours` (event field, default 24, decimals allowed) after the results were published. ' +
    '409 NO_RESULT when the registration has no published result (answered before the window); 409 APPEAL_WINDOW_CLOSED after the window; ' +
    '409 APPEAL_OPEN while an earlier appeal of the registration awaits its decision. 404 for anyone else’s registration. Audited as appeal.file.',
  params: IdParams,
  body: Type.Object({ reason: Reason }, { additionalProperties: false }),
  response: {
    201: Type.Object({ id: Type.Integer(), status: Type.Literal('open') }, { $id: 'AppealFiled' }),
    ...errors(400, 401, 403, 404, 409),
  },
});

export const listEventAppeals = ops.authed('GET', '/events/:id/appeals', {
  operationId: 'listEventAppeals',
  summary: 'An event’s appeals, open first, newest first within each (organizer in scope; the event’s chief judge)',
  description: 'Another judge of the panel gets 403; anyone else 404.',
  params: IdParams,
  response: { 200: Type.Array(EventAppeal), ...errors(401, 403, 404) },
});

export const decideAppeal = ops.authed('POST', '/appeals/:id/decide', {
  operationId: 'decideAppeal',
  summary: 'Decide an appeal, with a reason: upheld withdraws the published results until they are published anew',
  description:
    'The event’s chief judge or an organizer in scope. `upheld`: the results are withdrawn in the same transaction — GET …/results is ' +
    'organizer-only again, names are hidden, the workers’ own `result` is null, promotions cannot be applied — until they are published anew ' +
    '(which starts a new appeal window). Upholding reopens no sheet: the chief judge unlocks what must be re-marked, with a reason. ' +
    '`dismissed`: the results stand. 409 APPEAL_DECIDED for a decided appeal; 409 PROMOTIONS_APPLIED when upholding after promotions were ' +
    'applied from these results. Audited as appeal.decide (and results.withdraw).',
  params: IdParams,
  body: Type.Object({ decision: AppealDecision, reason: Reason }, { additionalProperties: false }),
  response: {
    200: Type.Object(
      {
        id: Type.Integer(),
        eventId: Type.Integer(),
        status: AppealDecision,
        decision: AppealDecision,
        decidedAt: Type.String(),
        resultsWithdrawn: Type.Boolean({ description: 'this decision withdrew the published results' }),
      },
      { $id: 'AppealDecided' },
    ),
    ...errors(400, 401, 403, 404, 409),
  },
});
