import { describe, expect, it } from 'vitest';
import { beijingMinute, zhDateTime, zhPeriod } from '../src';

describe('Beijing time in Chinese (posters, share cards, TOO_EARLY messages)', () => {
  it('reads an instant in UTC+8, whatever the offset it was written with', () => {
    expect(beijingMinute('2026-12-14T16:30:00Z')).toBe('2026-12-15 00:30');
    expect(beijingMinute('2026-12-15T09:00:00+08:00')).toBe('2026-12-15 09:00');
    expect(zhDateTime('2026-01-05T01:00:00Z')).toBe('2026年1月5日 09:00');
    expect(zhDateTime('2026-01-05T01:00:00Z', false)).toBe('1月5日 09:00');
  });

  it('says a period as short as stays unambiguous', () => {
    expect(zhPeriod('2026-12-15T01:00:00Z', '2026-12-15T09:00:00Z')).toBe('2026年12月15日 09:00–17:00');
    expect(zhPeriod('2026-12-15T01:00:00Z', '2026-12-16T09:00:00Z')).toBe('2026年12月15日 09:00 至 12月16日 17:00');
    expect(zhPeriod('2026-12-31T01:00:00Z', '2027-01-02T09:00:00Z')).toBe('2026年12月31日 09:00 至 2027年1月2日 17:00');
    // the Beijing date decides "the same day": 23:00 UTC is already the next morning in Beijing
    expect(zhPeriod('2026-12-14T23:00:00Z', '2026-12-15T09:00:00Z')).toBe('2026年12月15日 07:00–17:00');
  });
});
