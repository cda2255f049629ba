/** Texts shared by the judging components (criterion kinds, input problems, awards). */
import * as m from '$lib/paraglide/messages';
import type { MarkCheck } from '$lib/judging/marks';
import type { Award } from '@gongjiang/domain';
import type { SheetCriterion as Criterion } from '@gongjiang/contract';

export function kindHint(c: Pick<Criterion, 'kind' | 'maxScore'>): string {
  if (c.kind === 'judgement') return m.judging_hint_judgement();
  if (c.kind === 'measurement') return m.judging_hint_measurement({ max: c.maxScore });
  return m.judging_hint_score({ max: c.maxScore });
}

export function reasonText(reason: Exclude<MarkCheck, { ok: true }>['reason'], c: Pick<Criterion, 'kind' | 'maxScore'>): string {
  switch (reason) {
    case 'number':
      return m.judging_invalid_number();
    case 'range':
      return m.judging_invalid_range({ max: c.maxScore });
    case 'step':
      return m.judging_invalid_step();
    case 'binary':
      return m.judging_invalid_binary({ max: c.maxScore });
    case 'judgement':
      return m.judging_invalid_judgement();
  }
}

export function awardName(award: Award | null): string {
  if (!award) return '';
  return {
    first: m.results_award_first,
    second: m.results_award_second,
    third: m.results_award_third,
    excellence: m.results_award_excellence,
  }[award]();
}

/** publication blockers from the API (`problem` codes) in words */
export function blockerText(problem: string, count: number): string {
  const known: Record<string, (p: { count: number }) => string> = {
    sheets_open: m.results_blocker_sheets_open,
    theory_missing: m.results_blocker_theory_missing,
    no_judges: m.results_blocker_no_judges,
    no_eligible_judge: m.results_blocker_no_eligible_judge,
    no_contestants: m.results_blocker_no_contestants,
  };
  return known[problem]?.({ count }) ?? `${problem} (${count})`;
}

/** a theory import row problem (API `problem` codes) in words */
export function importProblemText(problem: string): string {
  const known: Record<string, () => string> = {
    missing_bib: m.results_problem_missing_bib,
    unknown_bib: m.results_problem_unknown_bib,
    duplicate_bib: m.results_problem_duplicate_bib,
    not_a_number: m.results_problem_not_a_number,
    out_of_range: m.results_problem_out_of_range,
  };
  return known[problem]?.() ?? problem;
}
