/** Organisation choices for pickers, read through the API's filtered GET /api/orgs (the city has 13,000+ base unions). */
import { env } from '$env/dynamic/private';
import type { Organisation as Org } from '@gongjiang/contract';
import { call, type ApiContext } from './api';
import type { OrgKind } from '@gongjiang/domain';
import type { OrgChoice, OrgChoices, OrgScope } from '$lib/orgs';

/**
 * Up to this many organisations in scope: one plain select. More: the picker searches by name.
 * `ORG_PICKER_LIMIT` changes it (the end-to-end tests lower it to exercise the search on the demo's few dozen unions).
 */
export function pickerAllLimit(): number {
  const n = Number(env.ORG_PICKER_LIMIT);
  return Number.isInteger(n) && n > 0 ? n : 300;
}
/** How many matches a search lists. */
export const PICKER_SEARCH_LIMIT = 50;

const KIND_DEPTH: Record<OrgKind, number> = { federation: 0, district: 1, base: 2 };

/**
 * What a picker offers. A small scope: all of it. A large one: the federation and districts in scope (most contests
 * and classes belong to them) or, when `q` is given, the first matches of the name — plus the current selection.
 */
export async function orgChoices(
  ctx: ApiContext,
  scope: OrgScope,
  opts: { q?: string; selectedId?: number | null } = {},
): Promise<OrgChoices> {
  const q = (opts.q ?? '').trim().slice(0, 50);
  const limit = q ? PICKER_SEARCH_LIMIT : pickerAllLimit();
  const [heads, found, selected] = await Promise.all([
    call(ctx, 'listOrgs', { query: { kind: 'federation,district' } }),
    call(ctx, 'listOrgs', { query: { under: scope.under ?? undefined, kind: scope.kinds.join(',') || undefined, q, limit: limit + 1 } }),
    opts.selectedId ? call(ctx, 'getOrg', { params: { id: opts.selectedId } }).catch(() => null) : Promise.resolve(null),
  ]);
  const headById = new Map(heads.map((o) => [o.id, o]));
  const inScope = (o: Org) => {
    if (scope.kinds.length && !scope.kinds.includes(o.kind)) return false;
    for (let at: Org | undefined = o; at; at = at.parentId != null ? headById.get(at.parentId) : undefined)
      if (scope.under == null || at.id === scope.under) return true;
    return false;
  };
  const complete = !q && found.length <= limit;
  let list: Org[] = complete || q ? found.slice(0, limit) : heads.filter(inScope);
  // the current selection stays selectable whatever the search shows
  if (selected && inScope(selected) && !list.some((o) => o.id === selected.id)) list = [selected, ...list];
  const top = Math.min(...list.map((o) => KIND_DEPTH[o.kind]));
  const options: OrgChoice[] = list.map((o) => ({
    ...o,
    parentName: o.parentId != null ? (headById.get(o.parentId)?.name ?? null) : null,
    depth: KIND_DEPTH[o.kind] - top,
  }));
  return { options, complete, q, more: !!q && found.length > limit };
}

/**
 * The Find button without JavaScript: a form action that answers with the whole form's values (the page re-renders
 * them) and the choices for the query typed into `<field>_q`, keeping the current selection.
 */
export async function orgSearchFromForm(ctx: ApiContext, data: FormData, field: string, scope: OrgScope) {
  const selected = Number(data.get(field));
  const choices = await orgChoices(ctx, scope, {
    q: String(data.get(`${field}_q`) ?? ''),
    selectedId: Number.isInteger(selected) && selected > 0 ? selected : null,
  });
  return { field, choices };
}
