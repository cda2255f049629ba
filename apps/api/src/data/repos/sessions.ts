/** Sessions: rotating refresh tokens and the feed of ended sessions every API process polls (services/sessions.ts). */
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';
import { rowBy } from './rows';

export interface RevocationRow {
  id: number;
  userId: number;
  sessionVersion: number | null;
  sessionId: string | null;
  createdAt: string;
}

const revocationColumns = sql`id, user_id as "userId", session_version as "sessionVersion", session_id as "sessionId", created_at as "createdAt"`;

/**
 * The 500 ms poll: the revocations after the one with id `afterId`, and those stamped since `since` again. On PostgreSQL
 * ids are handed out when a row is inserted, not when it commits: a transaction that commits after a younger one can
 * leave a smaller id behind the last one seen, and the look back of a few seconds finds it (rows are applied twice
 * harmlessly). Two index ranges, a handful of rows.
 */
export function revocationsAfter(h: Handle, afterId: number, since: string): Promise<RevocationRow[]> {
  return h.all<RevocationRow>(
    sql`select ${revocationColumns} from session_revocations where id > ${afterId} or created_at > ${since} order by id`,
  );
}

/** The revocations written since `iso` (a starting process reads the window that still matters). */
export function revocationsSince(h: Handle, iso: string): Promise<RevocationRow[]> {
  return h.all<RevocationRow>(sql`select ${revocationColumns} from session_revocations where created_at > ${iso} order by id`);
}

export async function lastRevocationId(h: Handle): Promise<number> {
  const row = await h.get<{ id: number | null }>(sql`select max(id) as "id" from session_revocations`);
  return Number(row?.id ?? 0);
}

export async function insertRevocation(
  t: Tx,
  v: { userId: number; sessionVersion?: number; sessionId?: string; at: string },
): Promise<void> {
  await t.orm.insert(t.s.sessionRevocations).values({
    userId: v.userId,
    sessionVersion: v.sessionVersion ?? null,
    sessionId: v.sessionId ?? null,
    createdAt: v.at,
    updatedAt: v.at,
  });
}

export async function pruneRevocations(t: Tx, before: string): Promise<void> {
  const { sessionRevocations } = t.s;
  await t.orm.delete(sessionRevocations).where(lt(sessionRevocations.createdAt, before));
}

export function refreshTokenByHash(h: Handle, tokenHash: string) {
  return rowBy(h, h.s.refreshTokens, 'tokenHash', tokenHash);
}

export async function insertRefreshToken(
  t: Tx,
  v: { userId: number; tokenHash: string; family: string; expiresAt: string },
): Promise<void> {
  await t.orm.insert(t.s.refreshTokens).values(v);
}

/** Revokes one token unless it is revoked already; whether this call revoked it. */
export async function revokeRefreshToken(t: Tx, id: number, at: string): Promise<boolean> {
  const { refreshTokens } = t.s;
  const rows = await t.orm
    .update(refreshTokens)
    .set({ revokedAt: at })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length === 1;
}

export async function revokeRefreshTokensOfUser(t: Tx, userId: number, at: string): Promise<void> {
  const { refreshTokens } = t.s;
  await t.orm
    .update(refreshTokens)
    .set({ revokedAt: at })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

export async function revokeRefreshTokenFamily(t: Tx, family: string, at: string): Promise<void> {
  const { refreshTokens } = t.s;
  await t.orm
    .update(refreshTokens)
    .set({ revokedAt: at })
    .where(and(eq(refreshTokens.family, family), isNull(refreshTokens.revokedAt)));
}
