import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admit,
  afterRelease,
  nominationSeat,
  quotaHolderFor,
  quotaLeft,
  quotaProblem,
  reservedSeats,
  seatsLeft,
  selfRegistrationAllowed,
} from '../src/index';

describe('quotas (domain.md § Contests, Unit nominations)', () => {
  const holders = [
    { orgId: 4, path: '/1/4/' },
    { orgId: 37, path: '/1/4/37/' },
    { orgId: 5, path: '/1/5/' },
  ];
  it('a worker uses the nearest union on the path from their employer up that holds a quota', () => {
    expect(quotaHolderFor('/1/4/37/', holders)?.orgId).toBe(37);
    expect(quotaHolderFor('/1/4/38/', holders)?.orgId).toBe(4);
    expect(quotaHolderFor('/1/6/60/', holders)).toBeNull();
    // a path prefix is a whole segment: /1/40/ is not under /1/4/
    expect(quotaHolderFor('/1/40/', holders)).toBeNull();
  });
  it('quotas add up to at most the capacity', () => {
    expect(
      quotaProblem(
        [
          { orgId: 4, seats: 10 },
          { orgId: 5, seats: 10 },
        ],
        20,
      ),
    ).toBeNull();
    expect(
      quotaProblem(
        [
          { orgId: 4, seats: 11 },
          { orgId: 5, seats: 10 },
        ],
        20,
      ),
    ).toMatch(/21/);
    expect(
      quotaProblem(
        [
          { orgId: 4, seats: 1 },
          { orgId: 4, seats: 1 },
        ],
        20,
      ),
    ).not.toBeNull();
    fc.assert(
      fc.property(fc.array(fc.nat(50), { maxLength: 10 }), fc.nat(200), (seats, capacity) => {
        const q = seats.map((s, i) => ({ orgId: i + 1, seats: s }));
        const sum = seats.reduce((a, b) => a + b, 0);
        expect(quotaProblem(q, capacity) === null).toBe(sum <= capacity);
      }),
    );
  });
  it('counts what is left and who may self-register', () => {
    expect(quotaLeft({ seats: 3, used: 1 })).toBe(2);
    expect(quotaLeft({ seats: 3, used: 5 })).toBe(0);
    expect(selfRegistrationAllowed('open')).toBe(true);
    expect(selfRegistrationAllowed('both')).toBe(true);
    expect(selfRegistrationAllowed('nomination')).toBe(false);
  });
});

describe('quota seats and open seats share the capacity', () => {
  it('reserves what each quota has not used', () => {
    expect(
      reservedSeats([
        { seats: 3, used: 1 },
        { seats: 2, used: 4 },
      ]),
    ).toBe(2);
    expect(reservedSeats([])).toBe(0);
  });
  it('self-registration and the waiting list never get a reserved seat', () => {
    expect(admit({ capacity: 10, taken: 5, reserved: 5 }, false)).toBe('waitlisted');
    expect(admit({ capacity: 10, taken: 5, reserved: 4 }, false)).toBe('confirmed');
    expect(seatsLeft({ capacity: 10, taken: 2, reserved: 5 })).toBe(3);
    expect(afterRelease({ capacity: 10, taken: 5, reserved: 5 }, [{ id: 1, sequence: 1 }], false)).toEqual([]);
  });
  it('a nomination takes its quota, else an open seat when no union on its path holds one, else is full', () => {
    expect(nominationSeat({ seats: 2, used: 1 }, { capacity: 10, taken: 3, reserved: 1 })).toBe('quota');
    expect(nominationSeat({ seats: 2, used: 2 }, { capacity: 10, taken: 3 })).toBe('full');
    expect(nominationSeat({ seats: 2, used: 0 }, { capacity: 3, taken: 3 })).toBe('full');
    expect(nominationSeat(null, { capacity: 10, taken: 3, reserved: 2 })).toBe('open');
    expect(nominationSeat(null, { capacity: 10, taken: 3, reserved: 7 })).toBe('full');
    expect(nominationSeat(null, { capacity: 10, taken: 3, waiting: 1 })).toBe('full');
  });
  it('whatever the order of registrations, nominations and declines: capacity holds and quotas keep their seats', () => {
    type Op = { kind: 'open' } | { kind: 'nominate'; q: number } | { kind: 'decline'; q: number } | { kind: 'leave' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant({ kind: 'open' as const }),
      fc.constant({ kind: 'leave' as const }),
      fc.record({ kind: fc.constant('nominate' as const), q: fc.nat(2) }),
      fc.record({ kind: fc.constant('decline' as const), q: fc.nat(2) }),
    );
    fc.assert(
      fc.property(
        fc.nat(20),
        fc.array(fc.nat(6), { minLength: 3, maxLength: 3 }),
        fc.array(op, { maxLength: 80 }),
        (capacity, seats, ops) => {
          if (
            quotaProblem(
              seats.map((s, i) => ({ orgId: i, seats: s })),
              capacity,
            )
          )
            return;
          const quotas = seats.map((s) => ({ seats: s, used: 0 }));
          let open = 0;
          const taken = () => open + quotas.reduce((a, q) => a + q.used, 0);
          for (const o of ops) {
            const state = { capacity, taken: taken(), reserved: reservedSeats(quotas) };
            if (o.kind === 'open' && admit(state, false) === 'confirmed') open++;
            if (o.kind === 'leave' && open > 0) open--;
            if (o.kind === 'nominate' && nominationSeat(quotas[o.q]!, state) === 'quota') quotas[o.q]!.used++;
            if (o.kind === 'decline' && quotas[o.q]!.used > 0) quotas[o.q]!.used--;
            expect(taken()).toBeLessThanOrEqual(capacity);
            expect(open).toBeLessThanOrEqual(capacity - seats.reduce((a, b) => a + b, 0));
            quotas.forEach((q, i) => expect(q.used).toBeLessThanOrEqual(seats[i]!));
          }
        },
      ),
    );
  });
});
