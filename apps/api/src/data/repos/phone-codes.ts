/** One-time codes for phones (services/phone-codes.ts): sent by SMS or handed over at a union's counter. */
import { sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';
import type { CodePurpose } from '../schema';

export interface CodeRow {
  id: number;
  codeHash: string;
  expiresAt: string;
  attempts: number;
  usedAt: string | null;
  sent: boolean;
}

/** The newest code of a phone for a purpose: the only one that is good. */
export async function latestCode(h: Handle, phone: string, purpose: CodePurpose): Promise<CodeRow | undefined> {
  const row = await h.get<CodeRow>(
    sql`select id, code_hash as "codeHash", expires_at as "expiresAt", attempts, used_at as "usedAt", sent
          from phone_codes where phone = ${phone} and purpose = ${purpose} order by id desc limit 1`,
  );
  return row && { ...row, sent: !!row.sent };
}

/** Whether an older code of the phone and purpose had this hash (the code given was superseded by a newer one). */
export async function hashUsedBefore(h: Handle, phone: string, purpose: CodePurpose, codeHash: string, beforeId: number): Promise<boolean> {
  return !!(await h.get(
    sql`select 1 as "x" from phone_codes where phone = ${phone} and purpose = ${purpose} and code_hash = ${codeHash} and id < ${beforeId} limit 1`,
  ));
}

/** When the newest `limit` SMS codes (sign-up and reset) of a phone were asked for, newest first. */
export async function recentSmsCodeTimes(h: Handle, phone: string, limit: number): Promise<number[]> {
  const rows = await h.all<{ at: string }>(
    sql`select created_at as "at" from phone_codes where phone = ${phone} and purpose in ('signup', 'reset') order by id desc limit ${limit}`,
  );
  return rows.map((r) => Date.parse(r.at));
}

/** When the n-th newest code asked for from the address since `since` was asked for, or null when there are fewer. */
export async function nthCodeOfAddress(h: Handle, address: string, since: string, n: number): Promise<number | null> {
  const row = await h.get<{ at: string }>(
    sql`select created_at as "at" from phone_codes where requested_from = ${address} and created_at > ${since}
          order by created_at desc limit 1 offset ${n - 1}`,
  );
  return row ? Date.parse(row.at) : null;
}

export async function insertCode(
  t: Tx,
  v: {
    phone: string;
    purpose: CodePurpose;
    codeHash: string;
    expiresAt: string;
    sent: boolean;
    requestedFrom?: string;
    createdBy?: number;
    at: string;
  },
): Promise<void> {
  await t.orm.insert(t.s.phoneCodes).values({
    phone: v.phone,
    purpose: v.purpose,
    codeHash: v.codeHash,
    expiresAt: v.expiresAt,
    sent: v.sent,
    requestedFrom: v.requestedFrom ?? null,
    createdBy: v.createdBy ?? null,
    createdAt: v.at,
    updatedAt: v.at,
  });
}

/** Marks a code used unless it is used already (two requests with one code: one wins); whether this call did. */
export async function useCodeRow(t: Tx, id: number, at: string): Promise<boolean> {
  return (await t.run(sql`update phone_codes set used_at = ${at}, updated_at = ${at} where id = ${id} and used_at is null`)) === 1;
}

/** Counts a wrong try against a code; the number of tries now. */
export async function countWrongTry(t: Tx, id: number, at: string): Promise<number> {
  const row = await t.get<{ attempts: number }>(
    sql`update phone_codes set attempts = attempts + 1, updated_at = ${at} where id = ${id} returning attempts`,
  );
  return Number(row?.attempts ?? 0);
}

export async function pruneCodes(t: Tx, before: string): Promise<void> {
  await t.run(sql`delete from phone_codes where created_at < ${before}`);
}
