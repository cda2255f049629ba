/** Employers for the profile's select: base unions grouped under their district (or other parent). */
import type { Org } from '$lib/types/api';

export interface OrgGroup {
  label: string;
  options: { id: number; name: string }[];
}

export function groupEmployers(orgs: Org[], otherLabel: string): OrgGroup[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const groups = new Map<number | null, OrgGroup>();
  for (const org of orgs) {
    if (org.kind !== 'base') continue;
    const parent = org.parentId != null ? byId.get(org.parentId) : undefined;
    const key = parent?.id ?? null;
    let group = groups.get(key);
    if (!group) {
      group = { label: parent?.name ?? otherLabel, options: [] };
      groups.set(key, group);
    }
    group.options.push({ id: org.id, name: org.name });
  }
  const collator = new Intl.Collator('zh-CN');
  const sorted = [...groups.entries()].sort(([ka, a], [kb, b]) => {
    // districts in the API's order (their ids), "other" last
    if (ka === null) return 1;
    if (kb === null) return -1;
    return ka - kb || collator.compare(a.label, b.label);
  });
  for (const [, g] of sorted) g.options.sort((a, b) => collator.compare(a.name, b.name));
  return sorted.map(([, g]) => g);
}
