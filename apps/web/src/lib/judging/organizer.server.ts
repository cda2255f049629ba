/** Guards and helpers shared by the organizer's judging pages (/manage/events/[id]/…). */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { idParam, refused, requireRole, text } from '$lib/server/forms';

/** Organizers and admins only; the event id from the path. */
export function requireOrganizer(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>): number {
  requireRole(event, 'organizer', 'admin');
  return idParam((event.params as { id?: string }).id);
}

/** API 404 → the page's 404 (an event outside the organizer's scope looks the same as a missing one). */
export function notFoundFrom(e: unknown): never {
  if (e instanceof ApiError && (e.status === 404 || e.status === 403)) error(404, m.error_not_found());
  throw e;
}

/** The unlock form action (judges page and results page): POST /api/events/:id/unlock with a reason. */
export async function unlockSheet(event: RequestEvent) {
  const eventId = requireOrganizer(event);
  const data = await event.request.formData();
  const judgeId = Number(text(data, 'judgeId'));
  const reason = text(data, 'reason');
  if (!reason) return fail(400, { action: 'unlock' as const, ok: false, judgeId, message: m.judging_unlock_reason_required() });
  try {
    await call(event, 'unlockScoreSheet', { params: { id: eventId }, body: { judgeId, reason } });
  } catch (e) {
    return refused(e, { action: 'unlock' as const, ok: false, judgeId });
  }
  return { action: 'unlock' as const, ok: true, judgeId, message: m.judging_unlocked() };
}
