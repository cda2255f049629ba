import type { RequestEvent } from '@sveltejs/kit';
import { requireRole } from './forms';

/** The catalogue pages (organisations, trades) are the admin's: anyone else gets the 403 page. */
export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>) {
  return requireRole(event, 'admin');
}
