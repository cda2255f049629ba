import { redirect } from '@sveltejs/kit';
import { toLocale, cookieName, cookieMaxAge } from '$lib/paraglide/runtime';
import { safeRedirectTarget, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

/** The language switch: a plain form POST, so it works without JavaScript. */
export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const data = await request.formData();
    const locale = toLocale(text(data, 'locale'));
    if (locale) {
      // readable by the browser too (not a secret): Paraglide may read it on the client
      cookies.set(cookieName, locale, {
        path: '/',
        maxAge: cookieMaxAge,
        httpOnly: false,
        sameSite: 'lax',
        secure: url.protocol === 'https:',
      });
    }
    redirect(303, safeRedirectTarget(text(data, 'redirectTo')));
  },
};
