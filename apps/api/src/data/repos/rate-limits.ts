/** The request counters of the rate limits (services/rate-limit-store.ts): one fixed window per key. */
import { sql } from 'drizzle-orm';
import type { Tx } from '../database';

/**
 * Counts one request against `key` and returns the window it fell in: a new window (hits 1) when there is none or the
 * last one started at or before `expiredBefore`, else one more hit in it. One statement (an upsert), so requests of
 * several processes at once each count exactly once.
 */
export async function hitWindow(t: Tx, key: string, now: string, expiredBefore: string): Promise<{ hits: number; windowStart: string }> {
  const row = await t.get<{ hits: number; windowStart: string }>(
    sql`insert into rate_limits (key, window_start, hits, created_at, updated_at) values (${key}, ${now}, 1, ${now}, ${now})
        on conflict (key) do update set
          hits = case when rate_limits.window_start <= ${expiredBefore} then 1 else rate_limits.hits + 1 end,
          window_start = case when rate_limits.window_start <= ${expiredBefore} then excluded.window_start else rate_limits.window_start end,
          updated_at = excluded.updated_at
        returning hits, window_start as "windowStart"`,
  );
  return { hits: Number(row!.hits), windowStart: row!.windowStart };
}

export async function pruneWindows(t: Tx, before: string): Promise<void> {
  await t.run(sql`delete from rate_limits where window_start < ${before}`);
}
