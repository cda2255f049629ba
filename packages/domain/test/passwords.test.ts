import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../src/index';

describe('passwordProblem (every password a person chooses)', () => {
  it('accepts ordinary passwords, all-digit ones included', () => {
    for (const p of [
      'Passw0rd!',
      'Gongjiang@2026',
      'e2e-Passw0rd',
      'longenough',
      '19880615',
      'wang-jianguo',
      '电工王师傅2026',
      'correct horse',
    ]) {
      expect(passwordProblem(p), p).toBeNull();
    }
  });

  it.each([
    ['short', 'abc1234'],
    ['short', '王师傅'],
    ['long', 'x'.repeat(129) + 'y'],
    ['repeated', '11111111'],
    ['repeated', 'aaaaaaaaaaaa'],
    ['repeated', 'abababab'],
    ['repeated', '123123123'],
    ['repeated', '12341234'],
    ['sequence', '12345678'],
    ['sequence', '1234567890'],
    ['sequence', '87654321'],
    ['sequence', 'abcdefgh'],
    ['sequence', 'HGFEDCBA'],
    ['common', 'password'],
    ['common', 'Password123'],
    ['common', 'qwerty123'],
    ['common', 'woaini1314'],
    ['common', '1qaz2wsx'],
  ])('refuses %s: %s', (problem, password) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it('refuses the account’s own phone number inside the password', () => {
    expect(passwordProblem('13812345678', { phone: '13812345678' })).toBe('phone');
    expect(passwordProblem('wang13812345678', { phone: '13812345678' })).toBe('phone');
    expect(passwordProblem('13812345678', { phone: '13912345678' })).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('𠀋𠀋𠀋𠀋𠀋𠀋𠀋')).toBe('short');
  });

  it('any one character repeated is refused; a password and its refusal do not depend on case for the common list', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 1 }), fc.integer({ min: 8, max: 64 }), (c, n) => {
        expect(passwordProblem(c.repeat(n))).not.toBeNull();
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('password', 'iloveyou', 'admin123'),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (p, upper) => {
          const mixed = Array.from(p, (c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
          expect(passwordProblem(mixed)).toBe('common');
        },
      ),
    );
  });
});
