import { and, asc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Handle, Tx } from '../database';
import { rowBy } from './rows';
import { contains } from '../dialect';

export type OrgKind = 'federation' | 'district' | 'base';
export type OrgRow = Awaited<ReturnType<typeof orgById>> & object;

export function orgById(h: Handle, id: number) {
  return rowBy(h, h.s.organisations, 'id', id);
}

/** The materialised path of an organisation ("/1/4/37/"), or undefined. */
export async function orgPath(h: Handle, id: number): Promise<string | undefined> {
  const { organisations } = h.s;
  const row = await h.get<{ path: string }>(
    sql`select ${organisations.path} as "path" from ${organisations} where ${organisations.id} = ${id}`,
  );
  return row?.path;
}

/** The subtree below the path `prefix` as an index range: every descendant's path sorts between "/1/4/" and "/1/40". */
export function subtreeRange(h: Handle, prefix: string): SQL[] {
  const { organisations } = h.s;
  return [gte(organisations.path, prefix), lt(organisations.path, prefix.slice(0, -1) + '0')];
}

export interface OrgFilter {
  parentId?: number;
  /** that organisation's path: it and everything below it */
  underPath?: string;
  kind?: OrgKind[];
  q?: string;
  limit?: number;
}

/** The tree as a flat list in path order, narrowed by the filter. */
export async function listOrgs(h: Handle, filter: OrgFilter) {
  const { organisations } = h.s;
  const conds: SQL[] = [];
  if (filter.parentId !== undefined) conds.push(eq(organisations.parentId, filter.parentId));
  if (filter.underPath !== undefined) conds.push(...subtreeRange(h, filter.underPath));
  if (filter.kind?.length) conds.push(inArray(organisations.kind, filter.kind));
  const needle = filter.q?.trim();
  if (needle) conds.push(contains(h, organisations.name, needle));
  const q = h.orm
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, parentId: organisations.parentId })
    .from(organisations)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(organisations.path));
  return filter.limit !== undefined ? q.limit(filter.limit) : q;
}

export async function federationId(h: Handle): Promise<number | undefined> {
  const { organisations } = h.s;
  const [row] = await h.orm.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'federation')).limit(1);
  return row?.id;
}

export async function siblingNamed(h: Handle, parentId: number | null, name: string): Promise<boolean> {
  const { organisations } = h.s;
  const [row] = await h.orm
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(parentId == null ? isNull(organisations.parentId) : eq(organisations.parentId, parentId), eq(organisations.name, name)))
    .limit(1);
  return !!row;
}

/** Inserts an organisation and sets its path from its new id. */
export async function insertOrg(t: Tx, v: { name: string; kind: OrgKind; parentId: number | null; depth: number; parentPath: string }) {
  const { organisations } = t.s;
  const [row] = await t.orm.insert(organisations).values({ name: v.name, kind: v.kind, parentId: v.parentId, depth: v.depth }).returning();
  const path = `${v.parentPath}${row!.id}/`;
  await t.orm.update(organisations).set({ path }).where(eq(organisations.id, row!.id));
  return { ...row!, path };
}
