import crypto from 'node:crypto';
import type { Database, Tx } from '../data/database';
import { raiseSessionVersion, userById, type UserRow } from '../data/repos/accounts';
import {
  insertRefreshToken,
  insertRevocation,
  lastRevocationId,
  pruneRevocations,
  refreshTokenByHash,
  revocationsAfter,
  revocationsSince,
  revokeRefreshToken,
  revokeRefreshTokenFamily,
  revokeRefreshTokensOfUser,
  type RevocationRow,
} from '../data/repos/sessions';
import type { Role } from '../data/schema';
import { AppError } from '../lib/errors';
import { randomToken } from '../lib/random';

export type { UserRow };

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
/** How far each poll looks back for revocations that committed after younger ones (see revocationsAfter). */
const LOOK_BACK_MS = 15_000;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
/** 96 random bits, 16 characters in a token: a session id nobody can guess or collide with. */
const newSessionId = () => randomToken();

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
  /** the poll in flight: one at a time */
  private polling: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly accessTtl: number,
    private readonly refreshTtl: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** How long a revocation matters: an access token's whole life, with the clock skew on both ends. */
  private get windowMs() {
    return (this.accessTtl + 2 * CLOCK_SKEW_S) * 1000;
  }

  /** Reads the recent revocations and starts polling for new ones. */
  async start(): Promise<void> {
    const from = new Date(this.clock() - this.windowMs).toISOString();
    const maxId = await lastRevocationId(this.db.read);
    for (const row of await revocationsSince(this.db.read, from)) this.apply(row);
    this.lastId = Math.max(this.lastId, maxId);
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The timer's read: skipped while the previous one is still running; a failure waits for the next round. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = this.sync()
      .catch((err: unknown) => console.warn('sessions: reading revocations failed', err))
      .finally(() => (this.polling = null));
    await this.polling;
  }

  /** Reads the revocations written since the last look (by this process or another). */
  async sync(): Promise<void> {
    const now = this.clock();
    const since = new Date(now - LOOK_BACK_MS).toISOString();
    for (const row of await revocationsAfter(this.db.read, this.lastId, since)) this.apply(row);
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
   * Ends every session of the account, inside the caller's transaction (whose lock root is the account; call sync()
   * after it commits): the session version goes up, which voids every access token issued before, and — unless
   * `keepRefresh`, used when only the token's claims went stale (a role change) — every refresh token is revoked.
   * Returns the account as it now is.
   */
  async endAll(t: Tx, userId: number, opts: { keepRefresh?: boolean } = {}): Promise<UserRow> {
    const user = await raiseSessionVersion(t, userId);
    if (!user) throw new Error(`no user ${userId}`);
    const at = this.nowIso();
    await insertRevocation(t, { userId, sessionVersion: user.sessionVersion, at });
    if (!opts.keepRefresh) await revokeRefreshTokensOfUser(t, userId, at);
    return user;
  }

  private nowIso() {
    return new Date(this.clock()).toISOString();
  }

  /** A new session: a refresh token (returned once in clear, stored as a hash) in a new family, or the given one. */
  async issueRefreshToken(t: Tx, userId: number, family: string = newSessionId()): Promise<{ token: string; family: string }> {
    const token = randomToken(32);
    const expiresAt = new Date(this.clock() + this.refreshTtl * 1000).toISOString();
    await insertRefreshToken(t, { userId, tokenHash: sha256(token), family, expiresAt });
    return { token, family };
  }

  /** A new session for the account (login, sign-up), in its own transaction. */
  startSession(userId: number): Promise<{ token: string; family: string }> {
    return this.db.tx((t) => this.issueRefreshToken(t, userId));
  }

  /**
   * Rotation: the presented token is revoked and a new one in the same family issued. Presenting an
   * already-rotated token means it was stolen or replayed: the whole family is revoked (OAuth 2.0 BCP), and its
   * access tokens with it. The account is the lock root, and the token is read again under its lock: of two
   * rotations of one token at once, the second sees the first one's revocation (one success, one 401, as on SQLite,
   * whose transactions run one at a time).
   */
  async rotateRefreshToken(token: string): Promise<{ user: UserRow; token: string; family: string }> {
    const hash = sha256(token);
    const known = await refreshTokenByHash(this.db.read, hash);
    if (!known) throw new AppError(401, 'INVALID_REFRESH');
    // The transaction returns instead of throwing, so a replay's family revocation is committed.
    const outcome = await this.db.tx(async (t) => {
      await t.lock('users', known.userId);
      const row = await refreshTokenByHash(t, hash);
      if (!row) return null;
      const now = this.nowIso();
      if (row.revokedAt) {
        await this.endFamily(t, row.userId, row.family);
        return null;
      }
      if (row.expiresAt <= now) return null;
      const user = await userById(t, row.userId);
      if (!user || user.disabled) return null;
      if (!(await revokeRefreshToken(t, row.id, now))) return null;
      return { user, ...(await this.issueRefreshToken(t, user.id, row.family)) };
    });
    await this.sync();
    if (!outcome) throw new AppError(401, 'INVALID_REFRESH');
    return outcome;
  }

  /** The session a refresh token belongs to, if the token is known. */
  async sessionOfRefreshToken(token: string): Promise<{ userId: number; family: string } | null> {
    const row = await refreshTokenByHash(this.db.read, sha256(token));
    return row ? { userId: row.userId, family: row.family } : null;
  }

  /**
   * Ends one session (logout on this device): its refresh tokens are revoked and its access tokens refused. Inside the
   * caller's transaction; call sync() after it commits.
   */
  async endFamily(t: Tx, userId: number, family: string): Promise<void> {
    const at = this.nowIso();
    await revokeRefreshTokenFamily(t, family, at);
    await insertRevocation(t, { userId, sessionId: family, at });
  }

  /** Ends the sessions named (their own transaction, the accounts locked), then makes this process see it at once. */
  async endSessions(sessions: { userId: number; family: string }[]): Promise<void> {
    if (!sessions.length) return;
    await this.db.tx(async (t) => {
      await t.lock(
        'users',
        sessions.map((s) => s.userId),
      );
      for (const s of sessions) await this.endFamily(t, s.userId, s.family);
    });
    await this.sync();
  }

  /** Drops revocations no token can outlive any more (kept a day at least: they also tell what happened when). */
  async prune(): Promise<void> {
    const cutoff = new Date(this.clock() - Math.max(2 * this.windowMs, 24 * 3600_000)).toISOString();
    // deletes of rows nobody reads any more: no lock root
    await this.db.tx((t) => pruneRevocations(t, cutoff));
  }
}
