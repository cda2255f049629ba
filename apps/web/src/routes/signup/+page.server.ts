import { fail, redirect } from '@sveltejs/kit';
import { isMainlandMobile } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { ApiError, apiFor } from '$lib/server/api';
import { text, type FieldErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, '/');
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const name = text(data, 'name');
    const phone = text(data, 'phone');
    const password = typeof data.get('password') === 'string' ? String(data.get('password')) : '';
    const confirm = typeof data.get('passwordConfirm') === 'string' ? String(data.get('passwordConfirm')) : '';
    const values = { name, phone };

    const errors: FieldErrors = {};
    if (!name) errors.name = m.error_name_required();
    if (!isMainlandMobile(phone)) errors.phone = m.error_phone();
    if (password.length < 8) errors.password = m.error_password_short();
    else if (password !== confirm) errors.passwordConfirm = m.error_password_mismatch();
    if (Object.keys(errors).length) return fail(400, { message: m.form_errors_summary(), errors, values });

    try {
      await apiFor(event).post('/auth/register', { phone, password, name }, { token: null });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 'PHONE_TAKEN') {
        return fail(409, { message: m.form_errors_summary(), errors: { phone: m.error_phone_taken() } as FieldErrors, values });
      }
      const field = /phone/.test(e.message) ? 'phone' : /password/.test(e.message) ? 'password' : /name/.test(e.message) ? 'name' : null;
      return fail(e.status < 500 ? e.status : 503, {
        message: e.message,
        errors: (field ? { [field]: e.message } : {}) as FieldErrors,
        values,
      });
    }
    redirect(303, `/login?registered=1&phone=${encodeURIComponent(phone)}`);
  },
};
