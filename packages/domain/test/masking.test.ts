import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskName } from '../src/index';

describe('maskName (holder shown on the public certificate check)', () => {
  it('keeps the first and last character of three or more', () => {
    expect(maskName('王建国')).toBe('王*国');
    expect(maskName('司马相如')).toBe('司**如');
    expect(maskName('张伟')).toBe('张*');
    expect(maskName('王')).toBe('*');
    expect(maskName('')).toBe('');
    expect(maskName(null)).toBe('');
    expect(maskName(' 李四 ')).toBe('李*');
    expect(maskName('𠀋建国')).toBe('𠀋*国'); // a character outside the BMP is one character
  });

  it('same length in characters, never the name itself (two or more characters), at most two characters shown', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-composite', minLength: 2, maxLength: 12 }).filter((s) => s.trim() === s && Array.from(s).length >= 2),
        (name) => {
          const masked = maskName(name);
          const chars = Array.from(masked);
          expect(chars).toHaveLength(Array.from(name).length);
          expect(chars[0]).toBe(Array.from(name)[0]);
          expect(chars.filter((c) => c !== '*').length).toBeLessThanOrEqual(2 + Array.from(name).filter((c) => c === '*').length);
          if (!name.includes('*')) expect(masked).not.toBe(name);
        },
      ),
    );
  });
});
