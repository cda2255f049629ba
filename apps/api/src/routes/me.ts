import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, Id, Nullable, NullableSkillLevel } from '../lib/schemas';
import { notFound } from '../lib/errors';
import { PersonName, RoleSchema } from './auth';

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
  const { accounts, orgs } = app.services;

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
      const user = accounts.byId(request.user.id);
      if (!user) throw notFound('user');
      const org = user.orgId ? await orgs.byId(user.orgId) : undefined;
      return { ...accounts.publicUser(user), orgName: org?.name ?? null, profile: accounts.profileOf(user.id) };
    },
  );

  app.put(
    '/me/profile',
    {
      onRequest: [app.requireRole('worker')],
      schema: {
        tags: ['auth'],
        summary: 'Fill in or update the worker profile; the resident ID is checked against GB 11643',
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
    async (request) => accounts.updateProfile(request.user.id, request.body)!,
  );
}
