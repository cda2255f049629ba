import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { notFound, validation } from '../lib/errors';

/** An organizer's correction of a worker's identity on record (api-contract.md § Identity and sessions). */
export default async function workerIdentityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, identity } = app.services;

  app.patch(
    '/workers/:id/identity',
    {
      onRequest: [app.requireRole('admin', 'organizer')],
      schema: op.correctWorkerIdentity.schema,
    },
    async (request) => {
      const target = await accounts.managedUser(request.user, request.params.id);
      if (!target.roles.includes('worker')) throw notFound('user');
      const { name, idNumber, reason } = request.body;
      if (name === undefined && idNumber === undefined) throw validation('body: give name or idNumber', '', 'required');
      return identity.correct(target, { name, idNumber }, reason.trim(), request.user.id);
    },
  );
}
