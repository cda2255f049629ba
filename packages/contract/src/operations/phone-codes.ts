import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors } from '../common';
import { Code, Password, Phone } from './auth';

const ops = taggedOperations('auth');

export const SmsMessageSchema = Type.Object({
  to: Type.String(),
  purpose: Type.Union([Type.Literal('signup'), Type.Literal('reset'), Type.Literal('notice')], {
    description: 'notice: an important notification texted to a worker who opted in (code empty)',
  }),
  code: Type.String(),
  text: Type.String(),
  at: Type.String(),
});

export const getAuthSettings = ops.open('GET', '/auth/settings', {
  operationId: 'getAuthSettings',
  summary: 'How this installation verifies phones (for sign-up and reset pages)',
  response: {
    200: Type.Object({
      phoneVerification: Type.Boolean({
        description: 'false when SMS_SENDER=none: sign-up needs no code, resets go through organizers',
      }),
      outboxPage: Type.Boolean({ description: 'codes are not texted but kept in an outbox admins can read (the demo)' }),
      codeValidMinutes: Type.Integer(),
      resetCodeValidHours: Type.Integer({ description: "an organizer's counter reset code" }),
    }),
  },
});

export const requestPhoneCode = ops.open('POST', '/auth/codes', {
  operationId: 'requestPhoneCode',
  summary: 'Text a 6-digit code to a phone, for signing up or resetting the password',
  description:
    'Always 202 `{}` for a well-formed request, whether or not the phone has an account (a sign-up code for a registered phone or a ' +
    'reset code for an unknown one is simply not sent). The code is good for 10 minutes, once, and is void after 5 wrong tries or ' +
    'when a newer one is sent. 429 RATE_LIMITED with `retryAfter` beyond 1 a minute or 10 an hour per phone, or 300 an hour per ' +
    'client address. With SMS_SENDER=none there is no phone verification: 409 SMS_DISABLED (sign up without a code; an organizer ' +
    'makes reset codes with POST /api/users/:id/reset-code).',
  body: Type.Object(
    { phone: Phone, purpose: Type.Union([Type.Literal('signup'), Type.Literal('reset')]) },
    { additionalProperties: false },
  ),
  response: { 202: Type.Object({}), ...errors(400, 409, 429) },
});

export const resetPassword = ops.open('POST', '/auth/password-reset', {
  operationId: 'resetPassword',
  summary: 'Set a new password with a reset code (忘记密码); every session of the account ends',
  description:
    '`code`: the 6-digit code from POST /api/auth/codes with purpose `reset`, or the 8-digit code an organizer made at the counter ' +
    '(POST /api/users/:id/reset-code). 400 BAD_CODE (`reason`: wrong, expired, used, voided, superseded) — also for a phone without ' +
    'an account — and 400 VALIDATION naming `password` for a weak one; nothing changes then.',
  body: Type.Object({ phone: Phone, code: Code, password: Password }, { additionalProperties: false }),
  response: { 204: Type.Null(), ...errors(400, 429) },
});

export const listSmsOutbox = ops.authed('GET', '/admin/sms-outbox', {
  operationId: 'listSmsOutbox',
  summary: 'The SMS outbox, newest first (admin; the demo, where codes are not texted)',
  description:
    'Only with SMS_SENDER=outbox and SMS_OUTBOX_PAGE on (the default unless NODE_ENV=production); otherwise 404. `phone` keeps one ' +
    "phone's messages.",
  querystring: Type.Object({
    phone: Type.Optional(Phone),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  }),
  response: { 200: Type.Object({ items: Type.Array(SmsMessageSchema) }), ...errors(400, 401, 403, 404) },
});
