/** The results page's problems in words: what blocks publication, a theory import row's problem. */
import * as m from '$lib/paraglide/messages';

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
