/**
 * Who may register for an event (domain.md § Contests: "eligibility (current level range,
 * age range from the resident ID's birth date, union membership)") and when.
 */
import { ageOn } from './resident-id';
import { levelOrder, type SkillLevel } from './skill-levels';

export interface EligibilityProfile {
  skillLevel: SkillLevel | null;
  /** YYYY-MM-DD, from the resident ID. */
  birthDate: string | null;
  unionMember: boolean;
  /** Real name, resident ID, employer and trade filled in (decided by the caller). */
  complete: boolean;
}

/** An event's eligibility; null/undefined = no constraint. Bounds are inclusive. */
export interface EligibilityRules {
  minLevel?: SkillLevel | null;
  maxLevel?: SkillLevel | null;
  minAge?: number | null;
  maxAge?: number | null;
  unionMemberOnly?: boolean;
}

export type IneligibleRule = 'level_below' | 'level_above' | 'age_below' | 'age_above' | 'not_union_member';

export type EligibilityResult =
  { ok: true } | { ok: false; code: 'PROFILE_INCOMPLETE'; rule: 'profile' } | { ok: false; code: 'NOT_ELIGIBLE'; rule: IneligibleRule };

const INCOMPLETE = { ok: false, code: 'PROFILE_INCOMPLETE', rule: 'profile' } as const;
const notEligible = (rule: IneligibleRule): EligibilityResult => ({ ok: false, code: 'NOT_ELIGIBLE', rule });

/**
 * Checks in a fixed order and reports the first failure: profile, level below, level above,
 * age below, age above, union membership. A worker with no certificate (level null) is below
 * any minLevel and never above a maxLevel. Age is in completed years on `on`, the contest
 * or event date (not the registration date). An age rule with no birth date on file means
 * the profile is incomplete.
 */
export function checkEligibility(input: { profile: EligibilityProfile; rules: EligibilityRules; on: Date | string }): EligibilityResult {
  const { profile, rules, on } = input;
  const hasAgeRule = rules.minAge != null || rules.maxAge != null;
  if (!profile.complete || (hasAgeRule && !profile.birthDate)) return INCOMPLETE;

  const level = levelOrder(profile.skillLevel);
  if (rules.minLevel != null && level < levelOrder(rules.minLevel)) return notEligible('level_below');
  if (rules.maxLevel != null && level > levelOrder(rules.maxLevel)) return notEligible('level_above');

  if (hasAgeRule && profile.birthDate) {
    const age = ageOn(profile.birthDate, on);
    if (rules.minAge != null && age < rules.minAge) return notEligible('age_below');
    if (rules.maxAge != null && age > rules.maxAge) return notEligible('age_above');
  }

  if (rules.unionMemberOnly && !profile.unionMember) return notEligible('not_union_member');
  return { ok: true };
}

export type RegistrationWindowState = 'not_open' | 'open' | 'closed';

/**
 * "Registration: inside the window only" (domain.md § Contests). The window is half-open:
 * open from `opensAt` inclusive until `closesAt` exclusive — at closesAt it is closed.
 */
export function registrationWindowState(opensAt: Date | string, closesAt: Date | string, now: Date | string): RegistrationWindowState {
  const t = new Date(now).getTime();
  if (t < new Date(opensAt).getTime()) return 'not_open';
  if (t < new Date(closesAt).getTime()) return 'open';
  return 'closed';
}
