import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * The scoring sheet calls this when the API answers 401: hooks.server.ts has already renewed the
 * access cookie through the refresh token if it could, so the sheet only needs to know whether it did.
 */
export const GET: RequestHandler = ({ locals, setHeaders }) => {
  setHeaders({ 'cache-control': 'no-store' });
  return json({ ok: !!locals.user });
};
