/** The decide form action of an event's appeals (the organizer's results board, the chief judge's appeals page). */
import { fail, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { call } from '$lib/server/api';
import { refused, requireUser, text } from '$lib/server/forms';

/** POST /api/appeals/:id/decide — the button pressed is the decision; the reason is required. */
export async function decideAppeal(event: RequestEvent) {
  requireUser(event);
  const data = await event.request.formData();
  const appealId = Number(text(data, 'appealId'));
  const decision = text(data, 'decision');
  const reason = text(data, 'reason');
  if (!Number.isInteger(appealId) || appealId <= 0 || (decision !== 'upheld' && decision !== 'dismissed'))
    return fail(400, { action: 'decide' as const, ok: false, appealId, message: m.error_not_found() });
  if (!reason) return fail(400, { action: 'decide' as const, ok: false, appealId, message: m.appeals_decide_reason_required() });
  try {
    await call(event, 'decideAppeal', { params: { id: appealId }, body: { decision, reason } });
  } catch (e) {
    return refused(e, { action: 'decide' as const, ok: false, appealId });
  }
  const message = decision === 'upheld' ? m.appeals_decided_upheld() : m.appeals_decided_dismissed();
  return { action: 'decide' as const, ok: true, appealId, message };
}
