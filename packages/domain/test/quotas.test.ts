import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quotaHolderFor, quotaLeft, quotaProblem, selfRegistrationAllowed } from '../src/index';

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
