import { describe, expect, it } from 'vitest';
import {
  AGGREGATIONS,
  ATTENDANCE_STATUSES,
  beijingDate,
  beijingYear,
  CONTEST_TIERS,
  isAggregation,
  isContestTier,
  isCriterionKind,
  isMainlandMobile,
  isRole,
  REGISTRATION_STATUSES,
} from '../src/index';

describe('isMainlandMobile (api-contract.md § Auth)', () => {
  it('accepts 11 digits starting 13–19', () => {
    for (const phone of ['13800138000', '15912345678', '19912345678', '16612345678']) {
      expect(isMainlandMobile(phone)).toBe(true);
    }
  });

  it('rejects other prefixes, lengths and decorations', () => {
    for (const phone of [
      '12800138000',
      '10800138000',
      '1380013800',
      '138001380000',
      '+8613800138000',
      '138 0013 8000',
      '1380013800a',
      '',
    ]) {
      expect(isMainlandMobile(phone)).toBe(false);
    }
  });
});

describe('shared vocabulary', () => {
  it('lists the values of each union', () => {
    expect(CONTEST_TIERS).toEqual(['city', 'district', 'enterprise']);
    expect(AGGREGATIONS).toEqual(['mean', 'trimmed', 'median']);
    expect(REGISTRATION_STATUSES).toContain('waitlisted');
    expect(ATTENDANCE_STATUSES).toEqual(['present', 'late', 'absent', 'excused']);
  });

  it('narrows unknown input', () => {
    expect(isContestTier('city')).toBe(true);
    expect(isContestTier('province')).toBe(false);
    expect(isAggregation('trimmed')).toBe(true);
    expect(isCriterionKind('judgement')).toBe(true);
    expect(isCriterionKind('judgment')).toBe(false);
    expect(isRole('organizer')).toBe(true);
    expect(isRole(42)).toBe(false);
  });
});

describe('Beijing calendar', () => {
  it('reads instants in UTC+8', () => {
    expect(beijingDate(new Date('2026-04-30T16:00:00Z'))).toBe('2026-05-01');
    expect(beijingDate(new Date('2026-04-30T15:59:59Z'))).toBe('2026-04-30');
    expect(beijingYear(new Date('2025-12-31T16:00:00Z'))).toBe(2026);
  });
});
