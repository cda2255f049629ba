import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appealClosesAt, appealWindowState, DEFAULT_APPEAL_HOURS, lastSessionEndsAt, phaseDates, tooEarly } from '../src/index';

const contest = {
  registrationClosesAt: '2026-05-01T00:00:00+08:00',
  startsAt: '2026-05-10T09:00:00+08:00',
  endsAt: '2026-05-11T17:00:00+08:00',
};

describe('tooEarly (domain.md § Contests, Time)', () => {
  it('no draw before registration closes', () => {
    expect(tooEarly('draw', contest, '2026-04-30T15:59:59Z')).toBe('2026-04-30T16:00:00.000Z');
    expect(tooEarly('draw', contest, '2026-04-30T16:00:00Z')).toBeNull();
  });
  it('no marks before the contest starts, no publication before it ends', () => {
    expect(tooEarly('score', contest, '2026-05-10T08:59:00+08:00')).not.toBeNull();
    expect(tooEarly('score', contest, '2026-05-10T09:00:00+08:00')).toBeNull();
    expect(tooEarly('publish', contest, '2026-05-11T16:59:59+08:00')).not.toBeNull();
    expect(tooEarly('publish', contest, '2026-05-11T17:00:00+08:00')).toBeNull();
  });
  it('no attendance before the session starts; no completion before the last session ends, nor without sessions', () => {
    expect(tooEarly('attendance', { sessionStartsAt: '2026-06-01T09:00:00+08:00' }, '2026-06-01T08:00:00+08:00')).not.toBeNull();
    expect(tooEarly('attendance', { sessionStartsAt: '2026-06-01T09:00:00+08:00' }, '2026-06-01T09:00:00+08:00')).toBeNull();
    expect(tooEarly('complete', { lastSessionEndsAt: '2026-06-05T17:00:00+08:00' }, '2026-06-05T16:00:00+08:00')).not.toBeNull();
    expect(tooEarly('complete', { lastSessionEndsAt: '2026-06-05T17:00:00+08:00' }, '2026-06-05T18:00:00+08:00')).toBeNull();
    expect(tooEarly('complete', { lastSessionEndsAt: null }, '2030-01-01T00:00:00Z')).toBe('never');
  });
  it('a class ends with the latest end of its sessions, whatever their order; none without sessions', () => {
    expect(lastSessionEndsAt([])).toBeNull();
    expect(
      lastSessionEndsAt([
        { endsAt: '2026-06-05T17:00:00+08:00' },
        { endsAt: '2026-06-09T12:00:00+08:00' },
        { endsAt: '2026-06-07T17:00:00+08:00' },
      ]),
    ).toBe('2026-06-09T04:00:00.000Z');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4e12 }), { minLength: 1, maxLength: 20 }), (ts) => {
        const last = lastSessionEndsAt(ts.map((t) => ({ endsAt: new Date(t) })));
        expect(last).toBe(new Date(Math.max(...ts)).toISOString());
      }),
    );
  });
  it('is allowed exactly from the instant on, whatever the offset it is written in', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: -86_400_000, max: 86_400_000 }),
        (at, delta) => {
          const now = new Date(at.getTime() + delta);
          const early = tooEarly('score', { startsAt: at.toISOString() }, now);
          expect(early === null).toBe(delta >= 0);
        },
      ),
    );
  });
});

describe('appeal window (domain.md § Contests, Appeals)', () => {
  const published = '2026-05-12T10:00:00Z';
  it('is open for 24 hours after publication by default', () => {
    expect(DEFAULT_APPEAL_HOURS).toBe(24);
    expect(appealWindowState(published, undefined, '2026-05-13T09:59:59Z')).toBe('open');
    expect(appealWindowState(published, undefined, '2026-05-13T10:00:00Z')).toBe('closed');
    expect(appealClosesAt(published)).toBe('2026-05-13T10:00:00.000Z');
  });
  it('takes hours with decimals, and says when nothing is published', () => {
    expect(appealWindowState(published, 0.5, '2026-05-12T10:29:00Z')).toBe('open');
    expect(appealWindowState(published, 0.5, '2026-05-12T10:30:00Z')).toBe('closed');
    expect(appealWindowState(null, 24, '2026-05-12T10:30:00Z')).toBe('not_published');
    expect(appealClosesAt(null)).toBeNull();
  });
});

describe('phaseDates: a contest just inside a phase (what tests send to move a contest through time)', () => {
  const now = new Date('2026-05-10T08:00:00Z');
  it.each([
    ['closed', 'draw', 'score'],
    ['started', 'score', 'publish'],
    ['ended', 'publish', null],
  ] as const)('%s: %s is allowed now, %s not yet', (phase, allowed, notYet) => {
    const dates = phaseDates(phase, now);
    expect(tooEarly(allowed, dates, now)).toBeNull();
    if (notYet) expect(tooEarly(notYet, dates, now)).not.toBeNull();
    expect(dates.registrationOpensAt < dates.registrationClosesAt && dates.startsAt < dates.endsAt).toBe(true);
    expect(dates.registrationClosesAt <= dates.startsAt).toBe(true);
  });
});
