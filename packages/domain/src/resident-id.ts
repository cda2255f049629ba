/** 居民身份证号 GB 11643-1999 (domain.md § Resident ID). */
import { beijingDate } from './calendar';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type ResidentIdProblem = 'format' | 'birthDate' | 'checksum';

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] as string;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** null when valid; otherwise what is wrong. Lower-case x is accepted as X. */
export function residentIdProblem(raw: string, today: Date = new Date()): ResidentIdProblem | null {
  const id = normalizeResidentId(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || !validDate(y, m, d)) return 'birthDate';
  // Born "today" is fine; compare Beijing calendar dates, not UTC instants.
  if (id.slice(6, 14) > beijingDate(today).replaceAll('-', '')) return 'birthDate';
  if (residentIdCheckChar(id) !== id[17]) return 'checksum';
  return null;
}

export function isValidResidentId(raw: string, today?: Date): boolean {
  return residentIdProblem(raw, today) === null;
}

export function normalizeResidentId(raw: string): string {
  // people type or paste IDs in groups (3202 0219 9001 0112 34), with full-width spaces from a Chinese IME, or a hyphen
  return raw.replace(/[\s\u3000-]/g, '').toUpperCase();
}

/** Birth date as YYYY-MM-DD (assumes a valid id). */
export function birthDateFromResidentId(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Odd sequence digit = male. */
export function genderFromResidentId(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/**
 * Completed years of age on `on` (birthday counts on the day). `on` is a YYYY-MM-DD date or an
 * instant (Date or ISO timestamp), read as its Beijing-time date
 * (a contest starting 2026-05-01T00:00+08:00 is on 1 May).
 * Someone born on 29 February turns a year older on 1 March in common years.
 */
export function ageOn(birthDate: string, on: Date | string): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const day = typeof on === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(on) ? on : beijingDate(new Date(on));
  const [oy, om, od] = day.split('-').map(Number) as [number, number, number];
  let age = oy - y;
  const beforeBirthday = om < m || (om === m && od < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/** Masked for every view but the worker's own profile: 320202********1234. */
export function maskResidentId(id: string | null | undefined): string | null {
  if (!id) return null;
  return `${id.slice(0, 6)}********${id.slice(14)}`;
}

/** Builds a valid id from region, birth date (YYYYMMDD) and 3-digit sequence (for seeding and tests). */
export function makeResidentId(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}
