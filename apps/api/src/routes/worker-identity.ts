import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound, validation } from '../lib/errors';
import { errors, Id, Nullable } from '../lib/schemas';
import { PersonName } from './auth';

/** An organizer's correction of a worker's identity on record (api-contract.md § Identity and sessions). */
export default async function workerIdentityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, identity } = app.services;

  app.patch(
    '/workers/:id/identity',
    {
      onRequest: [app.requireRole('admin', 'organizer')],
      schema: {
        tags: ['auth'],
        summary: "Correct a worker's name or resident ID (organizer within their subtree; admin anywhere), with the reason",
        description:
          'For identities the worker can no longer change (a published result, a certificate or a promotion names them), or any other. ' +
          'The resident ID is checked against GB 11643 (400 VALIDATION naming idNumber); 409 ID_NUMBER_TAKEN when another account has ' +
          'it; 404 for an account outside the subtree or that is not a worker. Audited as worker.identity_correct, old → new (resident ' +
          'IDs masked) with the reason. Certificates and promotion records keep the name and masked ID they were issued with.',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Id }),
        body: Type.Object(
          {
            name: Type.Optional(PersonName),
            idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 18 })),
            reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            id: Type.Integer(),
            name: Type.String(),
            residentId: Nullable(Type.String({ description: 'masked' })),
            birthDate: Nullable(Type.String()),
            gender: Nullable(Type.String()),
            identityLocked: Type.Boolean(),
          }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const target = await accounts.managedUser(request.user, request.params.id);
      if (!target.roles.includes('worker')) throw notFound('user');
      const { name, idNumber, reason } = request.body;
      if (name === undefined && idNumber === undefined) throw validation('body: give name or idNumber');
      return identity.correct(target, { name, idNumber }, reason.trim(), request.user.id);
    },
  );
}
