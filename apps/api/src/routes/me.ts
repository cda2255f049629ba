import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, Id, Nullable, NullableSkillLevel } from '../lib/schemas';
import { AppError, notFound } from '../lib/errors';
import { assertNewPassword, verifyPassword } from '../lib/passwords';
import { ACCESS_COOKIE } from '../plugins/auth';
import { Password, PersonName, RoleSchema } from './auth';

export const ProfileSchema = Type.Object({
  idNumber: Nullable(Type.String({ description: 'unmasked: only ever returned to its owner' })),
  birthDate: Nullable(Type.String()),
  gender: Nullable(Type.String()),
  employerOrgId: Nullable(Type.Integer()),
  employer: Nullable(Type.String()),
  tradeId: Nullable(Type.Integer()),
  trade: Nullable(
    Type.Object({ id: Type.Integer(), code: Nullable(Type.String()), name: Nullable(Type.String()), nameEn: Nullable(Type.String()) }),
  ),
  skillLevel: NullableSkillLevel,
  certificateNo: Nullable(Type.String()),
  unionMember: Type.Boolean(),
  highSkill: Type.Boolean({ description: '高技能人才: level ≥ senior' }),
  complete: Type.Boolean({ description: 'name, resident ID, employer and trade are filled in' }),
  identityLocked: Type.Boolean({
    description:
      'a published result, a certificate or a promotion names the worker: name and idNumber can only be corrected by an organizer',
  }),
});

const MeSchema = Type.Object({
  id: Type.Integer(),
  phone: Type.String(),
  name: Type.String(),
  roles: Type.Array(RoleSchema),
  orgId: Nullable(Type.Integer()),
  orgName: Nullable(Type.String()),
  profile: Nullable(ProfileSchema),
});

export default async function meRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, orgs, loginThrottle } = app.services;

  app.get(
    '/me',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['auth'],
        summary: 'The logged-in account with its worker profile',
        security: [{ bearer: [] }],
        response: { 200: MeSchema, ...errors(401) },
      },
    },
    async (request) => {
      const user = await accounts.byId(request.user.id);
      if (!user) throw notFound('user');
      const org = user.orgId ? await orgs.byId(user.orgId) : undefined;
      return { ...accounts.publicUser(user), orgName: org?.name ?? null, profile: await accounts.profileOf(user.id) };
    },
  );

  app.put(
    '/me/profile',
    {
      onRequest: [app.requireRole('worker')],
      schema: {
        tags: ['auth'],
        summary: 'Fill in or update the worker profile; the resident ID is checked against GB 11643',
        description:
          '409 IDENTITY_LOCKED when `name` or `idNumber` would change once the worker has a published result, a certificate or a promotion ' +
          '(`identityLocked` in the profile); the same values pass, the other fields stay editable. Organizers correct a locked identity ' +
          'with PATCH /api/workers/:id/identity.',
        security: [{ bearer: [] }],
        body: Type.Object({
          name: PersonName,
          idNumber: Type.String({ minLength: 1, maxLength: 18 }),
          employerOrgId: Id,
          tradeId: Id,
          skillLevel: NullableSkillLevel,
          certificateNo: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
          unionMember: Type.Boolean(),
        }),
        response: { 200: ProfileSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => (await accounts.updateProfile(request.user.id, request.body))!,
  );

  app.put(
    '/me/password',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['auth'],
        summary: 'Change my password (修改密码); every other session ends',
        description:
          '401 BAD_CREDENTIALS when `currentPassword` is wrong (counted like a failed login: 5 within 15 minutes lock the phone, 429 ' +
          'LOGIN_LOCKED); 400 VALIDATION naming `password` when the new one is weak (8–128 characters, not one character or short group ' +
          'repeated, not a straight run such as 12345678 or abcdefgh, not containing the phone number, not one of the most common passwords). ' +
          'Every session of the account ends, this one too; the caller gets a new session in the same answer: a new gj_refresh cookie and ' +
          'the gj_access cookie (a Bearer client exchanges the refresh cookie at POST /api/auth/refresh).',
        security: [{ bearer: [] }],
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 128 }), password: Password },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const user = await accounts.byId(request.user.id);
      if (!user) throw new AppError(401, 'UNAUTHORIZED');
      assertNewPassword(request.body.password, user.phone);
      await loginThrottle.assertAllowed(user.phone, request.ip);
      if (!(await verifyPassword(user.passwordHash, request.body.currentPassword))) {
        await loginThrottle.fail(user.phone, request.ip);
        throw new AppError(401, 'BAD_CREDENTIALS');
      }
      const { user: changed, refresh } = await accounts.changePassword(user.id, request.body.password);
      const { accessToken, expiresIn } = app.issueSession(reply, changed, refresh);
      reply.setCookie(ACCESS_COOKIE, accessToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure: app.config.cookieSecure,
        path: '/',
        maxAge: expiresIn,
      });
      return reply.status(204).send(null);
    },
  );
}
