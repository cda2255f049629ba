import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ContestTier, PromotionRule, SkillLevel } from '@gongjiang/domain';
import type { Handle, Tx } from '../database';
import { rowBy } from './rows';
import { contains } from '../dialect';
import { subtreeRange } from './organisations';

export function contestById(h: Handle, id: number) {
  return rowBy(h, h.s.contests, 'id', id);
}

export type ContestRow = NonNullable<Awaited<ReturnType<typeof contestById>>>;
export type ContestValues = typeof import('../schema/sqlite').contests.$inferInsert;
export type EventValues = typeof import('../schema/sqlite').events.$inferInsert;
export type CriterionRow = typeof import('../schema/sqlite').criteria.$inferSelect;
export type PromotionRuleRow = typeof import('../schema/sqlite').promotionRules.$inferSelect;

/** A stored promotion rule as packages/domain applies it (its levels typed). */
export function promotionRuleOf(r: PromotionRuleRow): PromotionRule {
  const { fromRank, toRank, topPercent, title } = r;
  return { fromRank, toRank, topPercent, targetLevel: r.targetLevel as SkillLevel, capLevel: r.capLevel as SkillLevel, title };
}

export async function insertContest(t: Tx, values: ContestValues) {
  const [row] = await t.orm.insert(t.s.contests).values(values).returning();
  return row!;
}

export async function updateContest(t: Tx, id: number, values: Partial<ContestValues>) {
  const { contests } = t.s;
  const [row] = await t.orm.update(contests).set(values).where(eq(contests.id, id)).returning();
  return row!;
}

export async function eventCount(h: Handle, contestId: number): Promise<number> {
  const { events } = h.s;
  const row = await h.get<{ n: number }>(sql`select count(*) as "n" from ${events} where ${events.contestId} = ${contestId}`);
  return row?.n ?? 0;
}

export async function eventOfTrade(h: Handle, contestId: number, tradeId: number) {
  const { events } = h.s;
  const [row] = await h.orm
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.contestId, contestId), eq(events.tradeId, tradeId)))
    .limit(1);
  return row;
}

export async function insertEvent(t: Tx, values: EventValues) {
  const [row] = await t.orm.insert(t.s.events).values(values).returning();
  return row!;
}

export function eventById(h: Handle, id: number) {
  return rowBy(h, h.s.events, 'id', id);
}

export async function eventsOfContest(h: Handle, contestId: number) {
  const { events } = h.s;
  return h.orm.select().from(events).where(eq(events.contestId, contestId)).orderBy(asc(events.id));
}

export async function criteriaOf(h: Handle, eventId: number) {
  const { criteria } = h.s;
  return h.orm.select().from(criteria).where(eq(criteria.eventId, eventId)).orderBy(asc(criteria.position));
}

/** An event's promotion rules in their order. */
export async function promotionRulesOf(h: Handle, eventId: number) {
  const { promotionRules } = h.s;
  return h.orm.select().from(promotionRules).where(eq(promotionRules.eventId, eventId)).orderBy(asc(promotionRules.position));
}

/** Inserts an event's criteria in order (positions 1…n). */
export async function insertCriteria(
  t: Tx,
  eventId: number,
  crit: readonly { name: string; maxScore: number; kind: CriterionRow['kind'] }[],
) {
  if (!crit.length) return [];
  return t.orm
    .insert(t.s.criteria)
    .values(crit.map((cr, i) => ({ eventId, position: i + 1, name: cr.name.trim(), maxScore: cr.maxScore, kind: cr.kind })))
    .returning();
}

export interface RuleValues {
  fromRank?: number | null;
  toRank?: number | null;
  topPercent?: number | null;
  targetLevel: string;
  capLevel: string;
  title?: string | null;
}

/** Inserts an event's promotion bands in order (positions 1…n). */
export async function insertPromotionRules(t: Tx, eventId: number, rules: readonly RuleValues[]) {
  if (!rules.length) return [];
  return t.orm
    .insert(t.s.promotionRules)
    .values(
      rules.map((r, i) => ({
        eventId,
        position: i + 1,
        fromRank: r.fromRank ?? null,
        toRank: r.toRank ?? null,
        topPercent: r.topPercent ?? null,
        targetLevel: r.targetLevel,
        capLevel: r.capLevel,
        title: r.title ?? null,
      })),
    )
    .returning();
}

