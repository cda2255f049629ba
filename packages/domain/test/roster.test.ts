import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SKILL_LEVEL_NAMES, SKILL_LEVELS, skillLevelFromText, yesNoFromText } from '../src/index';

describe('roster cells (api-contract.md § Rosters)', () => {
  it('a skill level as its code or its Chinese name, whole or either half', () => {
    expect(skillLevelFromText('senior')).toBe('senior');
    expect(skillLevelFromText('高级工')).toBe('senior');
    expect(skillLevelFromText('三级')).toBe('senior');
    expect(skillLevelFromText('三级/高级工')).toBe('senior');
    expect(skillLevelFromText(' 高级技师 ')).toBe('senior_technician');
    expect(skillLevelFromText('技师')).toBe('technician');
    expect(skillLevelFromText('SENIOR_TECHNICIAN')).toBe('senior_technician');
    expect(skillLevelFromText('')).toBeNull();
    expect(skillLevelFromText('  ')).toBeNull();
    expect(skillLevelFromText('六级')).toBeUndefined();
    expect(skillLevelFromText('master')).toBeUndefined();
  });

  it('every level reads back from its code, its Chinese and its English name (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SKILL_LEVELS), fc.constantFrom('code', 'zh', 'en'), (level, how) => {
        const text = how === 'code' ? level : SKILL_LEVEL_NAMES[level][how as 'zh' | 'en'];
        expect(skillLevelFromText(text)).toBe(level);
      }),
    );
  });

  it('any other text names at most one level, never throws (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const level = skillLevelFromText(text);
        expect(level === undefined || level === null || SKILL_LEVELS.includes(level)).toBe(true);
      }),
    );
  });

  it('union membership as 是/否 or true/false', () => {
    expect(yesNoFromText('是')).toBe(true);
    expect(yesNoFromText('否')).toBe(false);
    expect(yesNoFromText('TRUE')).toBe(true);
    expect(yesNoFromText('false')).toBe(false);
    expect(yesNoFromText('')).toBeUndefined();
    expect(yesNoFromText('maybe')).toBeUndefined();
  });
});
