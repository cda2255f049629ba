/**
 * Seats and the waiting list, as a pure model (domain.md § Contests, Registration):
 * "over capacity → waiting list in arrival order; when a confirmed registration is cancelled
 * or rejected, the first waitlisted one is promoted automatically. Capacity is never exceeded."
 * The API enforces the same rules with a seat counter inside one transaction; these functions
 * say what that transaction must decide. Training enrolments follow the same rules.
 */
import type { RegistrationStatus } from './types';

/**
 * `taken` = registrations holding a seat (confirmed + pending); `waiting` = waitlisted ones; `reserved` = seats held
 * back for unions' quotas and not yet used by their nominations (quotas.ts reservedSeats) — never open to
 * self-registration or to the waiting list, so a union's freed quota seat stays with that union.
 */
export interface SeatState {
  capacity: number;
  taken: number;
  waiting?: number;
  reserved?: number;
}

/** Seats open to self-registration and the waiting list: capacity less the holders and the unused quota seats. */
function openSeats(state: Pick<SeatState, 'capacity' | 'taken' | 'reserved'>): number {
  return Math.max(0, state.capacity - state.taken - (state.reserved ?? 0));
}

export type Admission = 'confirmed' | 'pending' | 'waitlisted';

/** A pending registration already holds its seat: approval cannot overbook. */
export function holdsSeat(status: RegistrationStatus): boolean {
  return status === 'confirmed' || status === 'pending';
}

/**
 * Where a new arrival goes. A free seat goes to the newcomer only if nobody is waiting —
 * otherwise (e.g. right after capacity was raised) they would jump the queue.
 */
export function admit(state: SeatState, requiresApproval: boolean): Admission {
  const seatFree = openSeats(state) > 0;
  if (!seatFree || (state.waiting ?? 0) > 0) return 'waitlisted';
  return requiresApproval ? 'pending' : 'confirmed';
}

export interface WaitlistEntry<Id> {
  id: Id;
  /** Arrival order: a strictly increasing number assigned when the registration was made. */
  sequence: number;
}

export interface WaitlistPromotion<Id> {
  id: Id;
  status: 'confirmed' | 'pending';
}

function bySequence<Id>(waitlist: readonly WaitlistEntry<Id>[]): WaitlistEntry<Id>[] {
  return [...waitlist].sort((a, b) => a.sequence - b.sequence);
}

/**
 * After a seat holder leaves (cancelled or rejected), or capacity is raised: which waitlisted
 * registrations take the free seats, first by arrival, and with what status (pending when the
 * event requires approval, else confirmed). `state.taken` counts seat holders *after* the
 * release. Normally this promotes at most one; it fills every free seat if there are more.
 * Releasing a waitlisted registration frees no seat, so nobody moves.
 */
export function afterRelease<Id>(
  state: Pick<SeatState, 'capacity' | 'taken' | 'reserved'>,
  waitlist: readonly WaitlistEntry<Id>[],
  requiresApproval: boolean,
): WaitlistPromotion<Id>[] {
  const free = openSeats(state);
  const status = requiresApproval ? 'pending' : 'confirmed';
  return bySequence(waitlist)
    .slice(0, free)
    .map(({ id }) => ({ id, status }));
}

/** Waitlist positions 1..n, without gaps, in arrival order (for "you are number 3 in line"). */
export function waitlistPositions<Id>(waitlist: readonly WaitlistEntry<Id>[]): { id: Id; position: number }[] {
  return bySequence(waitlist).map(({ id }, i) => ({ id, position: i + 1 }));
}

/** Seats left to show on an event card (open to self-registration: unused quota seats are not); never negative. */
export function seatsLeft(state: Pick<SeatState, 'capacity' | 'taken' | 'reserved'>): number {
  return openSeats(state);
}
