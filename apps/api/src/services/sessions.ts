import crypto from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { writeTx, type Db } from '../db';
import { refreshTokens, sessionRevocations, users, type Role } from '../db/schema';
import { AppError } from '../lib/errors';

export type UserRow = typeof users.$inferSelect;

/** What an access token says (plus the registered claims `iat` and `exp` the signer adds). */
export interface AccessClaims {
  sub: number;
  roles: Role[];
  orgId: number | null;
  /** users.session_version when the token was issued */
  sv: number;
  /** the session: the refresh-token family it belongs to */
  sid: string;
  iat?: number;
  exp?: number;
}

/** Seconds of clock difference tolerated between the signer and the checker (several processes, several hosts). */
export const CLOCK_SKEW_S = 5;
/** How often every process reads the revocations other processes wrote: they converge within two polls. */
export const POLL_MS = 500;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
/** 96 random bits, 16 characters in a token: a session id nobody can guess or collide with. */
const newSessionId = () => crypto.randomBytes(12).toString('base64url');

interface RevocationRow {
  id: number;
  userId: number;
  sessionVersion: number | null;
  sessionId: string | null;
  createdAt: string;
}

/**
 * Sessions that really end (api-contract.md § Identity and sessions), without a database read per request.
 *
 * A session is a refresh-token family; its access tokens carry the family id (`sid`) and the account's
 * `session_version` (`sv`) at issue. Ending every session of an account raises the version; ending one session
 * (logout) records its id. Each change is also one row of session_revocations, which every API process reads
 * every POLL_MS ("rows newer than the last I saw"), and at once after a change it made itself. So the check per
 * request is two Map look-ups, and several processes agree within a second.
 *
 * Only revocations younger than an access token's lifetime matter: a token issued before an older one has expired.
 * Tokens must therefore carry `iat` and `exp`, and no token may live longer than ACCESS_TOKEN_TTL (a token minted
 * with a longer life, e.g. before the setting was lowered, is refused) — so a starting process reads just that
 * window of rows, not the history, and nothing per user.
 */
export class SessionsService {
  /** userId → the session version older tokens fall below, and until when (ms) that still matters */
  private readonly versions = new Map<number, { version: number; until: number }>();
  /** ended session id → until when (ms) its tokens could still be alive */
  private readonly ended = new Map<string, number>();
  private lastId = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly newer;
  private readonly since;

  constructor(
    private readonly db: Db,
    private readonly accessTtl: number,
    private readonly refreshTtl: number,
    private readonly clock: () => number = Date.now,
  ) {
    const columns = 'id, user_id as userId, session_version as sessionVersion, session_id as sessionId, created_at as createdAt';
    this.newer = db.$client.prepare<[number], RevocationRow>(`select ${columns} from session_revocations where id > ? order by id`);
    this.since = db.$client.prepare<[string], RevocationRow>(`select ${columns} from session_revocations where created_at > ? order by id`);
  }

  /** How long a revocation matters: an access token's whole life, with the clock skew on both ends. */
  private get windowMs() {
    return (this.accessTtl + 2 * CLOCK_SKEW_S) * 1000;
  }

  /** Reads the recent revocations and starts polling for new ones. */
  start(): void {
    const from = new Date(this.clock() - this.windowMs).toISOString();
    const maxId = this.db.$client.prepare<[], { id: number | null }>('select max(id) as id from session_revocations').get()?.id ?? 0;
    for (const row of this.since.all(from)) this.apply(row);
    this.lastId = Math.max(this.lastId, maxId);
    this.timer = setInterval(() => this.sync(), POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reads the revocations written since the last look (by this process or another). */
  sync(): void {
    for (const row of this.newer.all(this.lastId)) this.apply(row);
    const now = this.clock();
    if (this.ended.size > 1000 || this.versions.size > 1000) {
      for (const [sid, until] of this.ended) if (until < now) this.ended.delete(sid);
      for (const [uid, v] of this.versions) if (v.until < now) this.versions.delete(uid);
    }
  }

  private apply(row: RevocationRow): void {
    this.lastId = Math.max(this.lastId, row.id);
    const until = Date.parse(row.createdAt) + this.windowMs;
    if (row.sessionVersion != null) {
      const known = this.versions.get(row.userId);
      if (!known || known.version <= row.sessionVersion) this.versions.set(row.userId, { version: row.sessionVersion, until });
    }
    if (row.sessionId != null) this.ended.set(row.sessionId, until);
  }

  /**
   * The per-request check (after the signature and `exp`): issued under the account's current session version, in a
   * session that has not ended, with an `iat` that is not in the future and a lifetime no longer than ours.
   */
  accepts(p: Partial<AccessClaims>): boolean {
    const { iat, exp, sv, sid, sub } = p;
    if (typeof iat !== 'number' || typeof exp !== 'number' || typeof sv !== 'number' || typeof sid !== 'string' || typeof sub !== 'number')
      return false;
    const now = this.clock() / 1000;
    if (iat > now + CLOCK_SKEW_S || exp - iat > this.accessTtl + CLOCK_SKEW_S) return false;
    const v = this.versions.get(sub);
    if (v && sv < v.version) return false;
    return !this.ended.has(sid);
  }

  /** The claims of a new access token for the user in session `sid` (the caller signs them). */
  claims(user: Pick<UserRow, 'id' | 'roles' | 'orgId' | 'sessionVersion'>, sid: string): AccessClaims {
    return { sub: user.id, roles: user.roles, orgId: user.orgId, sv: user.sessionVersion, sid };
  }

  /**
   * Ends every session of the account (inside the caller's write transaction; call sync() after it commits): the
   * session version goes up, which voids every access token issued before, and — unless `keepRefresh`, used when only
   * the token's claims went stale (a role change) — every refresh token is revoked. Returns the account as it now is.
   */
  endAll(userId: number, opts: { keepRefresh?: boolean } = {}): UserRow {
    const user = this.db
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId))
      .returning()
      .get();
    if (!user) throw new Error(`no user ${userId}`);
    this.db.insert(sessionRevocations).values({ userId, sessionVersion: user.sessionVersion, createdAt: this.nowIso() }).run();
    if (!opts.keepRefresh) this.revokeRefreshTokensOf(userId);
    return user;
  }

