import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appealClosesAt, appealRefusal, decideRefusal, DEFAULT_APPEAL_HOURS } from '../src/index';

const published = '2026-05-12T10:00:00Z';
const base = { publishedAt: published, hasResult: true, appealHours: DEFAULT_APPEAL_HOURS, openAppeal: false };

describe('appealRefusal (domain.md § Contests, Appeals)', () => {
  it('allows an appeal within the window, up to the instant it closes (decimal hours)', () => {
    expect(appealRefusal(base, '2026-05-13T09:59:59.999Z')).toBeNull();
    expect(appealRefusal(base, '2026-05-13T10:00:00Z')).toBe('APPEAL_WINDOW_CLOSED');
    const short = { ...base, appealHours: 1.5 };
    expect(appealRefusal(short, '2026-05-12T11:29:59Z')).toBeNull();
    expect(appealRefusal(short, '2026-05-12T11:30:00Z')).toBe('APPEAL_WINDOW_CLOSED');
    expect(appealRefusal({ ...base, appealHours: 0 }, published)).toBe('APPEAL_WINDOW_CLOSED');
  });
  it('refuses without a published result, and a second open appeal', () => {
    expect(appealRefusal({ ...base, publishedAt: null }, published)).toBe('NO_RESULT');
    expect(appealRefusal({ ...base, hasResult: false }, published)).toBe('NO_RESULT');
    expect(appealRefusal({ ...base, openAppeal: true }, published)).toBe('APPEAL_OPEN');
  });
  it('answers NO_RESULT before APPEAL_WINDOW_CLOSED, and a closed window before an open appeal, whatever the situation', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 10 * 86_400_000 }), { nil: null }),
        fc.boolean(),
        fc.double({ min: 0, max: 720, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        (pub, hasResult, appealHours, openAppeal, nowMs) => {
          const publishedAt = pub === null ? null : new Date(pub).toISOString();
          const now = new Date(nowMs);
          const got = appealRefusal({ publishedAt, hasResult, appealHours, openAppeal }, now);
          const open = publishedAt !== null && now.getTime() < new Date(appealClosesAt(publishedAt, appealHours)!).getTime();
          const expected =
            publishedAt === null || !hasResult ? 'NO_RESULT' : !open ? 'APPEAL_WINDOW_CLOSED' : openAppeal ? 'APPEAL_OPEN' : null;
          expect(got).toBe(expected);
        },
      ),
    );
  });
});

describe('decideRefusal', () => {
  it('decides an open appeal once; upholding is refused once promotions were applied, dismissing is not', () => {
    const none = { promotionsAppliedAt: null };
    const applied = { promotionsAppliedAt: '2026-05-14T00:00:00Z' };
    expect(decideRefusal({ status: 'open' }, 'upheld', none)).toBeNull();
    expect(decideRefusal({ status: 'open' }, 'dismissed', applied)).toBeNull();
    expect(decideRefusal({ status: 'open' }, 'upheld', applied)).toBe('PROMOTIONS_APPLIED');
    for (const status of ['upheld', 'dismissed'] as const)
      for (const d of ['upheld', 'dismissed'] as const) expect(decideRefusal({ status }, d, none)).toBe('APPEAL_DECIDED');
  });
});
