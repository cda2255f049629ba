/**
 * A tiny in-memory registration book for property tests, built only from the decisions the
 * domain makes (admit, afterRelease, holdsSeat) — the same decisions the API takes in SQL.
 */
import { admit, afterRelease, holdsSeat, type RegistrationStatus } from '../src/index';

export interface Booking {
  id: number;
  sequence: number;
  status: RegistrationStatus;
}

export type SeatOp =
  { kind: 'register' } | { kind: 'cancel'; pick: number } | { kind: 'reject'; pick: number } | { kind: 'approve'; pick: number };

export interface StepRecord {
  freedSeat: boolean;
  /** First waiter (by sequence) just before the step, if any. */
  firstWaiter: number | null;
  promoted: number[];
}

export class SeatBook {
  readonly bookings: Booking[] = [];
  private nextSequence = 1;

  constructor(
    readonly capacity: number,
    readonly requiresApproval: boolean,
  ) {}

  get taken(): number {
    return this.bookings.filter((b) => holdsSeat(b.status)).length;
  }

  get waitlist(): Booking[] {
    return this.bookings.filter((b) => b.status === 'waitlisted');
  }

  apply(op: SeatOp): StepRecord {
    const firstWaiter = [...this.waitlist].sort((a, b) => a.sequence - b.sequence)[0]?.id ?? null;
    if (op.kind === 'register') {
      const status = admit({ capacity: this.capacity, taken: this.taken, waiting: this.waitlist.length }, this.requiresApproval);
      const sequence = this.nextSequence++;
      this.bookings.push({ id: sequence, sequence, status });
      return { freedSeat: false, firstWaiter, promoted: [] };
    }
    const live = this.bookings.filter((b) => b.status !== 'cancelled' && b.status !== 'rejected');
    const target = live[op.pick % Math.max(1, live.length)];
    if (!target) return { freedSeat: false, firstWaiter, promoted: [] };
    if (op.kind === 'approve') {
      if (target.status === 'pending') target.status = 'confirmed';
      return { freedSeat: false, firstWaiter, promoted: [] };
    }
    // A worker may cancel anything live; an organizer rejects pending (or, here, any live) registration.
    const freedSeat = holdsSeat(target.status);
    target.status = op.kind === 'cancel' ? 'cancelled' : 'rejected';
    const promotions = afterRelease({ capacity: this.capacity, taken: this.taken }, this.waitlist, this.requiresApproval);
    for (const p of promotions) {
      const b = this.bookings.find((x) => x.id === p.id);
      if (b) b.status = p.status;
    }
    return { freedSeat, firstWaiter, promoted: promotions.map((p) => p.id) };
  }
}
