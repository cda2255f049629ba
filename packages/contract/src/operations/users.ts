import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { CappedPage, errors, Id, Nullable, PageQuery } from '../common';
import { Password, PersonName, Phone, RoleSchema, UserSchema } from './auth';

const ops = taggedOperations('auth');

export const listUsers = ops.authed('GET', '/users', {
  operationId: 'listUsers',
  summary: 'Accounts in your subtree (e.g. role=judge to assign judges); phones masked',
  description:
    'Staff roles (judge, organizer, admin) are sorted by name; workers and the unfiltered list by organisation, then account. `total` counts up to 10,000; `totalCapped` says there are more.',
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
});

export const createUser = ops.authed('POST', '/users', {
  operationId: 'createUser',
  summary: 'Create an account (admin anywhere; an organizer inside their own subtree, never an admin)',
  body: Type.Object({
    phone: Phone,
    name: PersonName,
    password: Password,
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
    orgId: Id,
  }),
  response: { 201: Type.Object({ user: UserSchema }), ...errors(400, 401, 403, 404, 409) },
});

export const updateUser = ops.authed('PATCH', '/users/:id', {
  operationId: 'updateUser',
  summary: 'Disable or re-enable an account, or change its roles (admin anywhere; an organizer inside their subtree)',
  description:
    'A disabled account cannot log in or refresh its session (its refresh tokens are revoked). An organizer cannot change an ' +
    'admin account or grant admin (403); nobody changes their own account here (409 CANNOT_CHANGE_SELF); 404 outside the subtree. Audited as user.update.',
  params: Type.Object({ id: Id }),
  body: Type.Object(
    {
      disabled: Type.Optional(Type.Boolean()),
      roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true })),
    },
    { minProperties: 1, additionalProperties: false },
  ),
  response: {
    200: Type.Object({ user: Type.Object({ ...UserSchema.properties, disabled: Type.Boolean() }, { $id: 'ManagedUser' }) }),
    ...errors(400, 401, 403, 404, 409),
  },
});

export const issueResetCode = ops.authed('POST', '/users/:id/reset-code', {
  operationId: 'issueResetCode',
  summary: "A one-time password reset code for a worker at the union's counter (admin anywhere; an organizer inside their subtree)",
  description:
    'The 8-digit code is shown once, here, and is good for 24 hours, once, in POST /api/auth/password-reset with the account’s ' +
    'phone; a newer code voids it, 5 wrong tries void it. An organizer cannot make one for an admin account (403); nobody for ' +
    'their own account (409 CANNOT_CHANGE_SELF: change it with the current password instead); 404 outside the subtree. Audited as ' +
    'user.reset_code (never the code).',
  params: Type.Object({ id: Id }),
  response: {
    201: Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
    ...errors(401, 403, 404, 409),
  },
});
