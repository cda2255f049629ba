/** Shapes of the contest and registration endpoints the organizer and contest pages read (api-contract.md § Contests, § Registrations). */
import type { SkillLevel } from '@gongjiang/domain';
import type { RegistrationStatus, Tier, Trade } from './api';

export type ContestStatus = 'draft' | 'published' | 'cancelled';
export type CriterionKind = 'score' | 'measurement' | 'judgement';
export type Aggregation = 'mean' | 'trimmed' | 'median';

export interface Criterion {
  id?: number;
  name: string;
  maxScore: number;
  kind: CriterionKind;
}

export interface PromotionRuleRow {
  id?: number;
  fromRank: number | null;
  toRank: number | null;
  topPercent: number | null;
  targetLevel: SkillLevel;
  capLevel: SkillLevel;
  title: string | null;
}

export interface Eligibility {
  minLevel: SkillLevel | null;
  maxLevel: SkillLevel | null;
  minAge: number | null;
  maxAge: number | null;
  unionMemberOnly: boolean;
}

/** One event as GET /api/contests/:id describes it. */
export interface EventDetail {
  id: number;
  contestId: number;
  tradeId: number;
  trade: Trade | null;
  targetLevel: SkillLevel | null;
  capacity: number;
  confirmed: number;
  pending: number;
  waitlisted: number;
  seatsLeft: number;
  requiresApproval: boolean;
  venue: string | null;
  eligibility: Eligibility;
  scoring: {
    theoryWeight: number;
    practicalWeight: number;
    aggregation: Aggregation;
    passMark: number;
    criteria: Criterion[];
    awards: AwardValues & { mode: 'count' | 'percent' };
  };
  promotionRules: PromotionRuleRow[];
  drawn: boolean;
  resultsPublished: boolean;
}

export interface ContestDetail {
  id: number;
  title: string;
  description: string | null;
  tier: Tier;
  orgId: number;
  orgName: string | null;
  inPlan: boolean;
  status: ContestStatus;
  venue: string | null;
  registrationOpensAt: string;
  registrationClosesAt: string;
  startsAt: string;
  endsAt: string;
  events: EventDetail[];
}

/** POST /api/events/:id/registrations */
export interface RegistrationOutcome {
  id: number;
  status: RegistrationStatus;
  waitlistPosition: number | null;
}

/** One row of GET /api/events/:id/registrations (resident ID and phone masked). */
export interface DeskRegistration {
  id: number;
  workerId: number;
  name: string;
  phone: string;
  idNumber: string | null;
  employer: string | null;
  skillLevel: SkillLevel | null;
  status: RegistrationStatus;
  waitlistPosition: number | null;
  bib: string | null;
  checkedInAt: string | null;
  reason: string | null;
  createdAt: string;
}

/** POST /api/events/:id/draw */
export interface DrawResult {
  seed: string;
  drawnAt: string;
  assignments: { registrationId: number; bib: string }[];
}

/** POST /api/registrations/check-in */
export interface CheckInResult {
  registrationId: number;
  bib: string | null;
  name: string;
  event: { id: number; contest: string; trade: string };
  checkedInAt: string;
}

/** GET /api/events/:id/check-ins */
export interface CheckedIn {
  registrationId: number;
  bib: string | null;
  name: string;
  checkedInAt: string | null;
}

/** The contest form's fields as the browser posts them (datetime-local values in Beijing time). */
export type ContestFormValues = {
  title: string;
  description: string;
  tier: string;
  orgId: string;
  inPlan: boolean;
  venue: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  startsAt: string;
  endsAt: string;
};

/** The event form's fields as posted (criteria and promotion rows as repeated fields). */
export interface CriterionValues {
  name: string;
  maxScore: string;
  kind: string;
}
export interface RuleValues {
  fromRank: string;
  toRank: string;
  topPercent: string;
  targetLevel: string;
  capLevel: string;
  title: string;
}
/** Prize quotas (一二三等奖): by places or by percent of the field. */
export interface AwardValues<N = number> {
  mode: string;
  first: N;
  second: N;
  third: N;
}

export interface EventValues {
  tradeId: string;
  capacity: string;
  targetLevel: string;
  requiresApproval: boolean;
  venue: string;
  minLevel: string;
  maxLevel: string;
  minAge: string;
  maxAge: string;
  unionMemberOnly: boolean;
  theoryWeight: string;
  practicalWeight: string;
  aggregation: string;
  passMark: string;
  awards: AwardValues<string>;
  criteria: CriterionValues[];
  rules: RuleValues[];
}
