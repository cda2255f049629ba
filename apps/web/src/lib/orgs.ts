/** Organisation pickers: the choices a page offers and how a select shows them (base unions grouped under their parent). */
import type { Organisation as Org } from '@gongjiang/contract';
import type { OrgKind } from '@gongjiang/domain';

/** Which organisations a picker offers: everything at or below `under` (null: the whole tree) of the given kinds. */
export interface OrgScope {
  under: number | null;
  kinds: OrgKind[];
}

export interface OrgChoice extends Org {
  /** the parent's name (a base union's district), for grouping and for telling same-named unions apart */
  parentName: string | null;
  /** indentation below the scope's top */
  depth: number;
}

export interface OrgChoices {
  options: OrgChoice[];
  /** every organisation in scope is in `options` (a plain select); otherwise the picker searches */
  complete: boolean;
  /** the search these options answer ('' when none) */
  q: string;
  /** a search found more than it lists */
  more: boolean;
}

/** A picker with nothing to offer (the organisations could not be read). */
export const NO_ORG_CHOICES: OrgChoices = { options: [], complete: true, q: '', more: false };

export type OrgOptionRow = { group: null; choice: OrgChoice } | { group: string; choices: OrgChoice[] };

/** Options in tree order; consecutive base unions of one parent go into one group labelled with the parent's name. */
export function optionRows(options: readonly OrgChoice[], otherLabel: string): OrgOptionRow[] {
  const rows: OrgOptionRow[] = [];
  for (const choice of options) {
    if (choice.kind !== 'base') {
      rows.push({ group: null, choice });
      continue;
    }
    const label = choice.parentName ?? otherLabel;
    const last = rows.at(-1);
    if (last && last.group === label) last.choices.push(choice);
    else rows.push({ group: label, choices: [choice] });
  }
  return rows;
}

export function scopeQuery(scope: OrgScope, q = ''): URLSearchParams {
  const params = new URLSearchParams();
  if (scope.under != null) params.set('under', String(scope.under));
  if (scope.kinds.length) params.set('kind', scope.kinds.join(','));
  if (q) params.set('q', q);
  return params;
}
