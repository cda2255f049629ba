import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit, afterRelease, holdsSeat, seatsLeft, waitlistPositions } from '../src/index';
import { SeatBook, type SeatOp } from './seat-book';

describe('admit (domain.md § Contests: over capacity → waiting list)', () => {
  it('gives a free seat, confirmed or pending when approval is required', () => {
    expect(admit({ capacity: 2, taken: 1 }, false)).toBe('confirmed');
    expect(admit({ capacity: 2, taken: 1 }, true)).toBe('pending');
  });

  it('waitlists when full', () => {
    expect(admit({ capacity: 2, taken: 2 }, false)).toBe('waitlisted');
    expect(admit({ capacity: 0, taken: 0 }, true)).toBe('waitlisted');
  });

  it('never lets a newcomer jump the queue when a seat is free but people wait', () => {
    expect(admit({ capacity: 3, taken: 2, waiting: 1 }, false)).toBe('waitlisted');
  });

  it('counts pending and confirmed as holding a seat', () => {
    expect(holdsSeat('pending')).toBe(true);
    expect(holdsSeat('confirmed')).toBe(true);
    expect(holdsSeat('waitlisted')).toBe(false);
    expect(holdsSeat('cancelled')).toBe(false);
    expect(holdsSeat('rejected')).toBe(false);
  });
});

describe('afterRelease (the first waitlisted one is promoted automatically)', () => {
  const waitlist = [
    { id: 'c', sequence: 12 },
    { id: 'a', sequence: 7 },
    { id: 'b', sequence: 9 },
  ];

  it('promotes the first waiter by sequence, confirmed', () => {
    expect(afterRelease({ capacity: 10, taken: 9 }, waitlist, false)).toEqual([{ id: 'a', status: 'confirmed' }]);
  });

  it('promotes to pending when the event requires approval', () => {
    expect(afterRelease({ capacity: 10, taken: 9 }, waitlist, true)).toEqual([{ id: 'a', status: 'pending' }]);
  });

  it('promotes nobody when no seat is free or nobody waits', () => {
    expect(afterRelease({ capacity: 10, taken: 10 }, waitlist, false)).toEqual([]);
    expect(afterRelease({ capacity: 10, taken: 5 }, [], false)).toEqual([]);
  });

  it('fills every free seat in order (e.g. after capacity was raised)', () => {
    expect(afterRelease({ capacity: 12, taken: 10 }, waitlist, false).map((p) => p.id)).toEqual(['a', 'b']);
  });
});

describe('waitlistPositions', () => {
  it('numbers 1..n in arrival order regardless of gaps in sequence', () => {
    expect(
      waitlistPositions([
        { id: 3, sequence: 40 },
        { id: 1, sequence: 5 },
        { id: 2, sequence: 17 },
      ]),
    ).toEqual([
      { id: 1, position: 1 },
      { id: 2, position: 2 },
      { id: 3, position: 3 },
    ]);
    expect(waitlistPositions([])).toEqual([]);
  });

  it('seatsLeft is never negative', () => {
    expect(seatsLeft({ capacity: 5, taken: 3 })).toBe(2);
    expect(seatsLeft({ capacity: 5, taken: 7 })).toBe(0);
  });
});

describe('properties over any sequence of registrations, cancellations, rejections, approvals', () => {
  const op: fc.Arbitrary<SeatOp> = fc.oneof(
    { arbitrary: fc.constant({ kind: 'register' as const }), weight: 4 },
    { arbitrary: fc.nat(50).map((pick) => ({ kind: 'cancel' as const, pick })), weight: 2 },
    { arbitrary: fc.nat(50).map((pick) => ({ kind: 'reject' as const, pick })), weight: 1 },
    { arbitrary: fc.nat(50).map((pick) => ({ kind: 'approve' as const, pick })), weight: 1 },
  );
  const scenario = fc.record({
    capacity: fc.integer({ min: 0, max: 6 }),
    requiresApproval: fc.boolean(),
    ops: fc.array(op, { maxLength: 60 }),
  });

  it('keeps every invariant after every step', () => {
    fc.assert(
      fc.property(scenario, ({ capacity, requiresApproval, ops }) => {
        const book = new SeatBook(capacity, requiresApproval);
        expect(book.taken).toBe(0);
        for (const o of ops) {
          const step = book.apply(o);
          // Capacity is never exceeded: confirmed + pending ≤ capacity.
          expect(book.taken).toBeLessThanOrEqual(capacity);

          // Waitlist positions are 1..n without gaps.
          const positions = waitlistPositions(book.waitlist).map((p) => p.position);
          expect(positions).toEqual(book.waitlist.map((_, i) => i + 1));

          // Arrival order is preserved: every seat holder arrived before every waiter.
          const holders = book.bookings.filter((b) => holdsSeat(b.status)).map((b) => b.sequence);
          const waiters = book.waitlist.map((b) => b.sequence);
          if (holders.length && waiters.length) expect(Math.max(...holders)).toBeLessThan(Math.min(...waiters));

          // A free seat never sits idle while someone waits.
          if (book.taken < capacity) expect(book.waitlist).toHaveLength(0);

          // When a seat frees and someone waits, the first waiter gets it.
          if (step.freedSeat && step.firstWaiter !== null) expect(step.promoted).toEqual([step.firstWaiter]);
          if (!step.freedSeat) expect(step.promoted).toEqual([]);
        }
      }),
    );
  });

  it('waitlist positions follow arrival order', () => {
    fc.assert(
      fc.property(scenario, ({ capacity, requiresApproval, ops }) => {
        const book = new SeatBook(capacity, requiresApproval);
        ops.forEach((o) => book.apply(o));
        const ids = waitlistPositions(book.waitlist).map((p) => p.id);
        const byArrival = [...book.waitlist].sort((a, b) => a.sequence - b.sequence).map((b) => b.id);
        expect(ids).toEqual(byArrival);
      }),
    );
  });
});
