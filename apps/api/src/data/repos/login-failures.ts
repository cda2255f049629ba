/** Failed password logins, counted per phone and per address by services/login-throttle.ts. */
import { sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';

/** When the newest `limit` failed logins of a phone happened, newest first. */
export async function recentFailureTimes(h: Handle, phone: string, limit: number): Promise<number[]> {
  const rows = await h.all<{ at: string }>(
    sql`select created_at as "at" from login_failures where phone = ${phone} order by created_at desc limit ${limit}`,
  );
  return rows.map((r) => Date.parse(r.at));
}

/** When the n-th newest failure from the address since `since` happened, or null when there are fewer. */
export async function nthFailureOfAddress(h: Handle, address: string, since: string, n: number): Promise<number | null> {
  const row = await h.get<{ at: string }>(
    sql`select created_at as "at" from login_failures where address = ${address} and created_at > ${since}
          order by created_at desc limit 1 offset ${n - 1}`,
  );
  return row ? Date.parse(row.at) : null;
}

export async function insertFailure(t: Tx, phone: string, address: string, at: string): Promise<void> {
  await t.run(sql`insert into login_failures (phone, address, created_at, updated_at) values (${phone}, ${address}, ${at}, ${at})`);
}

export async function clearFailuresOfPhone(t: Tx, phone: string): Promise<void> {
  await t.run(sql`delete from login_failures where phone = ${phone}`);
}

export async function pruneFailures(t: Tx, before: string): Promise<void> {
  await t.run(sql`delete from login_failures where created_at < ${before}`);
}
