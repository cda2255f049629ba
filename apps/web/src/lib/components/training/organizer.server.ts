/** Guard for the organizer pages of training and promotions (they guard themselves, not through a layout). */
import type { RequestEvent } from '@sveltejs/kit';
import { requireRole } from '$lib/server/forms';

export { idParam } from '$lib/server/forms';

export function requireOrganizer(event: Pick<RequestEvent, 'locals' | 'url'>) {
  return requireRole(event, 'organizer', 'admin');
}
