import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { conflict, forbidden, validation } from '../lib/errors';
import { hasRole } from '../services/scope';

export default async function usersRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, orgs, scope } = app.services;

  serve(app, op.listUsers, { onRequest: [app.requireRole('admin', 'organizer')] }, async (request) => {
    const { page = 1, pageSize = 20, role, q } = request.query;
    return accounts.listUsers(request.user, { role, q, page, pageSize });
  });

  serve(app, op.createUser, { onRequest: [app.requireRole('admin', 'organizer')] }, async (request, reply) => {
    const { roles, orgId } = request.body;
    const caller = request.user;
    if (!hasRole(caller, 'admin') && roles.includes('admin')) throw forbidden();
    await scope.assert(caller, orgId, 'organisation');
    const org = await orgs.byId(orgId);
    if (!org) throw validation('orgId: unknown organisation', 'orgId', 'unknown_ref');
    // A judge's or worker's orgId is their employer, a base union (domain.md § Who uses it).
    if (!roles.includes('organizer') && !roles.includes('admin') && org.kind !== 'base') {
      throw validation('orgId: a worker or judge belongs to a base union (基层工会)', 'orgId', 'invalid');
    }
    const user = await accounts.createUser(request.body, caller.id);
    return reply.status(201).send({ user: accounts.publicUser(user) });
  });

  serve(app, op.updateUser, { onRequest: [app.requireRole('admin', 'organizer')] }, async (request) => {
    const caller = request.user;
    const target = await accounts.managedUser(caller, request.params.id);
    if (target.id === caller.id) throw conflict('CANNOT_CHANGE_SELF');
    const { roles, disabled } = request.body;
    // unknown fields are stripped by validation: a body that named none of these changes nothing
    if (roles === undefined && disabled === undefined) throw validation('body: give disabled or roles', '', 'required');
    if (!hasRole(caller, 'admin') && (target.roles.includes('admin') || roles?.includes('admin'))) throw forbidden();
    if (roles && !roles.includes('organizer') && !roles.includes('admin')) {
      const org = target.orgId != null ? await orgs.byId(target.orgId) : undefined;
      if (!org || org.kind !== 'base')
        throw validation('roles: a worker or judge belongs to a base union (基层工会); this account does not', 'roles', 'invalid');
    }
    return { user: await accounts.updateUser(target, request.body, caller.id) };
  });

  serve(app, op.issueResetCode, { onRequest: [app.requireRole('admin', 'organizer')] }, async (request, reply) => {
    const caller = request.user;
    const target = await accounts.managedUser(caller, request.params.id);
    if (!hasRole(caller, 'admin') && target.roles.includes('admin')) throw forbidden();
    if (target.id === caller.id) throw conflict('CANNOT_CHANGE_SELF');
    return reply.status(201).send(await accounts.issueResetCode(target, caller.id));
  });
}
