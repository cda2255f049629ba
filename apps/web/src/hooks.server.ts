import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { ApiError, call } from '$lib/server/api';
import { ACCESS_COOKIE, refreshSession } from '$lib/server/session';
import * as m from '$lib/paraglide/messages';

/**
 * Locale per request (cookie `gj_locale` → Accept-Language → zh-CN). Paraglide keeps it in
 * AsyncLocalStorage, so concurrent requests never see each other's locale.
 */
const handleLocale: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, ({ request, locale }) => {
    event.request = request;
    event.locals.locale = locale;
    return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
  });

/** `locals.user` from GET /api/me; an expired access token is renewed once through the refresh cookie. */
const handleSession: Handle = async ({ event, resolve }) => {
  // the host (apps/api/src/host.ts) gives every page request an id; the API calls below carry it
  event.locals.requestId = event.request.headers.get('x-request-id') ?? crypto.randomUUID();
  event.locals.user = null;
  event.locals.accessToken = event.cookies.get(ACCESS_COOKIE) ?? null;
  try {
    if (!event.locals.accessToken) event.locals.accessToken = await refreshSession(event);
    if (event.locals.accessToken) {
      try {
        event.locals.user = await call(event, 'getMe', {});
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 401) throw e;
        event.locals.accessToken = await refreshSession(event);
        if (event.locals.accessToken) event.locals.user = await call(event, 'getMe', {});
      }
    }
  } catch (e) {
    // The API is unreachable or failing: serve the page as logged out, keep the cookies for next time.
    if (!(e instanceof ApiError)) throw e;
    console.warn(`session check failed for ${event.url.pathname}: ${e.status} ${e.code} ${e.message}`);
    event.locals.user = null;
  }
  if (!event.locals.user) event.locals.accessToken = null;
  return resolve(event);
};

/**
 * Security headers the pages need regardless of the server in front of them (the CSP comes from kit.csp in
 * svelte.config.js). A page for a signed-in person is never stored by a browser or a proxy: the back button
 * on a shared computer must not show someone's registrations after they logged out.
 */
const handleHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  try {
    response.headers.set('x-content-type-options', 'nosniff');
    response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
    response.headers.set('x-frame-options', 'DENY');
    if (event.locals.user || response.headers.has('set-cookie')) response.headers.set('cache-control', 'no-store');
  } catch {
    // a response with immutable headers (a fetch passed through): it carries the API's own
  }
  return response;
};

export const handle = sequence(handleLocale, handleSession, handleHeaders);

export const handleError: HandleServerError = ({ error, status }) => {
  if (status !== 404) console.error(error);
  return { message: status === 404 ? m.error_not_found() : m.error_title() };
};
