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
  if (confirmed) numberLateSeats(db, audit, eventId, actorId);
  return promoted;
}

/**
 * After the blind-number draw, whoever gets a seat later (moved up from the waiting list, approved, or registered
 * while registration is still open) gets the next numbers in arrival order — A0nn after the highest number ever
 * given in the event, so a number is never reused — otherwise a confirmed contestant would be missing from every
 * judge's sheet. Audited as `event.draw_late`. Call inside the transaction that confirmed the seat; does nothing
 * before the draw or when every seat holder already has a number.
 */
export function numberLateSeats(
  db: Db,
  audit: AuditService,
  eventId: number,
  actorId: number | null,
): { registrationId: number; bib: string }[] {
  const client = db.$client;
  const ev = client.prepare('select drawn_at as drawnAt from events where id = ?').get(eventId) as { drawnAt: string | null } | undefined;
  if (!ev?.drawnAt) return [];
  const late = client
    .prepare(`select id from registrations where event_id = ? and status = 'confirmed' and bib is null order by id`)
    .all(eventId) as { id: number }[];
  if (!late.length) return [];
  const { top } = client
    .prepare(`select coalesce(max(cast(substr(bib, 2) as integer)), 0) as top from registrations where event_id = ? and bib is not null`)
    .get(eventId) as { top: number };
  const assign = client.prepare('update registrations set bib = ? where id = ?');
  const assignments = late.map((r, i) => ({ registrationId: r.id, bib: `A${String(top + i + 1).padStart(3, '0')}` }));
  for (const a of assignments) assign.run(a.bib, a.registrationId);
  audit.record({ actorId, action: 'event.draw_late', entity: 'event', entityId: eventId, after: { assignments } });
  return assignments;
}
