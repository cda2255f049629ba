/** An event's eligibility rules in words, for workers (domain.md § Contests). */
import * as m from '$lib/paraglide/messages';
import { skillLevelName } from '$lib/i18n';
import type { Eligibility } from '@gongjiang/contract';

export function eligibilityPhrases(e: Eligibility | null | undefined): string[] {
  if (!e) return [];
  const out: string[] = [];
  if (e.minLevel && e.maxLevel) {
    out.push(
      e.minLevel === e.maxLevel
        ? m.contests_elig_level_exact({ level: skillLevelName(e.minLevel) })
        : m.contests_elig_level_range({ min: skillLevelName(e.minLevel), max: skillLevelName(e.maxLevel) }),
    );
  } else if (e.minLevel) out.push(m.contests_elig_level_min({ level: skillLevelName(e.minLevel) }));
  else if (e.maxLevel) out.push(m.contests_elig_level_max({ level: skillLevelName(e.maxLevel) }));
  if (e.minAge != null && e.maxAge != null) out.push(m.contests_elig_age_range({ min: e.minAge, max: e.maxAge }));
  else if (e.minAge != null) out.push(m.contests_elig_age_min({ age: e.minAge }));
  else if (e.maxAge != null) out.push(m.contests_elig_age_max({ age: e.maxAge }));
  if (e.unionMemberOnly) out.push(m.contests_elig_union());
  return out;
}
