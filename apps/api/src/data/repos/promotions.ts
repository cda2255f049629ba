/** Promotion records (a worker's skill history), the rules and results they are decided from, and the tracker. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PromotionSource } from '@gongjiang/domain';
import type { Handle, Tx } from '../database';
import { subtreeRange } from './organisations';

export type PromotionRow = Awaited<ReturnType<typeof promotionsOfEvent>>[number];

/** The workers with a published result in the event. */
export async function resultWorkerIds(h: Handle, eventId: number): Promise<number[]> {
  const rows = await h.all<{ workerId: number }>(sql`select worker_id as "workerId" from results where event_id = ${eventId}`);
  return rows.map((r) => r.workerId);
}

/** The event's published results with each worker's name, current level and employer, in rank order. */
export function resultStandings(h: Handle, eventId: number) {
  const { results, users, workerProfiles, organisations } = h.s;
  return h.orm
    .select({
      workerId: results.workerId,
      rank: results.rank,
      passed: results.passed,
      total: results.total,
      name: users.name,
      level: workerProfiles.skillLevel,
      employer: organisations.name,
    })
    .from(results)
    .innerJoin(users, eq(users.id, results.workerId))
    .leftJoin(workerProfiles, eq(workerProfiles.userId, results.workerId))
    .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
    .where(eq(results.eventId, eventId))
    .orderBy(asc(results.rank), asc(results.id));
}

/** How many contest promotions each of `workerIds` has in `year` (workers without one are absent). */
export async function contestPromotionCounts(h: Handle, workerIds: number[], year: number): Promise<Map<number, number>> {
  if (!workerIds.length) return new Map();
  const { promotions } = h.s;
  const rows = await h.orm
    .select({ workerId: promotions.workerId, n: sql<number>`count(*)` })
    .from(promotions)
    .where(and(inArray(promotions.workerId, workerIds), eq(promotions.year, year), eq(promotions.sourceType, 'contest')))
    .groupBy(promotions.workerId);
  return new Map(rows.map((r) => [r.workerId, Number(r.n)]));
}

export async function skillLevelOf(h: Handle, workerId: number): Promise<string | null> {
  const { workerProfiles } = h.s;
  const [row] = await h.orm
    .select({ l: workerProfiles.skillLevel })
    .from(workerProfiles)
    .where(eq(workerProfiles.userId, workerId))
    .limit(1);
  return row?.l ?? null;
}

export async function insertPromotion(
  t: Tx,
  v: {
    workerId: number;
    fromLevel: string | null;
    toLevel: string;
    sourceType: PromotionSource;
    eventId: number | null;
    trainingClassId: number | null;
    orgId: number;
    tradeId: number | null;
    promotedOn: string;
    year: number;
    certificateNo: string;
    title: string | null;
    becameHighSkill: boolean;
    holderName: string;
    holderResidentId: string | null;
  },
) {
  const [row] = await t.orm.insert(t.s.promotions).values(v).returning();
  return row!;
}

/** The worker's level and the number of the certificate that gave it (a profile is made when there is none). */
export async function setSkillLevel(t: Tx, workerId: number, level: string, certificateNo: string, at: string): Promise<void> {
  const { workerProfiles } = t.s;
  await t.orm
    .insert(workerProfiles)
    .values({ userId: workerId, skillLevel: level, certificateNo })
    .onConflictDoUpdate({ target: workerProfiles.userId, set: { skillLevel: level, certificateNo, updatedAt: at } });
}

export function promotionsOfEvent(h: Handle, eventId: number) {
  const { promotions } = h.s;
  return h.orm.select().from(promotions).where(eq(promotions.eventId, eventId)).orderBy(asc(promotions.id));
}

export async function setPromotionsApplied(t: Tx, eventId: number, at: string): Promise<void> {
  await t.run(sql`update events set promotions_applied_at = ${at}, updated_at = ${at} where id = ${eventId}`);
}

