import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimals, decimalToNumber, multiplyDecimals, roundDecimal, toDecimal } from '../src/decimal';
import { passed, roundHalfUp, totalScore } from '../src/index';

describe('roundHalfUp (domain.md § Scoring: "rounded half-up to 2 decimals")', () => {
  it('rounds the decimal the number stands for, not its binary approximation', () => {
    // Math.round(1.005 * 100) / 100 === 1 and (2.675).toFixed(2) === '2.67': both wrong.
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(1.255, 2)).toBe(1.26);
    expect(roundHalfUp(8.345, 2)).toBe(8.35);
    expect(roundHalfUp(10.235, 2)).toBe(10.24);
    expect(roundHalfUp(1.0049999, 2)).toBe(1);
  });

  it('defaults to 2 decimals and leaves short numbers alone', () => {
    expect(roundHalfUp(79.125)).toBe(79.13);
    expect(roundHalfUp(60)).toBe(60);
    expect(roundHalfUp(59.99)).toBe(59.99);
    expect(roundHalfUp(0)).toBe(0);
  });

  it('rounds to other precisions', () => {
    expect(roundHalfUp(2.5, 0)).toBe(3);
    expect(roundHalfUp(0.45, 1)).toBe(0.5);
    expect(roundHalfUp(1.23456, 4)).toBe(1.2346);
  });

  it('rounds negative halves away from zero and never returns -0', () => {
    expect(roundHalfUp(-1.005, 2)).toBe(-1.01);
    expect(Object.is(roundHalfUp(-0.001, 2), 0)).toBe(true);
  });

  it('handles numbers printed in exponent form', () => {
    expect(roundHalfUp(1e-7, 2)).toBe(0);
    expect(roundHalfUp(5e-3, 2)).toBe(0.01);
    expect(roundHalfUp(1e21, 2)).toBe(1e21);
  });

  it('refuses non-finite numbers and bad precisions', () => {
    expect(() => roundHalfUp(Number.NaN)).toThrow(RangeError);
    expect(() => roundHalfUp(1, -1)).toThrow(RangeError);
  });

  describe('properties', () => {
    it('every x.xx5 rounds up, for every cent value', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1_000_000 }), (cents) => {
          const half = Number(`${cents}5e-3`); // cents 100 → "1005e-3" = 1.005
          expect(roundHalfUp(half, 2)).toBe(Number(`${cents + 1}e-2`));
        }),
      );
    });

    it('is idempotent and within half a cent', () => {
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), (x) => {
          const r = roundHalfUp(x, 2);
          expect(roundHalfUp(r, 2)).toBe(r);
          expect(Math.abs(r - x)).toBeLessThanOrEqual(0.005 + 1e-9);
        }),
      );
    });
  });
});

describe('the safe-integer fast paths equal the exact BigInt arithmetic', () => {
  // numbers of every shape: short decimals, long fractions, big, tiny, exponent forms, negatives
  const anyNumber = fc.oneof(
    fc.integer({ min: -20_000, max: 20_000 }).map((x) => x / 100),
    fc.integer({ min: -2_000_000, max: 2_000_000 }).map((x) => x / 1000),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(1.005, 2.675, -1.005, 0.5, -0.5, 9007199254740991, 123456789012345.6, 1e-7, -0),
  );
  const exactRound = (x: number, places: number) => {
    const r = decimalToNumber(roundDecimal(toDecimal(x), places));
    return r === 0 ? 0 : r;
  };

  it('property: roundHalfUp(x, places) is decimalToNumber(roundDecimal(toDecimal(x), places))', () => {
    fc.assert(
      fc.property(anyNumber, fc.integer({ min: 0, max: 8 }), (x, places) => {
        expect(Object.is(roundHalfUp(x, places), exactRound(x, places))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('property: totalScore is the exact decimal weighted sum, rounded', () => {
    const published = fc.oneof(
      fc.integer({ min: 0, max: 10_000 }).map((x) => x / 100),
      anyNumber,
    );
    const weight = fc.oneof(
      fc.integer({ min: 0, max: 100 }).map((x) => x / 100),
      fc.constantFrom(0.3, 0.7, 0.125, 1 / 3, 1e-7),
    );
    fc.assert(
      fc.property(published, published, weight, weight, (t, p, a, b) => {
        const exact = decimalToNumber(
          roundDecimal(
            addDecimals(
              multiplyDecimals(roundDecimal(toDecimal(t), 2), toDecimal(a)),
              multiplyDecimals(roundDecimal(toDecimal(p), 2), toDecimal(b)),
            ),
            2,
          ),
        );
        expect(Object.is(totalScore(t, p, a, b), exact)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('property: passed compares as the exact decimals do', () => {
    fc.assert(
      fc.property(anyNumber, fc.oneof(anyNumber, fc.constantFrom(60, 59.99, 72.5)), (total, mark) => {
        expect(passed(total, mark)).toBe(compareDecimals(toDecimal(total), toDecimal(mark)) >= 0);
      }),
      { numRuns: 5000 },
    );
  });
});
