/** Guard for the organizer pages of training and promotions (they guard themselves, not through a layout). */
import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/forms';

export function requireOrganizer(event: Pick<RequestEvent, 'locals' | 'url'>) {
  const user = requireUser(event);
  if (!user.roles.includes('organizer') && !user.roles.includes('admin')) error(403, m.error_forbidden());
  return user;
}

/** A positive integer route parameter, else 404. */
export function idParam(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) error(404, m.error_not_found());
  return id;
}
