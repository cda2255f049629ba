import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import {
  Aggregation,
  ContestStatus,
  ContestTier,
  CriterionKind,
  NullableSkillLevel,
  SkillLevelSchema,
  errors,
  Id,
  IdParams,
  IsoDateTime,
  Nullable,
  Page,
  PageQuery,
} from '../common';
import { QualifyRule } from './stages';
import { EventBody, RegistrationMode } from './event-schemas';

const ops = taggedOperations('contests');

export const Tier = ContestTier;

export const Title = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });

export const ContestBody = Type.Object({
  title: Title,
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  tier: Tier,
  orgId: Id,
  inPlan: Type.Boolean({ description: '纳入计划: only in-plan contests can promote' }),
  venue: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  registrationOpensAt: IsoDateTime,
  registrationClosesAt: IsoDateTime,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
});

/** A trade as lists name it. */
export const TradeName = Type.Object({ id: Type.Integer(), name: Type.String(), nameEn: Type.String() }, { $id: 'TradeName' });
/** A trade with its national occupation code. */
export const Trade = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), nameEn: Type.String() }, { $id: 'Trade' });

const contestFields = {
  id: Type.Integer(),
  title: Type.String(),
  tier: Tier,
  orgId: Type.Integer(),
  inPlan: Type.Boolean(),
  status: ContestStatus,
  venue: Nullable(Type.String()),
  registrationOpensAt: Type.String(),
  registrationClosesAt: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
};

/** A contest as stored: what creating, editing, publishing and cancelling answer. */
export const Contest = Type.Object(
  {
    ...contestFields,
    description: Nullable(Type.String()),
    createdBy: Nullable(Type.Integer()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Contest' },
);

/** An event in a contest list: its trade and seats. */
export const EventSummary = Type.Object(
  {
    id: Type.Integer(),
    trade: TradeName,
    capacity: Type.Integer(),
    confirmed: Type.Integer(),
    waitlisted: Type.Integer(),
    seatsLeft: Type.Integer(),
  },
  { $id: 'EventSummary' },
);

export const ContestSummary = Type.Object(
  { ...contestFields, orgName: Nullable(Type.String()), events: Type.Array(EventSummary) },
  { $id: 'ContestSummary' },
);

const CriterionOut = Type.Object(
  { id: Type.Integer(), name: Type.String(), maxScore: Type.Number(), kind: CriterionKind },
  { $id: 'Criterion' },
);

/** One event (one trade of a contest) with its seats, eligibility, scoring scheme and promotion rules. */
export const Event = Type.Object(
  {
    id: Type.Integer(),
    contestId: Type.Integer(),
    tradeId: Type.Integer(),
    trade: Nullable(Trade),
    targetLevel: NullableSkillLevel,
    capacity: Type.Integer(),
    confirmed: Type.Integer(),
    pending: Type.Integer(),
    waitlisted: Type.Integer(),
    seatsLeft: Type.Integer(),
    requiresApproval: Type.Boolean(),
    venue: Nullable(Type.String()),
    eligibility: Type.Object({
      minLevel: NullableSkillLevel,
      maxLevel: NullableSkillLevel,
      minAge: Nullable(Type.Integer()),
      maxAge: Nullable(Type.Integer()),
      unionMemberOnly: Type.Boolean(),
    }),
    scoring: Type.Object({
      theoryWeight: Type.Number(),
      practicalWeight: Type.Number(),
      aggregation: Aggregation,
      passMark: Type.Number(),
      criteria: Type.Array(CriterionOut),
      awards: Type.Object({
        mode: Type.Union([Type.Literal('count'), Type.Literal('percent')]),
        first: Type.Number(),
        second: Type.Number(),
        third: Type.Number(),
      }),
    }),
    criteria: Type.Array(CriterionOut, { description: 'the same list as scoring.criteria (api-contract.md)' }),
    promotionRules: Type.Array(
      Type.Object({
        id: Type.Integer(),
        fromRank: Nullable(Type.Integer()),
        toRank: Nullable(Type.Integer()),
        topPercent: Nullable(Type.Number()),
        targetLevel: SkillLevelSchema,
        capLevel: SkillLevelSchema,
        title: Nullable(Type.String()),
      }),
    ),
    drawn: Type.Boolean(),
    resultsPublished: Type.Boolean(),
    qualifiesFrom: Type.Array(QualifyRule, { description: 'a final’s preliminaries and how many of each advance; [] for any other event' }),
    appealHours: Type.Number({ description: 'hours after publication within which a contestant may appeal (申诉)' }),
    registrationMode: RegistrationMode,
  },
  { $id: 'Event' },
);

export const ContestDetail = Type.Object(
  { ...contestFields, orgName: Nullable(Type.String()), description: Nullable(Type.String()), events: Type.Array(Event) },
  { $id: 'ContestDetail' },
);

export const createContest = ops.authed('POST', '/contests', {
  operationId: 'createContest',
  summary: 'Create a contest (draft) for an organisation in your subtree',
  body: ContestBody,
  response: {
    201: Contest,
    ...errors(400, 401, 403, 404),
  },
});

export const updateContest = ops.authed('PATCH', '/contests/:id', {
  operationId: 'updateContest',
  summary: 'Edit a contest',
  params: IdParams,
  body: Type.Partial(ContestBody),
  response: { 200: Contest, ...errors(400, 401, 403, 404) },
});

export const addContestEvent = ops.authed('POST', '/contests/:id/events', {
  operationId: 'addContestEvent',
  summary: 'Add an event (one trade) with capacity, eligibility, scoring scheme and promotion rules (defaults from the tier template)',
  params: IdParams,
  body: EventBody,
  response: { 201: Event, ...errors(400, 401, 403, 404, 409) },
});

export const publishContest = ops.authed('POST', '/contests/:id/publish', {
  operationId: 'publishContest',
  summary: 'draft → published (visible to workers)',
  params: IdParams,
  response: {
    200: Contest,
    ...errors(401, 403, 404, 409),
  },
});

export const cancelContest = ops.authed('POST', '/contests/:id/cancel', {
  operationId: 'cancelContest',
  summary: 'Cancel a contest',
  params: IdParams,
  body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
  response: {
    200: Contest,
    ...errors(400, 401, 403, 404),
  },
});

export const listContests = ops.open('GET', '/contests', {
  operationId: 'listContests',
  summary: 'Published contests (organizers also see their drafts); filters and pagination',
  querystring: Type.Object({
    status: Type.Optional(ContestStatus),
    tradeId: Type.Optional(Id),
    tier: Type.Optional(Tier),
    orgId: Type.Optional(Id),
    open: Type.Optional(Type.Boolean({ description: 'registration open now' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    ...PageQuery,
  }),
  response: { 200: Page(ContestSummary), ...errors(400, 401) },
});

export const getContest = ops.open('GET', '/contests/:id', {
  operationId: 'getContest',
  summary: 'A contest with its events and seats left',
  params: IdParams,
  response: {
    200: ContestDetail,
    ...errors(401, 404),
  },
});
