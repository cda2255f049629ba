/**
 * The browser session: two httpOnly cookies on the web origin.
 * - `gj_access`: the API's short-lived access token (maxAge = expiresIn). The API also reads it itself.
 * - `gj_refresh`: the API's rotating refresh token, copied from the API's Set-Cookie.
 * When the access token has expired, `hooks.server.ts` trades the refresh token for a new pair.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { answerOf, callRaw, errorFrom, type ApiContext } from './api';
import type { BodyOf, LoginResult } from '@gongjiang/contract';

export const ACCESS_COOKIE = 'gj_access';
export const REFRESH_COOKIE = 'gj_refresh';
/** used when the API's Set-Cookie carries no Max-Age (the API's default refresh lifetime) */
const DEFAULT_REFRESH_MAX_AGE = 30 * 24 * 3600;

type CookieContext = Pick<RequestEvent, 'cookies' | 'url'>;

function baseCookie(event: CookieContext) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: event.url.protocol === 'https:' || env.COOKIE_SECURE === 'true',
  };
}

/** A cookie's value and lifetime from the API's `Set-Cookie: <name>=…; Max-Age=…`. */
function cookieFrom(res: Response, name: string, defaultMaxAge: number): { value: string; maxAge: number } | null {
  for (const header of res.headers.getSetCookie()) {
    const [pair = '', ...attrs] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const value = decodeURIComponent(pair.slice(eq + 1).trim());
    if (!value) return null;
    const maxAgeAttr = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('max-age='));
    const maxAge = maxAgeAttr ? Number(maxAgeAttr.slice(8)) : defaultMaxAge;
    return { value, maxAge: Number.isFinite(maxAge) && maxAge > 0 ? maxAge : defaultMaxAge };
  }
  return null;
}

/** The refresh token and its lifetime from the API's `Set-Cookie: gj_refresh=…; Max-Age=…`. */
export function refreshCookieFrom(res: Response): { value: string; maxAge: number } | null {
  return cookieFrom(res, REFRESH_COOKIE, DEFAULT_REFRESH_MAX_AGE);
}

export function storeSession(
  event: CookieContext,
  accessToken: string,
  expiresIn: number,
  refresh: { value: string; maxAge: number } | null,
): void {
  event.cookies.set(ACCESS_COOKIE, accessToken, { ...baseCookie(event), maxAge: expiresIn });
  if (refresh) event.cookies.set(REFRESH_COOKIE, refresh.value, { ...baseCookie(event), maxAge: refresh.maxAge });
}

export function clearSession(event: CookieContext): void {
  // same attributes as when set: a `Secure` deletion would be refused on a plain-http origin
  event.cookies.delete(ACCESS_COOKIE, baseCookie(event));
  event.cookies.delete(REFRESH_COOKIE, baseCookie(event));
}

/**
 * POST to an API route that starts a session — login, or sign-up, which signs the new worker in — and stores it in
 * the cookies. Throws ApiError (401 BAD_CREDENTIALS, 429 LOGIN_LOCKED, 400 BAD_CODE, …).
 */
async function startSession(
  event: ApiContext & CookieContext,
  name: 'login' | 'register',
  pending: Promise<Response>,
): Promise<LoginResult> {
  const res = await pending;
  const result: LoginResult = await answerOf(name, res);
  storeSession(event, result.accessToken, result.expiresIn, refreshCookieFrom(res));
  return result;
}

export function logIn(event: ApiContext & CookieContext, login: string, password: string): Promise<LoginResult> {
  return startSession(event, 'login', callRaw(event, 'login', { body: { login, password } }, { token: null }));
}

/** POST /api/auth/register: the new worker is signed in at once. */
export function signUp(event: ApiContext & CookieContext, account: BodyOf<'register'>) {
  return startSession(event, 'register', callRaw(event, 'register', { body: account }, { token: null }));
}

/**
 * PUT /api/me/password. Every session of the account ends, this one too; the API answers with this browser's new
 * session in its cookies, which are kept.
 */
export async function changePassword(event: ApiContext & CookieContext, currentPassword: string, password: string): Promise<void> {
  const res = await callRaw(event, 'changeMyPassword', { body: { currentPassword, password } });
  if (!res.ok) throw await errorFrom(res);
  const access = cookieFrom(res, ACCESS_COOKIE, 900);
  if (access) {
    storeSession(event, access.value, access.maxAge, refreshCookieFrom(res));
    event.locals.accessToken = access.value;
  }
}

/** POST /api/auth/logout-all (every device, this one too) and clears the cookies. */
export async function logOutEverywhere(event: ApiContext & CookieContext): Promise<void> {
  const res = await callRaw(event, 'logoutAll', {});
  if (!res.ok && res.status !== 401) throw await errorFrom(res);
  clearSession(event);
}

interface Refreshed {
  accessToken: string;
  expiresIn: number;
  refresh: { value: string; maxAge: number } | null;
}

/**
 * Refresh tokens rotate, and presenting a used one revokes the whole family (a replay). A browser often
 * sends several requests at once with the same expired session (a page and its data, preloads), so
 * concurrent refreshes of one token share one API call, and its outcome is remembered briefly for
 * requests that arrive just after with the old cookie.
 */
const inFlight = new Map<string, { promise: Promise<Refreshed | null>; expires: number }>();
const REMEMBER_MS = 10_000;

function pruneInFlight(now: number): void {
  for (const [key, entry] of inFlight) if (entry.expires < now) inFlight.delete(key);
}

async function callRefresh(ctx: ApiContext, refreshToken: string): Promise<Refreshed | null> {
  const res = await callRaw(
    ctx,
    'refreshSession',
    {},
    { token: null, headers: { cookie: `${REFRESH_COOKIE}=${encodeURIComponent(refreshToken)}` } },
  );
  if (res.status === 401) return null;
  const { accessToken, expiresIn } = await answerOf('refreshSession', res);
  return { accessToken, expiresIn, refresh: refreshCookieFrom(res) };
}

/** A new access token from the refresh cookie (stored in the cookies), or null when the session is over. */
export async function refreshSession(event: ApiContext & CookieContext): Promise<string | null> {
  const refreshToken = event.cookies.get(REFRESH_COOKIE);
  if (!refreshToken) return null;
  const now = Date.now();
  pruneInFlight(now);
  let entry = inFlight.get(refreshToken);
  if (!entry) {
    entry = { promise: callRefresh(event, refreshToken), expires: now + REMEMBER_MS };
    inFlight.set(refreshToken, entry);
    // a failed call (API down) must not be remembered: the next request tries again
    entry.promise.catch(() => inFlight.delete(refreshToken));
  }
  const refreshed = await entry.promise;
  if (!refreshed) {
    clearSession(event);
    return null;
  }
  storeSession(event, refreshed.accessToken, refreshed.expiresIn, refreshed.refresh);
  return refreshed.accessToken;
}

/** POST /api/auth/logout (revokes the refresh token) and clears the cookies, whatever the API says. */
export async function logOut(event: ApiContext & CookieContext): Promise<void> {
  const refreshToken = event.cookies.get(REFRESH_COOKIE);
  try {
    await callRaw(
      event,
      'logout',
      {},
      { headers: refreshToken ? { cookie: `${REFRESH_COOKIE}=${encodeURIComponent(refreshToken)}` } : {} },
    );
  } catch {
    // the API being down must not keep anyone logged in on this browser
  }
  clearSession(event);
}
