/** Shared by the sign-up, password reset and profile pages: the password rule, phone codes and their messages. */
import { fail } from '@sveltejs/kit';
import { passwordProblem } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import type { ResponseOf } from '@gongjiang/contract';
import { ApiError, call, type ApiContext } from './api';
import type { FieldErrors } from './forms';
import { refusalStatus } from './forms';

/** The API's own rule (packages/domain passwords.ts), checked before the request, in the reader's language. */
export function newPasswordError(password: string, confirm: string, phone: string | null): { field: string; message: string } | null {
  const problem = passwordProblem(password, { phone });
  if (problem) {
    const messages = {
      short: m.error_password_short,
      long: m.error_password_long,
      repeated: m.error_password_repeated,
      sequence: m.error_password_sequence,
      phone: m.error_password_phone,
      common: m.error_password_common,
    };
    return { field: 'password', message: messages[problem]() };
  }
  if (password !== confirm) return { field: 'passwordConfirm', message: m.error_password_mismatch() };
  return null;
}

/** How long to wait, from a 429's retryAfter. */
export function codeWaitMessage(retryAfter: number | undefined): string {
  const seconds = Math.max(1, Math.round(retryAfter ?? 60));
  return seconds <= 120 ? m.acct_code_wait({ seconds }) : m.acct_code_wait_minutes({ minutes: Math.ceil(seconds / 60) });
}

export const maskedPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

export type AuthSettings = ResponseOf<'getAuthSettings'>;

/** GET /api/auth/settings; when the API cannot say, the pages assume phones are verified (the default). */
export async function authSettings(ctx: ApiContext): Promise<AuthSettings> {
  return call(ctx, 'getAuthSettings', {}, { token: null }).catch(() => ({
    phoneVerification: true,
    outboxPage: false,
    codeValidMinutes: 10,
    resetCodeValidHours: 24,
  }));
}

/**
 * The 获取验证码 button's form action (no JavaScript needed): POST /api/auth/codes, then the form comes back as typed
 * with "sent to 138****5678" — or with the wait, or the phone's error, next to the phone field.
 */
export async function sendCodeAction<V extends { phone: string }>(
  ctx: ApiContext,
  values: V,
  purpose: 'signup' | 'reset',
  validPhone: boolean,
) {
  if (!validPhone) return fail(400, { message: m.form_errors_summary(), errors: { phone: m.error_phone() } as FieldErrors, values });
  try {
    await call(ctx, 'requestPhoneCode', { body: { phone: values.phone, purpose } }, { token: null });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // a wait (or a refused phone) is said next to the phone field, once; anything else above the form
    const status = refusalStatus(e);
    if (e.status === 429 || e.code === 'VALIDATION') {
      const message = e.status === 429 ? codeWaitMessage(e.details.retryAfter) : m.error_phone();
      return fail(status, { message: null, errors: { phone: message } as FieldErrors, values });
    }
    return fail(status, { message: e.message, errors: {} as FieldErrors, values });
  }
  const settings = await authSettings(ctx);
  return { codeSent: m.acct_code_sent({ phone: maskedPhone(values.phone), minutes: settings.codeValidMinutes }), values };
}