export async function replaceCriteria(t: Tx, eventId: number, crit: Parameters<typeof insertCriteria>[2]) {
  await t.orm.delete(t.s.criteria).where(eq(t.s.criteria.eventId, eventId));
  return insertCriteria(t, eventId, crit);
}

export async function replacePromotionRules(t: Tx, eventId: number, rules: readonly RuleValues[]) {
  await t.orm.delete(t.s.promotionRules).where(eq(t.s.promotionRules.eventId, eventId));
  return insertPromotionRules(t, eventId, rules);
}

export async function updateEvent(t: Tx, id: number, values: Partial<EventValues>) {
  const { events } = t.s;
  const [row] = await t.orm.update(events).set(values).where(eq(events.id, id)).returning();
  return row!;
}

export async function hasScores(h: Handle, eventId: number): Promise<boolean> {
  const { scores, theoryScores } = h.s;
  const row = await h.get(
    sql`select 1 as "x" where exists (select 1 from ${scores} where ${scores.eventId} = ${eventId}) or exists (select 1 from ${theoryScores} where ${theoryScores.eventId} = ${eventId})`,
  );
  return !!row;
}

export async function orgName(h: Handle, orgId: number): Promise<string | null> {
  const { organisations } = h.s;
  const [row] = await h.orm.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).limit(1);
  return row?.name ?? null;
}

export interface ContestListFilter {
  status?: 'draft' | 'published' | 'cancelled';
  tradeId?: number;
  tier?: ContestTier;
  /** the chosen owner's path: contests of it and below */
  ownerPath?: string | null;
  /** the organizer's subtree path: their drafts are visible too */
  visiblePath?: string | null;
  openAt?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** GET /api/contests: the page and its total; events of the page's contests with their trades. */
export async function listContests(h: Handle, f: ContestListFilter) {
  const { contests, events, organisations, trades } = h.s;
  const inSubtree = (path: string) =>
    sql`${contests.orgId} in (select ${organisations.id} from ${organisations} where ${and(...subtreeRange(h, path))})`;
  const conds: SQL[] = [
    f.visiblePath ? sql`(${contests.status} = 'published' or ${inSubtree(f.visiblePath)})` : eq(contests.status, 'published'),
  ];
  if (f.status) conds.push(eq(contests.status, f.status));
  if (f.tier) conds.push(eq(contests.tier, f.tier));
  if (f.tradeId) conds.push(sql`exists (select 1 from ${events} e where e.contest_id = ${contests.id} and e.trade_id = ${f.tradeId})`);
  if (f.ownerPath !== undefined) conds.push(f.ownerPath ? inSubtree(f.ownerPath) : sql`1 = 0`);
  if (f.openAt)
    conds.push(
      sql`${contests.registrationOpensAt} <= ${f.openAt} and ${contests.registrationClosesAt} > ${f.openAt} and ${contests.status} = 'published'`,
    );
  if (f.q?.trim()) conds.push(contains(h, contests.title, f.q.trim()));
  const where = and(...conds);
  const totalRow = await h.get<{ n: number }>(sql`select count(*) as "n" from ${contests} where ${where}`);
  const rows = await h.orm
    .select({ c: contests, orgName: organisations.name })
    .from(contests)
    .leftJoin(organisations, eq(organisations.id, contests.orgId))
    .where(where)
    .orderBy(desc(contests.startsAt), desc(contests.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  const ids = rows.map((r) => r.c.id);
  const evs = ids.length
    ? await h.orm
        .select({ e: events, tradeName: trades.name, tradeNameEn: trades.nameEn })
        .from(events)
        .innerJoin(trades, eq(trades.id, events.tradeId))
        .where(inArray(events.contestId, ids))
        .orderBy(asc(events.id))
    : [];
  return { total: totalRow?.n ?? 0, rows, events: evs };
}
