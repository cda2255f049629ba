// The benches' fixtures, written through the data layer (the same code path as the app): a fresh database on either
// backend and the rows a bench needs, inserted in multi-row batches.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database, Tx } from '../../src/data/database';
import { openDatabase } from '../../src/data/open';
import { addOrg } from '../../test/support/org-tree';

export interface BenchDatabase {
  db: Database;
  /** the SQLite file (empty on PostgreSQL) */
  file: string;
  dispose(): Promise<void>;
}

/**
 * A fresh SQLite file in a temporary folder, or — when BENCH_DATABASE_URL names a postgres:// database (an empty one
 * the caller made for this run) — that database, migrated.
 */
export async function openBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'bench.db');
  const db = await openDatabase({ url: process.env.BENCH_DATABASE_URL, file });
  return {
    db,
    file,
    dispose: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An ISO timestamp `days` from now. */
export const daysFromNow = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();

/** A federation with one base union under it. */
export async function orgPair(t: Tx): Promise<{ fed: number; base: number }> {
  const fed = await addOrg(t, '无锡市总工会', 'federation', null);
  const base = await addOrg(t, '无锡供电公司工会', 'base', fed);
  return { fed: fed.id, base: base.id };
}

export async function electrician(t: Tx): Promise<number> {
  const [trade] = await t.orm
    .insert(t.s.trades)
    .values({ code: '6-31-01-03', name: '电工', nameEn: 'Electrician' })
    .returning({ id: t.s.trades.id });
  return trade!.id;
}

/** A published city contest of the federation with one event of the trade. */
export async function contestEvent(
  t: Tx,
  o: {
    title: string;
    orgId: number;
    tradeId: number;
    capacity: number;
    taken?: number;
    opens: number;
    closes: number;
    starts: number;
    unionMemberOnly?: boolean;
  },
): Promise<number> {
  const [contest] = await t.orm
    .insert(t.s.contests)
    .values({
      title: o.title,
      tier: 'city',
      orgId: o.orgId,
      inPlan: true,
      status: 'published',
      registrationOpensAt: daysFromNow(o.opens),
      registrationClosesAt: daysFromNow(o.closes),
      startsAt: daysFromNow(o.starts),
      endsAt: daysFromNow(o.starts + 1),
    })
    .returning({ id: t.s.contests.id });
  const [ev] = await t.orm
    .insert(t.s.events)
    .values({
      contestId: contest!.id,
      tradeId: o.tradeId,
      capacity: o.capacity,
      taken: o.taken ?? 0,
      unionMemberOnly: o.unionMemberOnly ?? false,
    })
    .returning({ id: t.s.events.id });
  return ev!.id;
}

/** Inserts rows in batches of `size` (one multi-row statement each), returning what `insert` returns per batch, in order. */
export async function inBatches<R, T>(rows: readonly R[], size: number, insert: (batch: R[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(...(await insert(rows.slice(i, i + size))));
  return out;
}
