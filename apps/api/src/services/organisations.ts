import type { Database } from '../data/database';
import { federationId, insertOrg, listOrgs, orgById, siblingNamed, type OrgKind } from '../data/repos/organisations';
import { conflict, validation } from '../lib/errors';
import type { AuditTrail } from './audit';

export type { OrgKind };
const PARENT_KIND: Record<OrgKind, OrgKind[]> = { federation: [], district: ['federation'], base: ['district', 'federation'] };

export class OrganisationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * The tree as a flat list in path order (the contract's shape). Optional filters narrow it:
   * `parentId` (direct children), `under` (that organisation and everything below it), `kind`,
   * `q` (name contains, wildcards taken literally) and `limit` — what a searchable picker needs at city scale.
   */
  async list(filter: { parentId?: number; under?: number; kind?: OrgKind[]; q?: string; limit?: number } = {}) {
    const { under, ...rest } = filter;
    let underPath: string | undefined;
    if (under !== undefined) {
      const root = await orgById(this.db.read, under);
      if (!root) return [];
      underPath = root.path;
    }
    return listOrgs(this.db.read, { ...rest, underPath });
  }

  byId(id: number) {
    return orgById(this.db.read, id);
  }

  /** Creates an organisation under its parent, keeping the materialised path; the tree's shape is enforced here. */
  create(input: { name: string; kind: OrgKind; parentId: number | null }, actorId: number | null) {
    const allowed = PARENT_KIND[input.kind];
    const name = input.name.trim();
    return this.db.tx(async (t) => {
      let parentPath = '/';
      let depth = 0;
      if (input.parentId == null) {
        if (allowed.length) throw validation(`parentId: a ${input.kind} organisation needs a parent`, 'parentId', 'required');
        if (await federationId(t)) throw validation('kind: there is already a federation at the root', 'kind', 'invalid');
      } else {
        // the parent is the lock root: two unions of one name under it cannot both pass the check below
        await t.lock('organisations', input.parentId);
        const parent = await orgById(t, input.parentId);
        if (!parent) throw validation('parentId: unknown organisation', 'parentId', 'unknown_ref');
        if (!allowed.includes(parent.kind))
          throw validation(`parentId: a ${input.kind} cannot sit under a ${parent.kind}`, 'parentId', 'invalid');
        parentPath = parent.path;
        depth = parent.depth + 1;
      }
      if (await siblingNamed(t, input.parentId, name)) throw conflict('ORG_NAME_TAKEN');
      const row = await insertOrg(t, { name, kind: input.kind, parentId: input.parentId, depth, parentPath });
      await this.audit.record(t, { actorId, action: 'org.create', entity: 'organisation', entityId: row.id, after: { ...input } });
      return { id: row.id, name: row.name, kind: row.kind, parentId: row.parentId };
    });
  }
}
