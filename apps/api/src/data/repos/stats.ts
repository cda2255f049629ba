/**
 * The annual report's reads (domain.md § The annual report): sums of the summary rows of one year over a subtree,
 * by the child organisation each row belongs to, by trade and by month. The counting itself happens when the rows
 * they summarise are written (stats-sql.ts: triggers on both backends).
 */
import { asc, eq, isNull, sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';
import { childIdOfPath } from '../dialect';
import { statsRebuildSql } from '../stats-sql';

export interface SubtreeYear {
  year: number;
  orgId: number;
  path: string;
}

function bounds(q: SubtreeYear) {
  const last = q.path.charCodeAt(q.path.length - 1);
  return { lo: q.path, hi: q.path.slice(0, -1) + String.fromCharCode(last + 1), from: q.path.length + 1 };
}

const child = (h: Handle, q: SubtreeYear) => {
  const { organisations } = h.s;
  return sql`case when ${organisations.id} = ${q.orgId} then 0 else ${childIdOfPath(h, organisations.path, bounds(q).from)} end`;
};

export function tradeMonthRows(h: Handle, q: SubtreeYear) {
  const { lo, hi } = bounds(q);
  return h.all<{
    child: number;
    tradeId: number;
    month: number;
    contests: number;
    participants: number;
    trainingClasses: number;
    trainees: number;
    promotions: number;
  }>(sql`
    select ${child(h, q)} as "child", s.trade_id as "tradeId", s.month as "month", sum(s.contests) as "contests",
           sum(s.participants) as "participants", sum(s.training_classes) as "trainingClasses", sum(s.trainees) as "trainees",
           sum(s.promotions) as "promotions"
      from stats_trade_month s join organisations on organisations.id = s.org_id and organisations.path >= ${lo} and organisations.path < ${hi}
     where s.year = ${q.year}
     group by 1, 2, 3`);
}

export function contestMonthRows(h: Handle, q: SubtreeYear) {
  const { lo, hi } = bounds(q);
  return h.all<{ child: number; month: number; contests: number }>(sql`
    select ${child(h, q)} as "child", s.month as "month", sum(s.contests) as "contests"
      from stats_contest_month s join organisations on organisations.id = s.org_id and organisations.path >= ${lo} and organisations.path < ${hi}
     where s.year = ${q.year}
     group by 1, 2`);
}

export function highSkillRows(h: Handle, q: SubtreeYear) {
  const { lo, hi } = bounds(q);
  return h.all<{ child: number; tradeId: number; month: number; workerId: number }>(sql`
    select ${child(h, q)} as "child", s.trade_id as "tradeId", s.month as "month", s.worker_id as "workerId"
      from stats_high_skill s join organisations on organisations.id = s.org_id and organisations.path >= ${lo} and organisations.path < ${hi}
     where s.year = ${q.year} and s.promotions > 0`);
}

/** The root of the union tree. */
export async function rootOrgId(h: Handle): Promise<number | undefined> {
  const { organisations } = h.s;
  const [row] = await h.orm
    .select({ id: organisations.id })
    .from(organisations)
    .where(isNull(organisations.parentId))
    .orderBy(asc(organisations.id))
    .limit(1);
  return row?.id;
}

export async function childOrgs(h: Handle, parentId: number) {
  const { organisations } = h.s;
  return h.orm
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.parentId, parentId))
    .orderBy(asc(organisations.id));
}

export async function allTrades(h: Handle) {
  const { trades } = h.s;
  return h.orm.select({ id: trades.id, code: trades.code, name: trades.name, nameEn: trades.nameEn }).from(trades);
}

/** Recomputes every summary from the raw tables (the same definitions as the triggers). */
export async function rebuildStats(t: Tx) {
  for (const s of statsRebuildSql(t.dialect)) await t.run(sql.raw(s));
}
