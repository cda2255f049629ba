import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, Nullable, OptionalBody, Role } from '../common';

const ops = taggedOperations('auth');

/** `{refreshToken}` for clients without the cookie, or no body */
const RefreshBody = OptionalBody({ refreshToken: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) });

export const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: '11-digit mainland mobile number' });

export const Password = Type.String({ minLength: 8, maxLength: 128 });

export const Code = Type.String({ minLength: 1, maxLength: 16, description: 'the one-time code' });

export const PersonName = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' });

export const RoleSchema = Role;

export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    phone: Type.String(),
    name: Type.String(),
    roles: Type.Array(RoleSchema),
    orgId: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'User' },
);

export const TokenResponse = Type.Object({ accessToken: Type.String(), expiresIn: Type.Integer({ description: 'seconds' }) });

export const register = ops.open('POST', '/auth/register', {
  operationId: 'register',
  summary: 'Sign up as a worker (职工注册) with the code sent to the phone; signs the new worker in',
  description:
    '`code` comes from POST /api/auth/codes with purpose `signup`; it is required unless SMS_SENDER=none (GET /api/auth/settings ' +
    'says which). 400 BAD_CODE (`reason`: wrong, expired, used, voided, superseded) and nothing written when it is not good. The ' +
    'answer also carries a session, as a login does: `accessToken`, `expiresIn` and the refresh cookie.',
  body: Type.Object({ phone: Phone, password: Password, name: PersonName, code: Type.Optional(Code) }, { additionalProperties: false }),
  response: {
    201: Type.Object({ user: UserSchema, accessToken: Type.String(), expiresIn: Type.Integer({ description: 'seconds' }) }),
    ...errors(400, 409, 429),
  },
});

export const login = ops.open('POST', '/auth/login', {
  operationId: 'login',
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
});

export const refreshSession = ops.open('POST', '/auth/refresh', {
  operationId: 'refreshSession',
  summary: 'New access token from the refresh cookie; the refresh token rotates',
  description: 'Browsers send the httpOnly gj_refresh cookie; other clients may send `{refreshToken}` as JSON.',
  body: RefreshBody,
  response: { 200: TokenResponse, ...errors(401, 429) },
});

export const logout = ops.open('POST', '/auth/logout', {
  operationId: 'logout',
  summary: 'End this session: its refresh token is revoked and its access token refused from now on; clears the session cookies',
  description:
    'The session is the one of the access token presented (Bearer header or cookie) and of the refresh token (the gj_refresh cookie, ' +
    'or `{refreshToken}` as JSON). Other devices stay logged in (POST /api/auth/logout-all ends them too). Always 204.',
  body: RefreshBody,
  response: { 204: Type.Null(), ...errors(400) },
});

export const logoutAll = ops.authed('POST', '/auth/logout-all', {
  operationId: 'logoutAll',
  summary: 'End every session of the account, this one included (退出所有设备)',
  description: 'Every access token issued before is refused from its next request on; every refresh token is revoked.',
  response: { 204: Type.Null(), ...errors(401) },
});
