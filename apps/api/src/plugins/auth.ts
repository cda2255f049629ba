import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import { sql, type SQL } from 'drizzle-orm';
import type { Role } from '../db/schema';
import { AppError, forbidden, notFound } from '../lib/errors';
import type { Config } from '../config';
import type { Db } from '../db';
import { SessionsService, type AccessClaims, type UserRow } from '../services/sessions';

export interface AuthUser {
  id: number;
  roles: Role[];
  orgId: number | null;
  /** the session the access token belongs to (its refresh-token family); absent for users built in code */
  sid?: string;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AuthUser;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: a valid access token (Bearer header or the web app's httpOnly cookie) */
    authenticate: preHandlerAsyncHookHandler;
    /** preHandler: authenticated and holding one of the roles */
    requireRole: (...roles: Role[]) => preHandlerAsyncHookHandler;
    scope: OrgScope;
    sessions: SessionsService;
    /** starts or continues a session: signs an access token for it and sets the rotating refresh cookie */
    issueSession: (
      reply: FastifyReply,
      user: UserRow,
      refresh: { token: string; family: string },
    ) => { accessToken: string; expiresIn: number };
  }
}

export const ACCESS_COOKIE = 'gj_access';
export const REFRESH_COOKIE = 'gj_refresh';

/** "Organisation is inside my subtree" — the one check every organizer route uses. */
export class OrgScope {
  private readonly pathOf;
  constructor(db: Db) {
    this.pathOf = db.$client.prepare<[number], { path: string }>('select path from organisations where id = ?');
  }

  /** true when orgId is the user's organisation or below it; admins reach everything. */
  contains(user: AuthUser, orgId: number | null | undefined): boolean {
    if (user.roles.includes('admin')) return true;
    if (orgId == null || user.orgId == null) return false;
    const mine = this.pathOf.get(user.orgId)?.path;
    const theirs = this.pathOf.get(orgId)?.path;
    return !!mine && !!theirs && theirs.startsWith(mine);
  }

  /** The caller's subtree path prefix for SQL `path LIKE prefix || '%'` filters; '/' for admins. */
  prefixFor(user: AuthUser): string | null {
    if (user.roles.includes('admin')) return '/';
    if (user.orgId == null) return null;
    return this.pathOf.get(user.orgId)?.path ?? null;
  }

  /** Throws 404 (not 403: the contract hides what is out of scope). */
  assert(user: AuthUser, orgId: number | null | undefined, entity: string): void {
    if (!this.contains(user, orgId)) throw notFound(entity);
  }
}

/**
 * SQL for "organisation id is in the subtree whose path is `prefix`": a range on the indexed path
 * column (paths are digits and '/', so every descendant sorts between "/1/4/" and "/1/40").
 * LIKE 'prefix%' would scan the whole table.
 */
export function orgSubtreeIds(prefix: string): SQL {
  const upper = prefix.slice(0, -1) + '0';
  return sql`(select id from organisations where path >= ${prefix} and path < ${upper})`;
}

export function hasRole(user: AuthUser | undefined, ...roles: Role[]): boolean {
  return !!user && roles.some((r) => user.roles.includes(r));
}

export async function registerAuth(app: FastifyInstance, config: Config, db: Db): Promise<void> {
  const sessions = new SessionsService(db, config.accessTtl, config.refreshTtl);
  sessions.start();
  app.addHook('onClose', async () => sessions.stop());
  await app.register(fastifyCookie);
  await app.register(fastifyJwt, {
    secret: config.jwtSecret,
    sign: { expiresIn: config.accessTtl, algorithm: 'HS256' },
    verify: { algorithms: ['HS256'] },
    cookie: { cookieName: ACCESS_COOKIE, signed: false },
    // @fastify/jwt's hook for revocation lists: a token whose session has ended is refused like a forged one (401).
    trusted: (_request, payload) => sessions.accepts(payload as Partial<AccessClaims>),
    formatUser: (p) => ({ id: p.sub, roles: p.roles, orgId: p.orgId, sid: p.sid }),
  });
  app.decorate('sessions', sessions);
  app.decorate('issueSession', (reply: FastifyReply, user: UserRow, refresh: { token: string; family: string }) => {
    const accessToken = app.jwt.sign(sessions.claims(user, refresh.family));
    reply.setCookie(REFRESH_COOKIE, refresh.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      path: '/',
      maxAge: config.refreshTtl,
    });
    return { accessToken, expiresIn: config.accessTtl };
  });

  const authenticate = async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    try {
      // Any failure of a malformed, expired or forged token is a 401, never a 500 (engineering-notes.md).
      if (header) {
        if (!/^Bearer [A-Za-z0-9_\-.]+$/.test(header)) throw new Error('malformed');
        await request.jwtVerify({ onlyCookie: false });
      } else if (request.cookies[ACCESS_COOKIE]) {
        await request.jwtVerify({ onlyCookie: true });
      } else throw new Error('missing');
    } catch {
      throw new AppError(401, 'UNAUTHORIZED');
    }
    const u = request.user;
    if (!u || typeof u.id !== 'number' || !Array.isArray(u.roles)) throw new AppError(401, 'UNAUTHORIZED');
  };

  app.decorate('authenticate', authenticate);
  app.decorate('requireRole', (...roles: Role[]) => {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      await authenticate(request, reply);
      if (!hasRole(request.user, ...roles)) throw forbidden();
    };
  });
  app.decorate('scope', new OrgScope(db));
}
