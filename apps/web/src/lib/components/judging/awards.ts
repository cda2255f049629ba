/** An award's name in words (results tables, a worker's registrations). */
import * as m from '$lib/paraglide/messages';
import type { Award } from '@gongjiang/domain';

export function awardName(award: Award | null): string {
  if (!award) return '';
  return {
    first: m.results_award_first,
    second: m.results_award_second,
    third: m.results_award_third,
    excellence: m.results_award_excellence,
  }[award]();
}
