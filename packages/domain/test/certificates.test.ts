import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  certificateNoRange,
  formatCertificateNo,
  MAX_CERTIFICATE_SEQUENCE,
  nextCertificateNo,
  parseCertificateNo,
  verificationPath,
} from '../src/index';

const year = fc.integer({ min: 2000, max: 2099 });
const sequence = fc.integer({ min: 1, max: MAX_CERTIFICATE_SEQUENCE });

describe('certificate numbers GJ-<year>-<6 digits>', () => {
  it('formats like GJ-2026-000123 and parses back', () => {
    expect(formatCertificateNo(2026, 123)).toBe('GJ-2026-000123');
    expect(parseCertificateNo('GJ-2026-000123')).toEqual({ year: 2026, sequence: 123 });
    fc.assert(
      fc.property(year, sequence, (y, s) => {
        expect(parseCertificateNo(formatCertificateNo(y, s))).toEqual({ year: y, sequence: s });
      }),
    );
  });

  it('text order is issue order within a year (the newest number is the last in the index)', () => {
    fc.assert(
      fc.property(year, sequence, sequence, (y, a, b) => {
        const [x, z] = [formatCertificateNo(y, a), formatCertificateNo(y, b)];
        expect(Math.sign(x.localeCompare(z, 'en'))).toBe(Math.sign(a - b));
        const { from, to } = certificateNoRange(y);
        expect(x >= from && x <= to).toBe(true);
      }),
    );
  });

  it('the next number follows the last of the same year, and a new year starts at 1', () => {
    expect(nextCertificateNo(2026, null)).toBe('GJ-2026-000001');
    expect(nextCertificateNo(2026, 'GJ-2026-000041')).toBe('GJ-2026-000042');
    expect(nextCertificateNo(2027, 'GJ-2026-000041')).toBe('GJ-2027-000001');
    fc.assert(
      fc.property(year, fc.integer({ min: 1, max: MAX_CERTIFICATE_SEQUENCE - 1 }), (y, s) => {
        expect(parseCertificateNo(nextCertificateNo(y, formatCertificateNo(y, s)))).toEqual({ year: y, sequence: s + 1 });
      }),
    );
  });

  it('rejects what is not one of ours, and refuses sequences out of range', () => {
    for (const bad of ['', 'GJ-2026-123', 'GJ-2026-000000', 'gj-2026-000001', 'GJ-2026-0000001', 'XX-2026-000001'])
      expect(parseCertificateNo(bad)).toBeNull();
    expect(() => formatCertificateNo(2026, 0)).toThrow(RangeError);
    expect(() => formatCertificateNo(2026, MAX_CERTIFICATE_SEQUENCE + 1)).toThrow(RangeError);
    expect(() => formatCertificateNo(2026, 1.5)).toThrow(RangeError);
  });

  it('the verification path escapes the code', () => {
    expect(verificationPath('abc_-9')).toBe('/verify/abc_-9');
    expect(verificationPath('a/b?c')).toBe('/verify/a%2Fb%3Fc');
  });
});
