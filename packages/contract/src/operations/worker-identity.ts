import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, Id, Nullable } from '../common';
import { PersonName } from './auth';

const ops = taggedOperations('auth');

export const correctWorkerIdentity = ops.authed('PATCH', '/workers/:id/identity', {
  operationId: 'correctWorkerIdentity',
  summary: "Correct a worker's name or resident ID (organizer within their subtree; admin anywhere), with the reason",
  description:
    'For identities the worker can no longer change (a published result, a certificate or a promotion names them), or any other. ' +
    'The resident ID is checked against GB 11643 (400 VALIDATION naming idNumber); 409 ID_NUMBER_TAKEN when another account has ' +
    'it; 404 for an account outside the subtree or that is not a worker. Audited as worker.identity_correct, old → new (resident ' +
    'IDs masked) with the reason. Certificates and promotion records keep the name and masked ID they were issued with.',
  params: Type.Object({ id: Id }),
  body: Type.Object(
    {
      name: Type.Optional(PersonName),
      idNumber: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 40,
          description: 'spaces, full-width spaces and hyphens between the characters are cleaned away',
        }),
      ),
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
});
