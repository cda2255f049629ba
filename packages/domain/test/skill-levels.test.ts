import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  becameHighSkill,
  compareLevels,
  isHighSkill,
  isSkillLevel,
  levelOrder,
  nextLevel,
  SKILL_LEVEL_NAMES,
  SKILL_LEVELS,
  type SkillLevel,
} from '../src/index';

export const anyLevel = fc.constantFrom<SkillLevel | null>(null, ...SKILL_LEVELS);

describe('skill levels (domain.md § Skill levels)', () => {
  it('are the new eight levels in order, apprentice 0 … chief_technician 7', () => {
    expect(SKILL_LEVELS).toHaveLength(8);
    expect(levelOrder('apprentice')).toBe(0);
    expect(levelOrder('senior')).toBe(3);
    expect(levelOrder('chief_technician')).toBe(7);
    expect(Object.keys(SKILL_LEVEL_NAMES)).toEqual([...SKILL_LEVELS]);
  });

  it('put a worker with no certificate (null) below apprentice', () => {
    expect(levelOrder(null)).toBe(-1);
    expect(compareLevels(null, 'apprentice')).toBeLessThan(0);
    expect(nextLevel(null)).toBe('apprentice');
  });

  it('let nobody go past chief_technician', () => {
    expect(nextLevel('special_technician')).toBe('chief_technician');
    expect(nextLevel('chief_technician')).toBeNull();
  });

  it('call senior and above high-skill talent', () => {
    expect(isHighSkill('intermediate')).toBe(false);
    expect(isHighSkill('senior')).toBe(true);
    expect(isHighSkill(null)).toBe(false);
  });

  it('count a promotion into high-skill status only when crossing senior', () => {
    expect(becameHighSkill('intermediate', 'senior')).toBe(true);
    expect(becameHighSkill(null, 'technician')).toBe(true);
    expect(becameHighSkill('senior', 'technician')).toBe(false);
    expect(becameHighSkill('junior', 'intermediate')).toBe(false);
  });

  it('recognise level codes', () => {
    expect(isSkillLevel('technician')).toBe(true);
    expect(isSkillLevel('Technician')).toBe(false);
    expect(isSkillLevel(null)).toBe(false);
  });

  describe('properties', () => {
    it('becameHighSkill(a, b) === order(a) < order(senior) <= order(b)', () => {
      fc.assert(
        fc.property(anyLevel, anyLevel, (a, b) => {
          const senior = levelOrder('senior');
          expect(becameHighSkill(a, b)).toBe(levelOrder(a) < senior && senior <= levelOrder(b));
        }),
      );
    });

    it('nextLevel is exactly one step up, or null at the top', () => {
      fc.assert(
        fc.property(anyLevel, (a) => {
          const next = nextLevel(a);
          if (a === 'chief_technician') expect(next).toBeNull();
          else expect(levelOrder(next)).toBe(levelOrder(a) + 1);
        }),
      );
    });

    it('compareLevels is antisymmetric and agrees with levelOrder', () => {
      fc.assert(
        fc.property(anyLevel, anyLevel, (a, b) => {
          expect(Math.sign(compareLevels(a, b)) + Math.sign(compareLevels(b, a))).toBe(0);
          expect(Math.sign(compareLevels(a, b))).toBe(Math.sign(levelOrder(a) - levelOrder(b)));
        }),
      );
    });
  });
});
