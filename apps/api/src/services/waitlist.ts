import { afterRelease, lateBibs, seatsLeft, type WaitlistPromotion } from '@gongjiang/domain';
import type { Tx } from '../data/database';
import { eventById } from '../data/repos/contests';
import { adjustEventCounts, bibsOf, confirmedWithoutBib, firstWaiting, setBibs, updateRegistration } from '../data/repos/registrations';
import type { AuditTrail } from './audit';
import { notifyLater } from './notifications';

/**
 * Gives an event's free seats to its waiting list, first by arrival (domain afterRelease: confirmed, or
 * pending when the event needs approval) and keeps the seat counters in step — domain.md § Contests.
 * Runs after a seat holder leaves (cancelled, rejected) and after capacity is raised, inside the transaction
 * that freed the seats (which holds the event's lock).
 */
export async function fillFreeSeats(
  t: Tx,
  audit: AuditTrail,
  eventId: number,
  actorId: number,
  reason?: string,
): Promise<WaitlistPromotion<number>[]> {
  const ev = await eventById(t, eventId);
  const free = ev ? seatsLeft(ev) : 0;
  if (!ev || free === 0 || ev.waitlistedCount === 0) return [];
  // only the first `free` in line can move: no need to read the whole list
  const waiting = await firstWaiting(t, eventId, free);
  const bySeq = new Map(waiting.map((w) => [w.id, w.seq]));
  const promoted = afterRelease(
    ev,
    waiting.map((w) => ({ id: w.id, sequence: w.seq ?? 0 })),
    ev.requiresApproval,
  );
  if (!promoted.length) return [];
  for (const p of promoted) {
    await updateRegistration(t, p.id, { status: p.status, waitlistSeq: null });
    await audit.record(t, {
      actorId,
      action: 'registration.promoted_from_waitlist',
      entity: 'registration',
      entityId: p.id,
      before: { status: 'waitlisted', waitlistSeq: bySeq.get(p.id) },
      after: { status: p.status },
      reason,
    });
    await notifyLater(t, 'registration.waitlist_promoted', p.id);
  }
  const confirmed = promoted.filter((p) => p.status === 'confirmed').length;
  await adjustEventCounts(t, eventId, { taken: promoted.length, confirmed, waitlisted: -promoted.length });
  if (confirmed) await numberLateSeats(t, audit, eventId, actorId);
  return promoted;
}

/**
 * After the blind-number draw, whoever gets a seat later (moved up from the waiting list, approved, or registered
 * while registration is still open) gets the next numbers in arrival order — after the highest number ever
 * given in the event, so a number is never reused (domain lateBibs) — otherwise a confirmed contestant would be missing
 * from every judge's sheet. Audited as `event.draw_late`. Call inside the transaction that confirmed the seat; does
 * nothing before the draw or when every seat holder already has a number.
 */
export async function numberLateSeats(
  t: Tx,
  audit: AuditTrail,
  eventId: number,
  actorId: number | null,
): Promise<{ registrationId: number; bib: string }[]> {
  const ev = await eventById(t, eventId);
  if (!ev?.drawnAt) return [];
  const late = await confirmedWithoutBib(t, eventId);
  if (!late.length) return [];
  const assignments = lateBibs(
    await bibsOf(t, eventId),
    late.map((r) => r.id),
  );
  await setBibs(t, assignments);
  await audit.record(t, { actorId, action: 'event.draw_late', entity: 'event', entityId: eventId, after: { assignments } });
  return assignments;
}
