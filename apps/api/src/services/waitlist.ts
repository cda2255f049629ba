import { and, asc, eq, sql } from 'drizzle-orm';
import { afterRelease, seatsLeft, type WaitlistPromotion } from '@gongjiang/domain';
import type { Db } from '../db';
import { events, registrations } from '../db/schema';
import type { AuditService } from './audit';

/**
 * Gives an event's free seats to its waiting list, first by arrival (domain afterRelease: confirmed, or
 * pending when the event needs approval) and keeps the seat counters in step — domain.md § Contests.
 * Runs after a seat holder leaves (cancelled, rejected) and after capacity is raised.
 * Call inside the BEGIN IMMEDIATE transaction that freed the seats.
 */
export function fillFreeSeats(db: Db, audit: AuditService, eventId: number, actorId: number, reason?: string): WaitlistPromotion<number>[] {
  const ev = db.select().from(events).where(eq(events.id, eventId)).get();
  const free = ev ? seatsLeft(ev) : 0;
  if (!ev || free === 0 || ev.waitlistedCount === 0) return [];
  // only the first `free` in line can move: no need to read the whole list
  const waiting = db
    .select({ id: registrations.id, seq: registrations.waitlistSeq })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.waitlistSeq))
    .limit(free)
    .all();
  const bySeq = new Map(waiting.map((w) => [w.id, w.seq]));
  const promoted = afterRelease(
    ev,
    waiting.map((w) => ({ id: w.id, sequence: w.seq ?? 0 })),
    ev.requiresApproval,
  );
  if (!promoted.length) return [];
  for (const p of promoted) {
    db.update(registrations).set({ status: p.status, waitlistSeq: null }).where(eq(registrations.id, p.id)).run();
    audit.record({
      actorId,
      action: 'registration.promoted_from_waitlist',
      entity: 'registration',
      entityId: p.id,
      before: { status: 'waitlisted', waitlistSeq: bySeq.get(p.id) },
      after: { status: p.status },
      reason,
    });
  }
  const confirmed = promoted.filter((p) => p.status === 'confirmed').length;
  db.update(events)
    .set({
      taken: sql`${events.taken} + ${promoted.length}`,
      confirmedCount: sql`${events.confirmedCount} + ${confirmed}`,
      waitlistedCount: sql`${events.waitlistedCount} - ${promoted.length}`,
    })
    .where(eq(events.id, eventId))
    .run();
  return promoted;
}
