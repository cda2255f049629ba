/** The organisations an organizer may own contests for: their own and everything below it (admins: all). */
import type { Org, Tier } from '$lib/types/api';

export interface OrgOption {
  id: number;
  name: string;
  depth: number;
  kind: Org['kind'];
}

export function subtreeOptions(orgs: readonly Org[], rootId: number | null): OrgOption[] {
  const children = new Map<number | null, Org[]>();
  for (const o of orgs) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o]);
  const out: OrgOption[] = [];
  const walk = (o: Org, depth: number) => {
    out.push({ id: o.id, name: o.name, depth, kind: o.kind });
    for (const c of children.get(o.id) ?? []) walk(c, depth + 1);
  };
  const roots = rootId == null ? (children.get(null) ?? []) : orgs.filter((o) => o.id === rootId);
  for (const r of roots) walk(r, 0);
  return out;
}

/** A sensible default tier for an owning organisation. */
export function tierFor(kind: Org['kind'] | undefined): Tier {
  return kind === 'federation' ? 'city' : kind === 'district' ? 'district' : 'enterprise';
}
