import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attendanceAfterScan, ATTENDANCE_STATUSES, CHECK_IN_OPENS_MINUTES_BEFORE, LATE_AFTER_MINUTES, selfCheckIn } from '../src/index';

const MIN = 60_000;
const start = Date.parse('2026-06-01T01:00:00Z'); // 09:00 Beijing
const session = { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 180 * MIN).toISOString() };
const at = (minutes: number) => new Date(start + minutes * MIN);

describe('self check-in by the session QR code', () => {
  it('is present up to and including 15 minutes after the start, late after that', () => {
    expect(selfCheckIn(session, at(-10))).toEqual({ ok: true, status: 'present' });
    expect(selfCheckIn(session, at(LATE_AFTER_MINUTES))).toEqual({ ok: true, status: 'present' });
    expect(selfCheckIn(session, new Date(start + LATE_AFTER_MINUTES * MIN + 1))).toEqual({ ok: true, status: 'late' });
    expect(selfCheckIn(session, at(180))).toEqual({ ok: true, status: 'late' });
  });

  it('opens 60 minutes before the start and closes when the session ends', () => {
    expect(selfCheckIn(session, at(-CHECK_IN_OPENS_MINUTES_BEFORE))).toEqual({ ok: true, status: 'present' });
    expect(selfCheckIn(session, new Date(start - CHECK_IN_OPENS_MINUTES_BEFORE * MIN - 1))).toEqual({ ok: false, reason: 'not_open' });
    expect(selfCheckIn(session, new Date(start + 180 * MIN + 1))).toEqual({ ok: false, reason: 'closed' });
  });

  it('lateness never goes back to present as time passes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -60 * 60, max: 180 * 60 }), fc.integer({ min: 0, max: 240 * 60 }), (s, d) => {
        const a = selfCheckIn(session, new Date(start + s * 1000));
        const b = selfCheckIn(session, new Date(start + (s + d) * 1000));
        if (a.ok && b.ok && a.status === 'late') expect(b.status).toBe('late');
        if (!a.ok && a.reason === 'closed') expect(b).toEqual({ ok: false, reason: 'closed' });
      }),
    );
  });

  it('a re-scan keeps the first arrival; a scan replaces absent or excused', () => {
    expect(attendanceAfterScan('present', 'late')).toBe('present');
    expect(attendanceAfterScan('late', 'present')).toBe('late');
    expect(attendanceAfterScan('absent', 'late')).toBe('late');
    expect(attendanceAfterScan('excused', 'present')).toBe('present');
    expect(attendanceAfterScan(null, 'present')).toBe('present');
    fc.assert(
      fc.property(fc.constantFrom(null, ...ATTENDANCE_STATUSES), fc.constantFrom('present' as const, 'late' as const), (prev, scan) => {
        const once = attendanceAfterScan(prev, scan);
        expect(attendanceAfterScan(once, scan)).toBe(once); // idempotent re-scan
        expect(['present', 'late']).toContain(once);
      }),
    );
  });
});
