import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import type { Role } from '../data/schema';
import { AppError, forbidden } from '../lib/errors';
import type { Config } from '../config';
import { hasRole, type Caller } from '../services/scope';
import type { AccessClaims, SessionsService, UserRow } from '../services/sessions';

/** The caller an access token names (services/scope.ts: services receive it as a value). */
export type AuthUser = Caller;
export { hasRole };

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

/**
 * Access tokens (@fastify/jwt, HS256) checked against the sessions that have ended (services/sessions.ts, read from the
 * database every 500 ms): no database read per request. The store is the composition root's (services/index.ts); the
 * plugin starts its polling and stops it when the app closes.
 */
export async function registerAuth(app: FastifyInstance, config: Config, sessions: SessionsService): Promise<void> {
  await sessions.start();
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
      // jwtVerify() without options: @fastify/jwt then uses its one verifier built at start-up (with options it builds a
      // new one per request, the HMAC key included — a tenth of a registration's CPU time). It reads the Bearer header
      // when there is one, else the cookie.
      if (header) {
        if (!/^Bearer [A-Za-z0-9_\-.]+$/.test(header)) throw new Error('malformed');
      } else if (!request.cookies[ACCESS_COOKIE]) throw new Error('missing');
      await request.jwtVerify();
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
}
