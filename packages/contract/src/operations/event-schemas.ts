/**
 * The event body of POST /api/contests/:id/events and, every field optional, of PATCH /api/events/:id:
 * one set of TypeBox pieces so creating and editing validate the same way.
 */
import { Type } from 'typebox';
import { QualifiesFromBody } from './stages';
import { APPEAL_HOURS_MAX, DEFAULT_APPEAL_HOURS } from '@gongjiang/domain';
import { Aggregation, CriterionKind, Id, Nullable, NullableSkillLevel, SkillLevelSchema } from '../common';

/** Who may register: workers themselves (open, the default), only unions' nominations, or both (api-contract.md). */
export const RegistrationMode = Type.Union([Type.Literal('open'), Type.Literal('nomination'), Type.Literal('both')], {
  description:
    'open: workers register themselves; nomination: only nominations by unions (a worker’s own POST …/registrations gets 409 NOMINATION_ONLY); both',
});

const Criterion = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  maxScore: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
  kind: CriterionKind,
});

const Capacity = Type.Integer({ minimum: 1, maximum: 100000 });

const Eligibility = Type.Object({
  minLevel: Type.Optional(NullableSkillLevel),
  maxLevel: Type.Optional(NullableSkillLevel),
  minAge: Type.Optional(Nullable(Type.Integer({ minimum: 16, maximum: 80 }))),
  maxAge: Type.Optional(Nullable(Type.Integer({ minimum: 16, maximum: 80 }))),
  unionMemberOnly: Type.Optional(Type.Boolean()),
});

/** Prize quotas (一二三等奖): whole numbers of places, or percentages of the field (together at most 100). */
const Awards = Type.Object(
  {
    mode: Type.Union([Type.Literal('count'), Type.Literal('percent')]),
    first: Type.Number({ minimum: 0, maximum: 1000 }),
    second: Type.Number({ minimum: 0, maximum: 1000 }),
    third: Type.Number({ minimum: 0, maximum: 1000 }),
  },
  {
    description:
      "Prize quotas for first, second and third prizes: by `count` (places) or `percent` (of the contestants with a result). Everyone else in the top half who passed gets 优胜奖. Default `{mode: 'count', first: 1, second: 2, third: 3}`.",
  },
);

const Scoring = Type.Object({
  theoryWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  practicalWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  aggregation: Type.Optional(Aggregation),
  passMark: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  criteria: Type.Optional(Type.Array(Criterion, { minItems: 1, maxItems: 50 })),
  awards: Type.Optional(Awards),
});

const PromotionRules = Type.Array(
  Type.Object({
    fromRank: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    toRank: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    topPercent: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 100 }))),
    targetLevel: SkillLevelSchema,
    capLevel: SkillLevelSchema,
    title: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  }),
  { maxItems: 20 },
);

/** The fields an event has besides its trade (the trade is fixed once the event exists). */
const editableFields = {
  targetLevel: Type.Optional(NullableSkillLevel),
  requiresApproval: Type.Optional(Type.Boolean()),
  venue: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  eligibility: Type.Optional(Eligibility),
  scoring: Type.Optional(Scoring),
  promotionRules: Type.Optional(PromotionRules),
  /** a final (决赛) names its preliminaries (预赛); api-contract.md § Contests as unions run them */
  qualifiesFrom: Type.Optional(QualifiesFromBody),
  appealHours: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: APPEAL_HOURS_MAX,
      description: `hours after publication within which a contestant may appeal (申诉); decimals allowed; default ${DEFAULT_APPEAL_HOURS}`,
    }),
  ),
  registrationMode: Type.Optional(RegistrationMode),
};

export const EventBody = Type.Object({ tradeId: Id, capacity: Capacity, ...editableFields });

export const EventPatchBody = Type.Object({ capacity: Type.Optional(Capacity), ...editableFields }, { minProperties: 1 });
