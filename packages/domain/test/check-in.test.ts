import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attendanceAfterScan,
  ATTENDANCE_STATUSES,
  checkInCode,
  checkInPath,
  checkInUrl,
  LATE_AFTER_MINUTES,
  parseCheckInCode,
  parseTicketCode,
  selfCheckIn,
  ticketCheckInUrl,
  ticketCode,
} from '../src/index';

const MIN = 60_000;
const start = Date.parse('2026-06-01T01:00:00Z'); // 09:00 Beijing
const session = { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 180 * MIN).toISOString() };
const at = (minutes: number) => new Date(start + minutes * MIN);

describe('self check-in by the session QR code', () => {
  it('is present up to and including 15 minutes after the start, late after that', () => {
    expect(selfCheckIn(session, at(0))).toEqual({ ok: true, status: 'present' });
    expect(selfCheckIn(session, at(LATE_AFTER_MINUTES))).toEqual({ ok: true, status: 'present' });
    expect(selfCheckIn(session, new Date(start + LATE_AFTER_MINUTES * MIN + 1))).toEqual({ ok: true, status: 'late' });
    expect(selfCheckIn(session, at(180))).toEqual({ ok: true, status: 'late' });
  });

  it('opens when the session starts (no attendance before its time) and closes when it ends', () => {
    expect(selfCheckIn(session, at(0))).toEqual({ ok: true, status: 'present' });
    expect(selfCheckIn(session, new Date(start - 1))).toEqual({ ok: false, reason: 'not_open' });
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

describe('the session QR: a check-in URL on the site, read back from whatever was scanned or typed', () => {
  const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
  const origin = fc.constantFrom('http://127.0.0.1:3000', 'http://localhost', 'https://localhost:8443', 'http://[::1]:3000/');

  it('encodes the code GJS1:<token> in /checkin?t=…', () => {
    expect(checkInCode('abc_-9')).toBe('GJS1:abc_-9');
    expect(checkInPath('abc_-9')).toBe('/checkin?t=GJS1%3Aabc_-9');
    expect(checkInUrl('http://127.0.0.1:3000', 'Zx8_q-1')).toBe('http://127.0.0.1:3000/checkin?t=GJS1%3AZx8_q-1');
    expect(checkInUrl('https://localhost:8443/', 'a')).toBe('https://localhost:8443/checkin?t=GJS1%3Aa');
  });

  it('reads the code, the bare token and the URL (encoded or not, relative, with extra parameters)', () => {
    const code = 'GJS1:Ab3_x-Yz09';
    for (const raw of [
      code,
      `  ${code}\n`,
      'gjs1:Ab3_x-Yz09',
      'Ab3_x-Yz09',
      'http://127.0.0.1:3000/checkin?t=GJS1%3AAb3_x-Yz09',
      'HTTPS://localhost/checkin/?t=GJS1:Ab3_x-Yz09#top',
      'https://localhost/app/checkin?lang=en&t=GJS1%3aAb3_x-Yz09&x=1',
      'http://localhost/checkin?t=Ab3_x-Yz09',
      '/checkin?t=GJS1%3AAb3_x-Yz09',
    ])
      expect(parseCheckInCode(raw), raw).toBe(code);
  });

  it('junk is null: other pages, no t, a URL inside t, bad escapes, text that is no token', () => {
    for (const raw of [
      '',
      '   ',
      'GJS1:',
      'GJS1:has space',
      'GJS1:a/b',
      '签到码',
      'hello world',
      'http://localhost/verify/abc',
      'http://localhost/checkins?t=GJS1%3Aabc',
      'http://localhost/checkin',
      'http://localhost/checkin?token=GJS1%3Aabc',
      'http://localhost/checkin?t=',
      'http://localhost/checkin?t=%E0%A4%A',
      'http://localhost/checkin?t=http%3A%2F%2Flocalhost%2Fcheckin%3Ft%3Dabc',
      'ftp://localhost/checkin?t=GJS1%3Aabc',
      'javascript:alert(1)',
      '//localhost/checkin?t=abc',
    ])
      expect(parseCheckInCode(raw), raw).toBeNull();
  });

  it('round trip: any token → URL (or code, or path) → parsed back equals the code', () => {
    fc.assert(
      fc.property(origin, token, (o, t) => {
        expect(parseCheckInCode(checkInUrl(o, t))).toBe(checkInCode(t));
        expect(parseCheckInCode(checkInPath(t))).toBe(checkInCode(t));
        expect(parseCheckInCode(checkInCode(t))).toBe(checkInCode(t));
        expect(parseCheckInCode(t)).toBe(checkInCode(t));
      }),
    );
  });

  it('never throws, and anything it accepts is a well-formed code that parses to itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true })), (raw) => {
        const code = parseCheckInCode(raw);
        if (code !== null) {
          expect(code).toMatch(/^GJS1:[A-Za-z0-9_-]+(\.\d+\.[A-Za-z0-9_-]+)?$/);
          expect(parseCheckInCode(code)).toBe(code);
        }
      }),
    );
  });

  it('a web URL is accepted only when its path ends in /checkin', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), token, (url, t) => {
        const withT = `${url}${url.includes('?') ? '&' : '?'}t=${encodeURIComponent(checkInCode(t))}`;
        const path = /^https?:\/\/[^/?#]+(\/[^?#]*)?/.exec(url)?.[1] ?? '';
        const isCheckin = /\/checkin\/?$/.test(path);
        if (!isCheckin) expect(parseCheckInCode(withT)).toBeNull();
      }),
    );
  });
});

describe('class codes that expire (issue 17): the token carries its window and mac', () => {
  it('parses the timed token in every form the bare token had', () => {
    const timed = 'AbC_-123.58912345.k3J9xQ-_';
    expect(parseCheckInCode(checkInUrl('https://x.example', timed))).toBe(`GJS1:${timed}`);
    expect(parseCheckInCode(`GJS1:${timed}`)).toBe(`GJS1:${timed}`);
    expect(parseCheckInCode(timed)).toBe(`GJS1:${timed}`);
    for (const bad of ['tok.123', 'tok..abc', 'tok.12a.abc', 'tok.1.a.b']) expect(parseCheckInCode(bad)).toBeNull();
  });
});

describe('admission ticket codes (GJT1) and the ticket QR link', () => {
  const code = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);

  it('the link, GJT1:<code> and the bare code all give the code back', () => {
    fc.assert(
      fc.property(code, (c) => {
        const url = ticketCheckInUrl('https://gongjiang.example.org/', c);
        expect(url).toBe(`https://gongjiang.example.org/manage/check-in?code=GJT1%3A${c}`);
        expect(parseTicketCode(url)).toBe(c);
        expect(parseTicketCode(` ${ticketCode(c)}\n`)).toBe(c);
        expect(parseTicketCode(c)).toBe(c);
        expect(parseTicketCode(`/manage/check-in/?event=3&code=${encodeURIComponent(ticketCode(c))}`)).toBe(c);
      }),
    );
  });

  it('refuses other pages, a link without its code and text that is no code', () => {
    for (const raw of ['', '签到 码', 'GJT1:', 'https://x.example/manage/check-in', 'https://x.example/verify/abc', 'https://x.example/checkin?code=abc', 'https://x.example/manage/check-in?code=%E0%A4%A'])
      expect(parseTicketCode(raw)).toBeNull();
  });
});
