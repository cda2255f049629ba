/**
 * Shared vocabulary of the platform (domain.md, api-contract.md).
 * Each union comes with its values as a readonly array, for schemas and selects.
 */

/** domain.md § Contests: a contest's tier. */
export const CONTEST_TIERS = ['city', 'district', 'enterprise'] as const;
export type ContestTier = (typeof CONTEST_TIERS)[number];

/** domain.md § Scoring: how the judges' marks for one criterion are combined. */
export const AGGREGATIONS = ['mean', 'trimmed', 'median'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** domain.md § Scoring: criterion kinds (score 0..max step 0.5, measurement 0|max, judgement 0–3). */
export const CRITERION_KINDS = ['score', 'measurement', 'judgement'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

/** api-contract.md § Registrations. `pending` and `confirmed` hold a seat. */
export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** api-contract.md § Promotions, training: a training-class enrolment. */
export const ENROLMENT_STATUSES = ['enrolled', 'waitlisted', 'cancelled'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/** Attendance at one training session; present or late counts as attended (domain.md § Promotions). */
export const ATTENDANCE_STATUSES = ['present', 'late', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** domain.md § Who uses it. */
export const ROLES = ['worker', 'judge', 'organizer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Organisation tree levels: 市总工会 → district/county unions → base unions. */
export const ORG_KINDS = ['federation', 'district', 'base'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** 一等奖 / 二等奖 / 三等奖 / 优胜奖 (domain.md § Scoring, awards). */
export const AWARDS = ['first', 'second', 'third', 'excellence'] as const;
export type Award = (typeof AWARDS)[number];

/** Where a promotion record came from (domain.md § Promotions). */
export const PROMOTION_SOURCES = ['contest', 'training'] as const;
export type PromotionSource = (typeof PROMOTION_SOURCES)[number];

function isOneOf<T extends string>(values: readonly T[]) {
  return (value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);
}

export const isContestTier = isOneOf(CONTEST_TIERS);
export const isAggregation = isOneOf(AGGREGATIONS);
export const isCriterionKind = isOneOf(CRITERION_KINDS);
export const isRole = isOneOf(ROLES);

/** A contest's life: a draft is seen by organizers only; published is open to workers (domain.md § Contests). */
export const CONTEST_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type ContestStatus = (typeof CONTEST_STATUSES)[number];

/** A training class's life (domain.md § Training). */
export const TRAINING_STATUSES = ['draft', 'published', 'completed', 'cancelled'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];
