/** The contest and event forms' values as the browser posts them (strings, as typed), before they become API bodies. */

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
  /** open · nomination · both */
  registrationMode: string;
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
  /** a final's preliminaries (qualifiesFrom), spare rows empty */
  stages: StageValues[];
}

/** One preliminary of a final as posted: the event, `topN` or `topPercent`, and the number. */
export interface StageValues {
  eventId: string;
  mode: string;
  value: string;
}
