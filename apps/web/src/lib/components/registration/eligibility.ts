/**
 * Whether the current account can register for an event, and why not — decided before the worker taps,
 * with the same domain rules the API applies (the API has the last word; its error codes map to the same reasons).
 */
import {
  checkEligibility,
  registrationWindowState,
  selfRegistrationAllowed,
  type IneligibleRule,
  type SkillLevel,
} from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { formatDateTime, skillLevelName } from '$lib/i18n';
import type { Me } from '@gongjiang/contract';
import type { ContestDetail, Event as DetailEvent, Eligibility as EventRules } from '@gongjiang/contract';

export type Blocker =
  'login' | 'not_worker' | 'cancelled' | 'nomination' | 'not_open' | 'closed' | 'profile' | 'already' | 'not_found' | IneligibleRule;

export type Verdict = { ok: true } | { ok: false; reason: Blocker };

export function verdictFor(contest: ContestDetail, event: DetailEvent, user: Me | null, registered: boolean, now = new Date()): Verdict {
  if (contest.status === 'cancelled') return { ok: false, reason: 'cancelled' };
  // 单位推荐: only unions' nominations; the worker cannot register themselves
  if (!selfRegistrationAllowed(event.registrationMode)) return { ok: false, reason: 'nomination' };
  const window = registrationWindowState(contest.registrationOpensAt, contest.registrationClosesAt, now);
  if (window !== 'open') return { ok: false, reason: window === 'not_open' ? 'not_open' : 'closed' };
  if (!user) return { ok: false, reason: 'login' };
  if (!user.roles.includes('worker')) return { ok: false, reason: 'not_worker' };
  if (registered) return { ok: false, reason: 'already' };
  const p = user.profile;
  const v = checkEligibility({
    profile: { skillLevel: p?.skillLevel ?? null, birthDate: p?.birthDate ?? null, unionMember: !!p?.unionMember, complete: !!p?.complete },
    rules: event.eligibility,
    on: contest.startsAt,
  });
  return v.ok ? { ok: true } : { ok: false, reason: v.code === 'PROFILE_INCOMPLETE' ? 'profile' : v.rule };
}

/** The API's 409/404 codes → the reason shown next to the event (NOT_ELIGIBLE needs the rule, which only the local check knows). */
export function blockerFromCode(code: string, local: Verdict): Blocker | null {
  switch (code) {
    case 'ALREADY_REGISTERED':
      return 'already';
    case 'NOMINATION_ONLY':
      return 'nomination';
    case 'REGISTRATION_CLOSED':
      return !local.ok && (local.reason === 'not_open' || local.reason === 'closed') ? local.reason : 'closed';
    case 'PROFILE_INCOMPLETE':
      return 'profile';
    case 'NOT_ELIGIBLE':
      return !local.ok && local.reason !== 'already' ? local.reason : null;
    case 'NOT_FOUND':
      return 'not_found';
    default:
      return null;
  }
}

/** A readable Chinese (or English) sentence for a blocker. */
export function blockerText(
  reason: Blocker,
  contest: Pick<ContestDetail, 'registrationOpensAt' | 'registrationClosesAt'>,
  rules: EventRules,
  level: SkillLevel | null,
): string {
  switch (reason) {
    case 'login':
      return m.reg_login_to_register();
    case 'not_worker':
      return m.reg_reason_not_worker();
    case 'cancelled':
      return m.reg_reason_cancelled();
    case 'nomination':
      return m.nom_only_public_hint();
    case 'not_open':
      return m.reg_reason_not_open({ date: formatDateTime(contest.registrationOpensAt) });
    case 'closed':
      return m.reg_reason_closed({ date: formatDateTime(contest.registrationClosesAt) });
    case 'profile':
      return m.reg_reason_profile();
    case 'already':
      return m.reg_reason_already();
    case 'not_found':
      return m.reg_reason_not_found();
    case 'level_below':
      return m.reg_reason_level_below({ level: skillLevelName(level), min: skillLevelName(rules.minLevel) });
    case 'level_above':
      return m.reg_reason_level_above({ level: skillLevelName(level), max: skillLevelName(rules.maxLevel) });
    case 'age_below':
      return m.reg_reason_age_below({ min: rules.minAge ?? 0 });
    case 'age_above':
      return m.reg_reason_age_above({ max: rules.maxAge ?? 0 });
    case 'not_union_member':
      return m.reg_reason_union();
  }
}

/** The event's eligibility rules as short phrases ("技能等级 四级/中级工 及以上", "仅限工会会员"). */
export function rulesSummary(rules: EventRules): string[] {
  const out: string[] = [];
  const { minLevel, maxLevel, minAge, maxAge } = rules;
  if (minLevel && maxLevel) out.push(m.reg_elig_level_range({ min: skillLevelName(minLevel), max: skillLevelName(maxLevel) }));
  else if (minLevel) out.push(m.reg_elig_level_min({ min: skillLevelName(minLevel) }));
  else if (maxLevel) out.push(m.reg_elig_level_max({ max: skillLevelName(maxLevel) }));
  if (minAge != null && maxAge != null) out.push(m.reg_elig_age_range({ min: minAge, max: maxAge }));
  else if (minAge != null) out.push(m.reg_elig_age_min({ min: minAge }));
  else if (maxAge != null) out.push(m.reg_elig_age_max({ max: maxAge }));
  if (rules.unionMemberOnly) out.push(m.reg_elig_union_only());
  if (!out.length) out.push(m.reg_elig_open_to_all());
  return out;
}
