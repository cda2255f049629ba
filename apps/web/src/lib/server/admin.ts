import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { requireUser } from './forms';

/** The catalogue pages (organisations, trades) are the admin's: anyone else gets the 403 page. */
export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>) {
  const user = requireUser(event);
  if (!user.roles.includes('admin')) error(403, m.error_forbidden());
  return user;
}
