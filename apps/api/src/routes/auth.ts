import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { AppError } from '../lib/errors';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../plugins/auth';

/** Requests a minute per address on POST /api/auth/login, whatever AUTH_RATE_LIMIT says. */
export const LOGIN_RATE_FLOOR = 1200;

export default async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, loginThrottle } = app.services;
  const { config, sessions } = app;
  const rateLimit = { max: config.authRateLimit, timeWindow: '1 minute' };
  // api-contract.md § Identity and sessions: successful logins are never limited below 1,000 a minute per address (a
  // factory behind one address logs in at once); failures are throttled per phone by LoginThrottle instead.
  const loginRateLimit = { max: Math.max(config.authRateLimit, LOGIN_RATE_FLOOR), timeWindow: '1 minute' };

  /** The access token presented with the request, if it is still good: its session and account. */
  async function currentSession(request: FastifyRequest, reply: FastifyReply): Promise<{ userId: number; family: string } | null> {
    try {
      await app.authenticate.call(app, request, reply);
      return request.user.sid ? { userId: request.user.id, family: request.user.sid } : null;
    } catch {
      return null;
    }
  }

  serve(app, op.register, { config: { rateLimit } }, async (request, reply) => {
    const { phone, password, name, code } = request.body;
    const user = await accounts.register({ phone, password, name }, code);
    const tokens = app.issueSession(reply, user, await sessions.startSession(user.id));
    return reply.status(201).send({ user: accounts.publicUser(user), ...tokens });
  });

  serve(app, op.login, { config: { rateLimit: loginRateLimit } }, async (request, reply) => {
    const login = request.body.login.trim();
    await loginThrottle.assertAllowed(login, request.ip);
    const user = await accounts.checkCredentials(login, request.body.password);
    if (!user) {
      await loginThrottle.fail(login, request.ip);
      throw new AppError(401, 'BAD_CREDENTIALS');
    }
    await loginThrottle.succeed(login);
    const tokens = app.issueSession(reply, user, await sessions.startSession(user.id));
    return { ...tokens, user: accounts.publicUser(user) };
  });

  serve(app, op.refreshSession, { config: { rateLimit } }, async (request, reply) => {
    const presented = request.cookies[REFRESH_COOKIE] ?? request.body?.refreshToken ?? null;
    if (!presented) throw new AppError(401, 'INVALID_REFRESH');
    const { user, token, family } = await sessions.rotateRefreshToken(presented);
    return app.issueSession(reply, user, { token, family });
  });

  serve(app, op.logout, {}, async (request, reply) => {
    const ending = [await currentSession(request, reply)];
    const presented = request.cookies[REFRESH_COOKIE] ?? request.body?.refreshToken ?? null;
    if (presented) ending.push(await sessions.sessionOfRefreshToken(presented));
    await sessions.endSessions(ending.filter((s): s is { userId: number; family: string } => s != null));
    reply.clearCookie(REFRESH_COOKIE, { path: '/' });
    reply.clearCookie(ACCESS_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  serve(app, op.logoutAll, { onRequest: [app.authenticate] }, async (request, reply) => {
    await accounts.endAllSessions(request.user.id, request.user.id);
    reply.clearCookie(REFRESH_COOKIE, { path: '/' });
    reply.clearCookie(ACCESS_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });
}
