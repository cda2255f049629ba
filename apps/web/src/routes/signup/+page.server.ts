import { fail, redirect } from '@sveltejs/kit';
import { isMainlandMobile } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { ApiError, fieldOf as inputOf } from '$lib/server/api';
import { refusal, refusalStatus, secret, text, type FieldErrors } from '$lib/server/forms';
import { authSettings, newPasswordError, sendCodeAction } from '$lib/server/identity';
import { signUp } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (event.locals.user) redirect(303, '/');
  return { settings: await authSettings(event) };
};

function signupValues(data: FormData) {
  return { name: text(data, 'name'), phone: text(data, 'phone'), code: text(data, 'code') };
}

/** Which field an API refusal is about. */
function fieldOf(e: ApiError): string | null {
  if (e.code === 'PHONE_TAKEN') return 'phone';
  if (e.code === 'BAD_CODE') return 'code';
  return inputOf(e, ['code', 'phone', 'password', 'name'])?.name ?? null;
}

export const actions: Actions = {
  /** 获取验证码 — the same form, sent here by the button's formaction. */
  sendCode: async (event) => {
    const values = signupValues(await event.request.formData());
    return sendCodeAction(event, values, 'signup', isMainlandMobile(values.phone));
  },
  /** POST /api/auth/register with the code; the new worker is signed in and goes on to the profile. */
  register: async (event) => {
    const data = await event.request.formData();
    const values = signupValues(data);
    const password = secret(data, 'password');
    const { phoneVerification } = await authSettings(event);

    const errors: FieldErrors = {};
    if (!values.name) errors.name = m.error_name_required();
    if (!isMainlandMobile(values.phone)) errors.phone = m.error_phone();
    if (phoneVerification && !/^\d{6}$/.test(values.code)) errors.code = m.error_code_format();
    const weak = newPasswordError(password, secret(data, 'passwordConfirm'), values.phone);
    if (weak) errors[weak.field] = weak.message;
    if (Object.keys(errors).length) return fail(400, { message: m.form_errors_summary(), errors, values });

    try {
      await signUp(event, { phone: values.phone, password, name: values.name, ...(phoneVerification ? { code: values.code } : {}) });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return fail(refusalStatus(e), { ...refusal(fieldOf(e), e.code === 'PHONE_TAKEN' ? m.error_phone_taken() : e.message), values });
    }
    redirect(303, '/profile');
  },
};
