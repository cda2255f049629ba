import { error } from '@sveltejs/kit';
import { errorFrom, sendRaw } from '$lib/server/api';
import { requireUser } from '$lib/server/forms';
import * as m from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/**
 * The API's files (admission tickets, certificates, CSV/XLSX exports) through the web session. A link straight to
 * `/api/…` only works while the 15-minute access cookie lives; an organizer who leaves the dashboard open and then
 * clicks "download" would get a 401. Here the request passes `hooks.server.ts` first, which renews the session from
 * the refresh cookie (or sends the visitor to log in and back), and the API's answer is streamed through unchanged.
 * Only these downloads are served; the API still checks who may read what.
 *
 * The one call that stays on the untyped `sendRaw`: it forwards the visitor's own path and query to whichever of these
 * binary operations it names and streams the bytes back unread, so there is no body or answer to type.
 */
const DOWNLOADS = [
  /^registrations\/\d+\/ticket\.pdf$/,
  /^certificates\/[^/]+\/pdf$/,
  /^events\/\d+\/(registrations|results)\/export$/,
  /^promotions\/export$/,
  /^stats\/annual\.xlsx$/,
  /^orgs\/\d+\/members\/template$/,
];
const PASSED_HEADERS = ['content-type', 'content-disposition', 'content-length', 'cache-control'];

export const GET: RequestHandler = async (event) => {
  const rest = event.params.path;
  if (!DOWNLOADS.some((re) => re.test(rest))) error(404, m.error_not_found());
  requireUser(event);
  const path = `/${rest.split('/').map(encodeURIComponent).join('/')}${event.url.search}`;
  const res = await sendRaw(event, 'GET', path, { headers: { accept: '*/*' } });
  if (!res.ok) {
    const e = await errorFrom(res);
    error(e.status, e.message);
  }
  const headers = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = res.headers.get(name);
    // fetch has already decoded a compressed answer: its length is not the body's
    if (value && !(name === 'content-length' && res.headers.get('content-encoding'))) headers.set(name, value);
  }
  return new Response(res.body, { status: 200, headers });
};