/** A worker with their profile, employer's name and trade's name, or undefined. */
export async function workerWithProfile(h: Handle, workerId: number) {
  const { users, workerProfiles, organisations, trades } = h.s;
  const [row] = await h.orm
    .select({ id: users.id, name: users.name, p: workerProfiles, employer: organisations.name, trade: trades.name })
    .from(users)
    .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
    .leftJoin(trades, eq(trades.id, workerProfiles.tradeId))
    .where(eq(users.id, workerId))
    .limit(1);
  return row;
}

export interface TrackerFilter {
  year: number;
  /** the owning organisations' subtree: the path of its root */
  underPath: string;
  tradeId?: number;
  source?: PromotionSource;
  highSkill?: boolean;
}

/**
 * The tracker's condition: promotions of one year whose owning organisation is in a subtree. Year and org go through
 * promotions_year_org_idx and organisations_path_idx (the subtree as a path range) — no full scan.
 */
export function trackerCondition(h: Handle, f: TrackerFilter): SQL {
  const { promotions, organisations } = h.s;
  const subtree = h.orm
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(...subtreeRange(h, f.underPath)));
  const conds: SQL[] = [eq(promotions.year, f.year), inArray(promotions.orgId, subtree)];
  if (f.tradeId != null) conds.push(eq(promotions.tradeId, f.tradeId));
  if (f.source) conds.push(eq(promotions.sourceType, f.source));
  if (f.highSkill != null) conds.push(eq(promotions.becameHighSkill, f.highSkill));
  return and(...conds)!;
}

export async function countPromotions(h: Handle, where: SQL): Promise<number> {
  const { promotions } = h.s;
  const [row] = await h.orm
    .select({ n: sql<number>`count(*)` })
    .from(promotions)
    .where(where);
  return Number(row?.n ?? 0);
}

/** One page of the ids matching `where`, newest first. */
export async function promotionPage(h: Handle, where: SQL, limit: number, offset: number): Promise<number[]> {
  const { promotions } = h.s;
  const rows = await h.orm
    .select({ id: promotions.id })
    .from(promotions)
    .where(where)
    .orderBy(desc(promotions.promotedOn), desc(promotions.id))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => r.id);
}

/** Promotion records with the worker's name and employer, the trade and the source's title, oldest first. */
export function promotionItems(h: Handle, where: SQL) {
  const { promotions, users, workerProfiles, organisations, trades, events, contests, trainingClasses } = h.s;
  return h.orm
    .select({
      p: promotions,
      // the record's holder as recorded (a later correction of the worker's name does not rewrite it)
      name: sql<string>`coalesce(${promotions.holderName}, ${users.name})`,
      employer: organisations.name,
      trade: trades.name,
      sourceTitle: sql<string | null>`coalesce(${contests.title}, ${trainingClasses.title})`,
    })
    .from(promotions)
    .innerJoin(users, eq(users.id, promotions.workerId))
    .leftJoin(workerProfiles, eq(workerProfiles.userId, promotions.workerId))
    .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
    .leftJoin(trades, eq(trades.id, promotions.tradeId))
    .leftJoin(events, eq(events.id, promotions.eventId))
    .leftJoin(contests, eq(contests.id, events.contestId))
    .leftJoin(trainingClasses, eq(trainingClasses.id, promotions.trainingClassId))
    .where(where)
    .orderBy(asc(promotions.promotedOn), asc(promotions.id));
}

export type PromotionItemRow = Awaited<ReturnType<typeof promotionItems>>[number];

export function promotionItemsByIds(h: Handle, ids: number[]) {
  return ids.length ? promotionItems(h, inArray(h.s.promotions.id, ids)) : Promise.resolve([] as PromotionItemRow[]);
}

export function promotionsOfWorker(h: Handle, workerId: number) {
  return promotionItems(h, eq(h.s.promotions.workerId, workerId));
}
