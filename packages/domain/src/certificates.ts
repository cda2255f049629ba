/**
 * Certificates (domain.md § Promotions: "Completion issues a certificate with a verification code";
 * "Every promotion is a record: … certificate number"). Pure formatting rules; the API draws the
 * unguessable verification code from a CSPRNG.
 */

/** Certificate numbers are `GJ-<year>-<sequence>`, the sequence zero-padded to six digits. */
export const CERTIFICATE_PREFIX = 'GJ';
export const CERTIFICATE_SEQUENCE_DIGITS = 6;
export const MAX_CERTIFICATE_SEQUENCE = 10 ** CERTIFICATE_SEQUENCE_DIGITS - 1;

const NUMBER_PATTERN = /^GJ-(\d{4})-(\d{6})$/;

/**
 * `GJ-2026-000123`. The fixed width keeps text order equal to issue order within a year, so the
 * newest number of a year is the last one in the unique index. Outside 1..999999 it throws.
 */
export function formatCertificateNo(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`certificate year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_CERTIFICATE_SEQUENCE)
    throw new RangeError(`certificate sequence ${sequence}`);
  return `${CERTIFICATE_PREFIX}-${year}-${String(sequence).padStart(CERTIFICATE_SEQUENCE_DIGITS, '0')}`;
}

/** The year and sequence of a certificate number, or null when it is not one of ours. */
export function parseCertificateNo(no: string): { year: number; sequence: number } | null {
  const m = NUMBER_PATTERN.exec(no);
  if (!m) return null;
  const sequence = Number(m[2]);
  return sequence >= 1 ? { year: Number(m[1]), sequence } : null;
}

/** The next number of `year`, after the greatest one issued so far that year (null: none yet). */
export function nextCertificateNo(year: number, lastOfYear: string | null): string {
  const last = lastOfYear ? parseCertificateNo(lastOfYear) : null;
  return formatCertificateNo(year, last && last.year === year ? last.sequence + 1 : 1);
}

/** The first and last possible numbers of a year, for an index range scan. */
export function certificateNoRange(year: number): { from: string; to: string } {
  return { from: formatCertificateNo(year, 1), to: formatCertificateNo(year, MAX_CERTIFICATE_SEQUENCE) };
}

/** The public page a certificate's QR code points at. */
export function verificationPath(code: string): string {
  return `/verify/${encodeURIComponent(code)}`;
}
