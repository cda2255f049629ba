/**
 * Texts of the score sheet (criterion kinds, input problems). Awards (awards.ts) and the results page's problems
 * (results-texts.ts) are modules of their own so a page showing an award does not also download these.
 */
import * as m from '$lib/paraglide/messages';
import type { MarkCheck } from '$lib/judging/marks';
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
