import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../lib/errors';
import { errors, optionalString } from '../lib/schemas';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../plugins/auth';

/** Requests a minute per address on POST /api/auth/login, whatever AUTH_RATE_LIMIT says. */
export const LOGIN_RATE_FLOOR = 1200;

export const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: '11-digit mainland mobile number' });
export const Password = Type.String({ minLength: 8, maxLength: 128 });
/** A one-time code as typed: 6 digits from a text message, 8 from an organizer's counter code. */
export const Code = Type.String({ minLength: 1, maxLength: 16, description: 'the one-time code' });
export const PersonName = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' });
export const RoleSchema = Type.Union([Type.Literal('worker'), Type.Literal('judge'), Type.Literal('organizer'), Type.Literal('admin')]);
export const UserSchema = Type.Object({
  id: Type.Integer(),
  phone: Type.String(),
  name: Type.String(),
  roles: Type.Array(RoleSchema),
  orgId: Type.Union([Type.Integer(), Type.Null()]),
});
const TokenResponse = Type.Object({ accessToken: Type.String(), expiresIn: Type.Integer({ description: 'seconds' }) });

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

  app.post(
    '/auth/register',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign up as a worker (职工注册) with the code sent to the phone; signs the new worker in',
        description:
          '`code` comes from POST /api/auth/codes with purpose `signup`; it is required unless SMS_SENDER=none (GET /api/auth/settings ' +
          'says which). 400 BAD_CODE (`reason`: wrong, expired, used, voided, superseded) and nothing written when it is not good. The ' +
          'answer also carries a session, as a login does: `accessToken`, `expiresIn` and the refresh cookie.',
        body: Type.Object(
          { phone: Phone, password: Password, name: PersonName, code: Type.Optional(Code) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ user: UserSchema, accessToken: Type.String(), expiresIn: Type.Integer({ description: 'seconds' }) }),
          ...errors(400, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const { phone, password, name, code } = request.body;
      const user = await accounts.register({ phone, password, name }, code);
      const tokens = app.issueSession(reply, user, await sessions.startSession(user.id));
      return reply.status(201).send({ user: accounts.publicUser(user), ...tokens });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { rateLimit: loginRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Log in with phone and password; sets the rotating refresh-token cookie',
        description:
          'After 5 wrong passwords for one phone within 15 minutes that phone is refused with 429 LOGIN_LOCKED for 15 minutes ' +
          '(`retryAfter` seconds in the body and the Retry-After header); other phones from the same address are not affected. An address ' +
          'is refused (429 RATE_LIMITED) only after 100 failed logins within 15 minutes. Successful logins are never limited below 1,200 a minute per address.',
        body: Type.Object({ login: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: {
          200: Type.Object({ accessToken: Type.String(), expiresIn: Type.Integer(), user: UserSchema }),
          ...errors(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
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
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'New access token from the refresh cookie; the refresh token rotates',
        description: 'Browsers send the httpOnly gj_refresh cookie; other clients may send `{refreshToken}` as JSON.',
        response: { 200: TokenResponse, ...errors(401, 429) },
      },
    },
    async (request, reply) => {
      const presented = request.cookies[REFRESH_COOKIE] ?? optionalString(request.body, 'refreshToken', 200);
      if (!presented) throw new AppError(401, 'INVALID_REFRESH');
      const { user, token, family } = await sessions.rotateRefreshToken(presented);
      return app.issueSession(reply, user, { token, family });
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End this session: its refresh token is revoked and its access token refused from now on; clears the session cookies',
        description:
          'The session is the one of the access token presented (Bearer header or cookie) and of the refresh token (the gj_refresh cookie, ' +
          'or `{refreshToken}` as JSON). Other devices stay logged in (POST /api/auth/logout-all ends them too). Always 204.',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const ending = [await currentSession(request, reply)];
      const presented = request.cookies[REFRESH_COOKIE] ?? optionalString(request.body, 'refreshToken', 200);
      if (presented) ending.push(await sessions.sessionOfRefreshToken(presented));
      await sessions.endSessions(ending.filter((s): s is { userId: number; family: string } => s != null));
      reply.clearCookie(REFRESH_COOKIE, { path: '/' });
      reply.clearCookie(ACCESS_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/logout-all',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['auth'],
        summary: 'End every session of the account, this one included (退出所有设备)',
        description: 'Every access token issued before is refused from its next request on; every refresh token is revoked.',
        security: [{ bearer: [] }],
        response: { 204: Type.Null(), ...errors(401) },
      },
    },
    async (request, reply) => {
      await accounts.endAllSessions(request.user.id, request.user.id);
      reply.clearCookie(REFRESH_COOKIE, { path: '/' });
      reply.clearCookie(ACCESS_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
}
