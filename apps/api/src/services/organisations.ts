import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { writeTx, type Db } from '../db';
import { organisations } from '../db/schema';
import { conflict, validation } from '../lib/errors';
import type { AuditService } from './audit';

export type OrgKind = 'federation' | 'district' | 'base';
const PARENT_KIND: Record<OrgKind, OrgKind[]> = { federation: [], district: ['federation'], base: ['district', 'federation'] };

export class OrganisationsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /**
   * The tree as a flat list in path order (the contract's shape). Optional filters narrow it:
   * `parentId` (direct children), `under` (that organisation and everything below it), `kind`,
   * `q` (name contains, wildcards taken literally) and `limit` — what a searchable picker needs at city scale.
   */
  list(filter: { parentId?: number; under?: number; kind?: OrgKind[]; q?: string; limit?: number } = {}) {
    const cols = { id: organisations.id, name: organisations.name, kind: organisations.kind, parentId: organisations.parentId };
    const conds = [];
    if (filter.parentId !== undefined) conds.push(eq(organisations.parentId, filter.parentId));
    if (filter.under !== undefined) {
      const root = this.byId(filter.under);
      if (!root) return [];
      // the path range [prefix, prefix with its final '/' raised to '0'): an index range, not a scan
      conds.push(gte(organisations.path, root.path), lt(organisations.path, root.path.slice(0, -1) + '0'));
    }
    if (filter.kind?.length) conds.push(inArray(organisations.kind, filter.kind));
    const needle = filter.q?.trim();
    if (needle) conds.push(sql`${organisations.name} like ${`%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
    const q = this.db.select(cols).from(organisations);
    const ordered = (conds.length ? q.where(and(...conds)) : q).orderBy(asc(organisations.path));
    return filter.limit !== undefined ? ordered.limit(filter.limit).all() : ordered.all();
  }

  byId(id: number) {
    return this.db.select().from(organisations).where(eq(organisations.id, id)).get();
  }

  /** Creates an organisation under its parent, keeping the materialised path; the tree's shape is enforced here. */
  create(input: { name: string; kind: OrgKind; parentId: number | null }, actorId: number | null) {
    const allowed = PARENT_KIND[input.kind];
    return writeTx(this.db, () => {
      let parentPath = '/';
      let depth = 0;
      if (input.parentId == null) {
        if (allowed.length) throw validation(`parentId: a ${input.kind} organisation needs a parent`);
        const existing = this.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'federation')).get();
        if (existing) throw validation('kind: there is already a federation at the root');
      } else {
        const parent = this.byId(input.parentId);
        if (!parent) throw validation('parentId: unknown organisation');
        if (!allowed.includes(parent.kind)) throw validation(`parentId: a ${input.kind} cannot sit under a ${parent.kind}`);
        parentPath = parent.path;
        depth = parent.depth + 1;
      }
      const sibling = this.db
        .select({ id: organisations.id })
        .from(organisations)
        .where(
          and(
            input.parentId == null ? sql`${organisations.parentId} is null` : eq(organisations.parentId, input.parentId),
            eq(organisations.name, input.name.trim()),
          ),
        )
        .get();
      if (sibling) throw conflict('ORG_NAME_TAKEN');
      const row = this.db
        .insert(organisations)
        .values({ name: input.name.trim(), kind: input.kind, parentId: input.parentId, depth })
        .returning()
        .get();
      const path = `${parentPath}${row.id}/`;
      this.db.update(organisations).set({ path }).where(eq(organisations.id, row.id)).run();
      this.audit.record({ actorId, action: 'org.create', entity: 'organisation', entityId: row.id, after: { ...input } });
      return { id: row.id, name: row.name, kind: row.kind, parentId: row.parentId };
    });
  }
}