  private nowIso() {
    return new Date(this.clock()).toISOString();
  }

  private revokeRefreshTokensOf(userId: number): void {
    this.db
      .update(refreshTokens)
      .set({ revokedAt: this.nowIso() })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
      .run();
  }

  /** A new session: a refresh token (returned once in clear, stored as a hash) in a new family, or the given one. */
  issueRefreshToken(userId: number, family: string = newSessionId()): { token: string; family: string } {
    const token = crypto.randomBytes(32).toString('base64url');
    this.db
      .insert(refreshTokens)
      .values({ userId, tokenHash: sha256(token), family, expiresAt: new Date(this.clock() + this.refreshTtl * 1000).toISOString() })
      .run();
    return { token, family };
  }

  /**
   * Rotation: the presented token is revoked and a new one in the same family issued. Presenting an
   * already-rotated token means it was stolen or replayed: the whole family is revoked (OAuth 2.0 BCP), and its
   * access tokens with it.
   */
  rotateRefreshToken(token: string): { user: UserRow; token: string; family: string } {
    // The transaction returns instead of throwing, so a replay's family revocation is committed.
    const outcome = writeTx(this.db, () => {
      const row = this.db
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, sha256(token)))
        .get();
      if (!row) return null;
      const now = this.nowIso();
      if (row.revokedAt) {
        this.endFamily(row.userId, row.family);
        return null;
      }
      if (row.expiresAt <= now) return null;
      const user = this.db.select().from(users).where(eq(users.id, row.userId)).get();
      if (!user || user.disabled) return null;
      this.db.update(refreshTokens).set({ revokedAt: now }).where(eq(refreshTokens.id, row.id)).run();
      return { user, ...this.issueRefreshToken(user.id, row.family) };
    });
    this.sync();
    if (!outcome) throw new AppError(401, 'INVALID_REFRESH');
    return outcome;
  }

  /** The session a refresh token belongs to, if the token is known. */
  sessionOfRefreshToken(token: string): { userId: number; family: string } | null {
    const row = this.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(token)))
      .get();
    return row ? { userId: row.userId, family: row.family } : null;
  }

  /**
   * Ends one session (logout on this device): its refresh tokens are revoked and its access tokens refused. Inside the
   * caller's write transaction; call sync() after it commits.
   */
  endFamily(userId: number, family: string): void {
    this.db
      .update(refreshTokens)
      .set({ revokedAt: this.nowIso() })
      .where(and(eq(refreshTokens.family, family), isNull(refreshTokens.revokedAt)))
      .run();
    this.db.insert(sessionRevocations).values({ userId, sessionId: family, createdAt: this.nowIso() }).run();
  }

  /** Ends the sessions named (their own transaction), then makes this process see it at once. */
  endSessions(sessions: { userId: number; family: string }[]): void {
    if (!sessions.length) return;
    writeTx(this.db, () => {
      for (const s of sessions) this.endFamily(s.userId, s.family);
    });
    this.sync();
  }

  /** Drops revocations no token can outlive any more (kept a day at least: they also tell what happened when). */
  prune(): void {
    const cutoff = new Date(this.clock() - Math.max(2 * this.windowMs, 24 * 3600_000)).toISOString();
    writeTx(this.db, () => this.db.delete(sessionRevocations).where(lt(sessionRevocations.createdAt, cutoff)).run());
  }
}
