import type { Tx } from '../../src/data/database';
import { insertOrg } from '../../src/data/repos/organisations';

export interface OrgNode {
  id: number;
  path: string;
}

/** An organisation under `parent` (the root when null), written through the app's own repository (path from its new id). */
export async function addOrg(t: Tx, name: string, kind: 'federation' | 'district' | 'base', parent: OrgNode | null): Promise<OrgNode> {
  const row = await insertOrg(t, {
    name,
    kind,
    parentId: parent?.id ?? null,
    depth: parent ? parent.path.split('/').length - 2 : 0,
    parentPath: parent?.path ?? '/',
  });
  return { id: row.id, path: row.path };
}
