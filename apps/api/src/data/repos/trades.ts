import { asc, eq, or } from 'drizzle-orm';
import type { Handle, Tx } from '../database';
import { rowBy } from './rows';
import { contains } from '../dialect';

const columns = (h: Handle) => {
  const { trades } = h.s;
  return { id: trades.id, code: trades.code, name: trades.name, nameEn: trades.nameEn };
};

export async function listTrades(h: Handle, term?: string) {
  const { trades } = h.s;
  const t = term?.trim();
  return h.orm
    .select(columns(h))
    .from(trades)
    .where(t ? or(contains(h, trades.name, t), contains(h, trades.code, t), contains(h, trades.nameEn, t)) : undefined)
    .orderBy(asc(trades.code));
}

export function tradeById(h: Handle, id: number) {
  return rowBy(h, h.s.trades, 'id', id);
}

export async function tradeByCode(h: Handle, code: string) {
  const { trades } = h.s;
  const [row] = await h.orm.select(columns(h)).from(trades).where(eq(trades.code, code)).limit(1);
  return row;
}

export async function insertTrade(t: Tx, v: { code: string; name: string; nameEn: string }) {
  const [row] = await t.orm.insert(t.s.trades).values(v).returning(columns(t));
  return row!;
}
