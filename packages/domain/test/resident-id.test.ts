import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  birthDateFromResidentId,
  genderFromResidentId,
  isValidResidentId,
  makeResidentId,
  maskResidentId,
  normalizeResidentId,
  residentIdCheckChar,
  residentIdProblem,
} from '../src/index';

const TODAY = new Date('2026-06-15T12:00:00+08:00');

/** Valid ids built from a Wuxi region, a real birth date and a sequence. */
const validId = fc
  .record({
    region: fc.constantFrom('320202', '320205', '320211', '320213', '320214', '320281', '320282'),
    birth: fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2026-01-01T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, birth, sequence }) => makeResidentId(region, birth.toISOString().slice(0, 10).replaceAll('-', ''), sequence));

describe('resident ID (domain.md § Resident ID)', () => {
  it('accepts the well-known example 11010519491231002X', () => {
    expect(residentIdProblem('11010519491231002X', TODAY)).toBeNull();
    expect(isValidResidentId('11010519491231002X', TODAY)).toBe(true);
  });

  it('accepts a lower-case x check character as X', () => {
    expect(isValidResidentId('11010519491231002x', TODAY)).toBe(true);
    expect(normalizeResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('cleans an id typed in groups, with full-width spaces or hyphens, instead of refusing it', () => {
    expect(normalizeResidentId('1101 0519 4912 3100 2x')).toBe('11010519491231002X');
    expect(normalizeResidentId('110105\u300019491231\u3000002X')).toBe('11010519491231002X');
    expect(normalizeResidentId('110105-19491231-002X')).toBe('11010519491231002X');
    expect(residentIdProblem(' 110105 19491231 002x\t', TODAY)).toBeNull();
    expect(residentIdProblem('1101 0519 4912 3100 29', TODAY)).toBe('checksum');
  });

  it('accepts ids made by makeResidentId', () => {
    const id = makeResidentId('320202', '19880312', 123);
    expect(id).toHaveLength(18);
    expect(id.startsWith('32020219880312123')).toBe(true);
    expect(isValidResidentId(id, TODAY)).toBe(true);
  });

  it('computes the check character with the GB 11643 weights', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('rejects a wrong check character', () => {
    expect(residentIdProblem('110105194912310021', TODAY)).toBe('checksum');
    const id = makeResidentId('320202', '19880312', 123);
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(residentIdProblem(wrong, TODAY)).toBe('checksum');
  });

  it('rejects impossible birth dates such as 19990230 and 19000229', () => {
    expect(residentIdProblem(makeResidentId('320202', '19990230', 1), TODAY)).toBe('birthDate');
    expect(residentIdProblem(makeResidentId('320202', '19000229', 1), TODAY)).toBe('birthDate');
    expect(residentIdProblem(makeResidentId('320202', '19991301', 1), TODAY)).toBe('birthDate');
    expect(residentIdProblem(makeResidentId('320202', '20000229', 1), TODAY)).toBeNull();
  });

  it('rejects a birth date in the future but accepts one born today (Beijing date)', () => {
    expect(residentIdProblem(makeResidentId('320202', '20260616', 1), TODAY)).toBe('birthDate');
    expect(residentIdProblem(makeResidentId('320202', '20260615', 1), TODAY)).toBeNull();
    // 00:30 in Wuxi on 15 June is still 14 June in UTC: a baby born that day is not "in the future".
    expect(residentIdProblem(makeResidentId('320202', '20260615', 1), new Date('2026-06-15T00:30:00+08:00'))).toBeNull();
  });

  it('rejects malformed input', () => {
    for (const bad of ['', '3202021988031212', '32020219880312123A', 'X20202198803121234', '3202021988031212345']) {
      expect(residentIdProblem(bad, TODAY)).toBe('format');
    }
  });

  it('reads birth date and gender (odd sequence = male)', () => {
    const id = makeResidentId('320202', '19880312', 123);
    expect(birthDateFromResidentId(id)).toBe('1988-03-12');
    expect(genderFromResidentId(id)).toBe('male');
    expect(genderFromResidentId(makeResidentId('320202', '19880312', 124))).toBe('female');
  });

  it('masks as 6 + 8 stars + 4: 320202********1234', () => {
    const id = makeResidentId('320202', '19880312', 123);
    const masked = maskResidentId(id);
    expect(masked).toBe(`320202********${id.slice(14)}`);
    expect(masked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(maskResidentId(null)).toBeNull();
    expect(maskResidentId('')).toBeNull();
  });

  describe('properties', () => {
    it('makeResidentId always validates', () => {
      fc.assert(fc.property(validId, (id) => void expect(residentIdProblem(id, TODAY)).toBeNull()));
    });

    it('every single-character substitution of a valid id is rejected', () => {
      // The claim: the mod-11 check catches every single-digit substitution, because every
      // weight is non-zero mod 11 and 11 is prime, so w·Δ ≢ 0 (mod 11) for Δ in ±1..±9.
      fc.assert(
        fc.property(validId, fc.nat(17), fc.constantFrom(...'0123456789X'), (id, position, char) => {
          fc.pre(id[position] !== char && (char !== 'X' || position === 17));
          const changed = id.slice(0, position) + char + id.slice(position + 1);
          expect(isValidResidentId(changed, TODAY)).toBe(false);
        }),
      );
    });

    it('a substituted digit among the first 17 always changes the check character', () => {
      fc.assert(
        fc.property(validId, fc.nat(16), fc.integer({ min: 1, max: 9 }), (id, position, delta) => {
          const digit = (Number(id[position]) + delta) % 10;
          const changed = id.slice(0, position) + String(digit) + id.slice(position + 1, 17);
          expect(residentIdCheckChar(changed)).not.toBe(id[17]);
        }),
      );
    });

    it('spaces anywhere in a valid id are cleaned to the same id', () => {
      fc.assert(
        fc.property(validId, fc.array(fc.tuple(fc.nat(18), fc.constantFrom(' ', '\u3000', '\t', '-')), { maxLength: 6 }), (id, cuts) => {
          let typed = id;
          for (const [at, gap] of cuts) typed = typed.slice(0, at) + gap + typed.slice(at);
          expect(normalizeResidentId(typed)).toBe(id);
          expect(residentIdProblem(typed, TODAY)).toBeNull();
        }),
      );
    });

    it('masking keeps length 18, the region and the last 4 characters', () => {
      fc.assert(
        fc.property(validId, (id) => {
          const masked = maskResidentId(id) as string;
          expect(masked).toHaveLength(18);
          expect(masked.slice(0, 6)).toBe(id.slice(0, 6));
          expect(masked.slice(14)).toBe(id.slice(14));
        }),
      );
    });
  });
});

describe('ageOn', () => {
  it('counts the birthday itself: 30 on the 30th birthday, 29 the day before', () => {
    expect(ageOn('1990-05-01', '2020-05-01')).toBe(30);
    expect(ageOn('1990-05-01', '2020-04-30')).toBe(29);
    expect(ageOn('1990-05-01', '2020-05-02')).toBe(30);
  });

  it('reads an instant as its Beijing-time date', () => {
    // Midnight in Wuxi on the birthday is still the day before in UTC.
    expect(ageOn('1990-05-01', new Date('2020-05-01T00:00:00+08:00'))).toBe(30);
    expect(ageOn('1990-05-01', '2020-05-01T00:00:00+08:00')).toBe(30);
    expect(ageOn('1990-05-01', new Date('2020-04-30T23:59:59+08:00'))).toBe(29);
  });

  it('makes a 29 February child a year older on 1 March in common years', () => {
    expect(ageOn('2000-02-29', '2021-02-28')).toBe(20);
    expect(ageOn('2000-02-29', '2021-03-01')).toBe(21);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
  });

  it('is 0 on the day of birth', () => {
    expect(ageOn('2026-06-15', '2026-06-15')).toBe(0);
  });
});
