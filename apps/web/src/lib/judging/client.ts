/**
 * Browser-side calls to the API for the scoring sheet (same origin; the API reads the httpOnly
 * `gj_access` cookie itself). The access token is short-lived and a judge keeps the sheet open for
 * hours, so a 401 asks the web app to renew the session (hooks.server.ts does the refresh) and retries once.
 */
import { getLocale } from '$lib/paraglide/runtime';

/** The request never reached the server (offline, DNS, dropped connection). */
export class NetworkError extends Error {}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

async function once(method: string, path: string, body?: unknown): Promise<Response> {
  try {
    return await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'accept-language': getLocale(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new NetworkError();
  }
}

async function renewSession(): Promise<boolean> {
  try {
    const res = await fetch('/judging/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    return res.ok && ((await res.json()) as { ok: boolean }).ok;
  } catch {
    throw new NetworkError();
  }
}

export async function callApi<T>(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<ApiAnswer<T>> {
  let res = await once(method, path, body);
  if (res.status === 401 && (await renewSession())) res = await once(method, path, body);
  // a proxy's 502/503 page while the venue's uplink flaps counts as "not reached"
  if (res.status >= 502 && res.status <= 504) throw new NetworkError();
  const parsed: unknown = await res.json().catch(() => null);
  return { status: res.status, body: parsed as T };
}
