import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, Id, Nullable, NullableSkillLevel } from '../common';
import { Password, PersonName, RoleSchema } from './auth';

const ops = taggedOperations('auth');

export const ProfileSchema = Type.Object(
  {
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
  },
  { $id: 'Profile' },
);

export const MeSchema = Type.Object(
  {
    id: Type.Integer(),
    phone: Type.String(),
    name: Type.String(),
    roles: Type.Array(RoleSchema),
    orgId: Nullable(Type.Integer()),
    orgName: Nullable(Type.String()),
    profile: Nullable(ProfileSchema),
    smsNotifications: Type.Boolean({ description: 'important notifications also go by SMS (PUT /api/me/notification-settings)' }),
    unreadNotifications: Type.Integer({ description: 'unread notifications in the inbox (GET /api/me/notifications)' }),
  },
  { $id: 'Me' },
);

export const getMe = ops.authed('GET', '/me', {
  operationId: 'getMe',
  summary: 'The logged-in account with its worker profile',
  response: { 200: MeSchema, ...errors(401) },
});

export const updateMyProfile = ops.authed('PUT', '/me/profile', {
  operationId: 'updateMyProfile',
  summary: 'Fill in or update the worker profile; the resident ID is checked against GB 11643',
  description:
    '409 IDENTITY_LOCKED when `name` or `idNumber` would change once the worker has a published result, a certificate or a promotion ' +
    '(`identityLocked` in the profile); the same values pass, the other fields stay editable. Organizers correct a locked identity ' +
    'with PATCH /api/workers/:id/identity.',
  body: Type.Object({
    name: PersonName,
    idNumber: Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'spaces, full-width spaces and hyphens between the characters are cleaned away',
    }),
    employerOrgId: Id,
    tradeId: Id,
    skillLevel: NullableSkillLevel,
    certificateNo: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    unionMember: Type.Boolean(),
  }),
  response: { 200: ProfileSchema, ...errors(400, 401, 403, 409) },
});

export const changeMyPassword = ops.authed('PUT', '/me/password', {
  operationId: 'changeMyPassword',
  summary: 'Change my password (修改密码); every other session ends',
  description:
    '401 BAD_CREDENTIALS when `currentPassword` is wrong (counted like a failed login: 5 within 15 minutes lock the phone, 429 ' +
    'LOGIN_LOCKED); 400 VALIDATION naming `password` when the new one is weak (8–128 characters, not one character or short group ' +
    'repeated, not a straight run such as 12345678 or abcdefgh, not containing the phone number, not one of the most common passwords). ' +
    'Every session of the account ends, this one too; the caller gets a new session in the same answer: a new gj_refresh cookie and ' +
    'the gj_access cookie (a Bearer client exchanges the refresh cookie at POST /api/auth/refresh).',
  body: Type.Object(
    { currentPassword: Type.String({ minLength: 1, maxLength: 128 }), password: Password },
    { additionalProperties: false },
  ),
  response: { 204: Type.Null(), ...errors(400, 401, 429) },
});
