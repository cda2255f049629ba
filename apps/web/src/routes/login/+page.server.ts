import { fail, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError } from '$lib/server/api';
import { refusalStatus, safeRedirectTarget, text } from '$lib/server/forms';
import { logIn } from '$lib/server/session';
import { workspaceOf } from '$lib/nav';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  // '' when the visitor came to log in with no destination: they land on their own workspace
  const asked = url.searchParams.get('redirectTo');
  const redirectTo = asked ? safeRedirectTarget(asked) : '';
  if (locals.user) redirect(303, redirectTo || workspaceOf(locals.user.roles));
  return {
    redirectTo,
    phone: url.searchParams.get('phone') ?? '',
    registered: url.searchParams.has('registered'),
    reset: url.searchParams.has('reset'),
    loggedOutAll: url.searchParams.has('loggedOutAll'),
    loginRequired: url.searchParams.has('redirectTo'),
  };
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const phone = text(data, 'phone');
    const password = typeof data.get('password') === 'string' ? String(data.get('password')) : '';
    const asked = text(data, 'redirectTo');
    const values = { phone };
    if (!phone || !password) return fail(400, { message: m.login_missing(), values });
    let roles;
    try {
      roles = (await logIn(event, phone, password)).user.roles;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // 401 BAD_CREDENTIALS; 429 LOGIN_LOCKED says how many minutes to wait: the API's own (localized) words
      return fail(refusalStatus(e), { message: e.message, values });
    }
    // where the visitor was going; else their own workspace
    redirect(303, safeRedirectTarget(asked, workspaceOf(roles)));
  },
};
