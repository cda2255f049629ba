import { fail, redirect } from '@sveltejs/kit';
import { isMainlandMobile } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { ApiError, call, fieldOf } from '$lib/server/api';
import { refusal, refusalStatus, secret, text, type FieldErrors } from '$lib/server/forms';
import { authSettings, newPasswordError, sendCodeAction } from '$lib/server/identity';
import type { Actions, PageServerLoad } from './$types';

/** 忘记密码: a code texted to the phone (or an organizer's 8-digit counter code) and a new password. */
export const load: PageServerLoad = async (event) => {
  if (event.locals.user) redirect(303, '/profile');
  return { settings: await authSettings(event), phone: (event.url.searchParams.get('phone') ?? '').slice(0, 11) };
};

function resetValues(data: FormData) {
  return { phone: text(data, 'phone'), code: text(data, 'code') };
}

export const actions: Actions = {
  sendCode: async (event) => {
    const values = resetValues(await event.request.formData());
    return sendCodeAction(event, values, 'reset', isMainlandMobile(values.phone));
  },
  /** POST /api/auth/password-reset; every session of the account ends, so the worker logs in again. */
  reset: async (event) => {
    const data = await event.request.formData();
    const values = resetValues(data);
    const password = secret(data, 'password');
    const errors: FieldErrors = {};
    if (!isMainlandMobile(values.phone)) errors.phone = m.error_phone();
    if (!/^(\d{6}|\d{8})$/.test(values.code)) errors.code = m.error_reset_code_format();
    const weak = newPasswordError(password, secret(data, 'passwordConfirm'), values.phone);
    if (weak) errors[weak.field] = weak.message;
    if (Object.keys(errors).length) return fail(400, { message: m.form_errors_summary(), errors, values });
    try {
      await call(event, 'resetPassword', { body: { phone: values.phone, code: values.code, password } }, { token: null });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const field = e.code === 'BAD_CODE' ? 'code' : fieldOf(e, ['password']) ? 'password' : null;
      return fail(refusalStatus(e), { ...refusal(field, e.message), values });
    }
    redirect(303, `/login?reset=1&phone=${encodeURIComponent(values.phone)}`);
  },
};
