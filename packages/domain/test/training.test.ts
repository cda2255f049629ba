import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countsAsAttended, levelOrder, meetsAttendance, SKILL_LEVELS, trainingOutcome, type SkillLevel } from '../src/index';

const base = {
  sessions: 5,
  attended: 4,
  theory: 60,
  practical: 60,
  targetLevel: 'senior' as SkillLevel,
  currentLevel: 'intermediate' as SkillLevel | null,
};

describe('training completion (domain.md § Promotions: training)', () => {
  it('completes at exactly 80 % attendance and exactly 60 in both parts, with a promotion to the target', () => {
    expect(trainingOutcome(base)).toEqual({ completed: true, promotion: { fromLevel: 'intermediate', toLevel: 'senior' } });
  });

  it('fails just below 80 % attendance', () => {
    expect(trainingOutcome({ ...base, sessions: 10, attended: 7 }).completed).toBe(false);
    expect(trainingOutcome({ ...base, sessions: 10, attended: 8 }).completed).toBe(true);
    expect(trainingOutcome({ ...base, sessions: 6, attended: 4 }).completed).toBe(false); // 66.7 %
  });

  it('fails an exam part below 60, or a missing one', () => {
    expect(trainingOutcome({ ...base, theory: 59.99 })).toEqual({ completed: false, promotion: null });
    expect(trainingOutcome({ ...base, practical: 59.5 }).completed).toBe(false);
    expect(trainingOutcome({ ...base, theory: null }).completed).toBe(false);
  });

  it('issues no promotion when the worker is already at or above the target', () => {
    expect(trainingOutcome({ ...base, currentLevel: 'senior' })).toEqual({ completed: true, promotion: null });
    expect(trainingOutcome({ ...base, currentLevel: 'technician' })).toEqual({ completed: true, promotion: null });
  });

  it('promotes a worker with no certificate', () => {
    expect(trainingOutcome({ ...base, currentLevel: null }).promotion).toEqual({ fromLevel: null, toLevel: 'senior' });
  });

  it('takes a class’s own thresholds', () => {
    expect(
      trainingOutcome({ ...base, sessions: 10, attended: 7, attendanceRequired: 0.7, passMark: 70, theory: 70, practical: 70 }).completed,
    ).toBe(true);
    expect(trainingOutcome({ ...base, passMark: 70 }).completed).toBe(false);
  });

  it('cannot complete a class without sessions', () => {
    expect(trainingOutcome({ ...base, sessions: 0, attended: 0 }).completed).toBe(false);
  });

  it('counts present and late as attended', () => {
    expect(countsAsAttended('present')).toBe(true);
    expect(countsAsAttended('late')).toBe(true);
    expect(countsAsAttended('absent')).toBe(false);
    expect(countsAsAttended('excused')).toBe(false);
  });

  it('compares attendance exactly, where floating point would not', () => {
    // 0.57 × 100 is 56.99999999999999 and 0.58 × 50 is 28.999999999999996 in floating point.
    expect(meetsAttendance(57, 100, 0.57)).toBe(true);
    expect(meetsAttendance(56, 100, 0.57)).toBe(false);
    expect(meetsAttendance(29, 50, 0.58)).toBe(true);
    expect(meetsAttendance(28, 50, 0.58)).toBe(false);
  });

  it('property: attendance ≥ 80 % iff 5 × attended ≥ 4 × sessions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(200), (sessions, a) => {
        const attended = Math.min(a, sessions);
        expect(meetsAttendance(attended, sessions, 0.8)).toBe(5 * attended >= 4 * sessions);
      }),
    );
  });

  it('property: a promotion only ever goes up, to the target', () => {
    const level = fc.constantFrom<SkillLevel | null>(null, ...SKILL_LEVELS);
    fc.assert(
      fc.property(level, fc.constantFrom<SkillLevel>(...SKILL_LEVELS), (current, target) => {
        const { promotion } = trainingOutcome({ ...base, currentLevel: current, targetLevel: target });
        if (promotion) {
          expect(promotion.toLevel).toBe(target);
          expect(levelOrder(promotion.toLevel)).toBeGreaterThan(levelOrder(current));
        } else expect(levelOrder(target)).toBeLessThanOrEqual(levelOrder(current));
      }),
    );
  });
});
