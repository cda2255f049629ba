import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { conflict, forbidden, validation } from '../lib/errors';
import { CappedPage, errors, Id, Nullable, PageQuery } from '../lib/schemas';
import { hasRole } from '../services/scope';
import { Password, PersonName, Phone, RoleSchema, UserSchema } from './auth';

export default async function usersRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, orgs, scope } = app.services;

  app.get(
    '/users',
    {
      onRequest: [app.requireRole('admin', 'organizer')],
      schema: {
        tags: ['auth'],
        summary: 'Accounts in your subtree (e.g. role=judge to assign judges); phones masked',
        description:
          'Staff roles (judge, organizer, admin) are sorted by name; workers and the unfiltered list by organisation, then account. `total` counts up to 10,000; `totalCapped` says there are more.',
        security: [{ bearer: [] }],
        querystring: Type.Object({ role: Type.Optional(RoleSchema), q: Type.Optional(Type.String({ maxLength: 50 })), ...PageQuery }),
        response: {
          200: CappedPage(
            Type.Object({
              id: Type.Integer(),
              name: Type.String(),
              phone: Type.String(),
              roles: Type.Array(RoleSchema),
              orgId: Nullable(Type.Integer()),
              orgName: Nullable(Type.String()),
              disabled: Type.Boolean(),
            }),
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { page = 1, pageSize = 20, role, q } = request.query;
      return accounts.listUsers(request.user, { role, q, page, pageSize });
    },
  );

  app.post(
    '/users',
    {
      onRequest: [app.requireRole('admin', 'organizer')],
      schema: {
        tags: ['auth'],
        summary: 'Create an account (admin anywhere; an organizer inside their own subtree, never an admin)',
        security: [{ bearer: [] }],
        body: Type.Object({
          phone: Phone,
          name: PersonName,
          password: Password,
          roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
          orgId: Id,
        }),
        response: { 201: Type.Object({ user: UserSchema }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { roles, orgId } = request.body;
      const caller = request.user;
      if (!hasRole(caller, 'admin') && roles.includes('admin')) throw forbidden();
      await scope.assert(caller, orgId, 'organisation');
      const org = await orgs.byId(orgId);
      if (!org) throw validation('orgId: unknown organisation');
      // A judge's or worker's orgId is their employer, a base union (domain.md § Who uses it).
      if (!roles.includes('organizer') && !roles.includes('admin') && org.kind !== 'base') {
        throw validation('orgId: a worker or judge belongs to a base union (基层工会)');
      }
      const user = await accounts.createUser(request.body, caller.id);
      return reply.status(201).send({ user: accounts.publicUser(user) });
    },
  );

  app.patch(
    '/users/:id',
    {
      onRequest: [app.requireRole('admin', 'organizer')],
      schema: {
        tags: ['auth'],
        summary: 'Disable or re-enable an account, or change its roles (admin anywhere; an organizer inside their subtree)',
        description:
          'A disabled account cannot log in or refresh its session (its refresh tokens are revoked). An organizer cannot change an ' +
          'admin account or grant admin (403); nobody changes their own account here (409 CANNOT_CHANGE_SELF); 404 outside the subtree. Audited as user.update.',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Id }),
        body: Type.Object(
          {
            disabled: Type.Optional(Type.Boolean()),
            roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true })),
          },
          { minProperties: 1, additionalProperties: false },
        ),
        response: {
          200: Type.Object({ user: Type.Intersect([UserSchema, Type.Object({ disabled: Type.Boolean() })]) }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const caller = request.user;
      const target = await accounts.managedUser(caller, request.params.id);
      if (target.id === caller.id) throw conflict('CANNOT_CHANGE_SELF');
      const { roles, disabled } = request.body;
      // unknown fields are stripped by validation: a body that named none of these changes nothing
      if (roles === undefined && disabled === undefined) throw validation('body: give disabled or roles');
      if (!hasRole(caller, 'admin') && (target.roles.includes('admin') || roles?.includes('admin'))) throw forbidden();
      if (roles && !roles.includes('organizer') && !roles.includes('admin')) {
        const org = target.orgId != null ? await orgs.byId(target.orgId) : undefined;
        if (!org || org.kind !== 'base')
          throw validation('roles: a worker or judge belongs to a base union (基层工会); this account does not');
      }
      return { user: await accounts.updateUser(target, request.body, caller.id) };
    },
  );

  app.post(
    '/users/:id/reset-code',
    {
      onRequest: [app.requireRole('admin', 'organizer')],
      schema: {
        tags: ['auth'],
        summary: "A one-time password reset code for a worker at the union's counter (admin anywhere; an organizer inside their subtree)",
        description:
          'The 8-digit code is shown once, here, and is good for 24 hours, once, in POST /api/auth/password-reset with the account’s ' +
          'phone; a newer code voids it, 5 wrong tries void it. An organizer cannot make one for an admin account (403); nobody for ' +
          'their own account (409 CANNOT_CHANGE_SELF: change it with the current password instead); 404 outside the subtree. Audited as ' +
          'user.reset_code (never the code).',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Id }),
        response: {
          201: Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
          ...errors(401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const caller = request.user;
      const target = await accounts.managedUser(caller, request.params.id);
      if (!hasRole(caller, 'admin') && target.roles.includes('admin')) throw forbidden();
      if (target.id === caller.id) throw conflict('CANNOT_CHANGE_SELF');
      return reply.status(201).send(await accounts.issueResetCode(target, caller.id));
    },
  );
}
