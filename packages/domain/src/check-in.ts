/**
 * Self check-in at a training session by scanning the session's QR code (domain.md § Promotions,
 * Training: attendance counts present or late).
 *
 * The code works from the session's start until it ends (domain.md § Contests, Time: no attendance
 * for a session that has not begun — timing.ts tooEarly('attendance')); a scan up to and including
 * 15 minutes after the start is `present`, later is `late` (house rule, documented in the API).
 */
import { tooEarly } from './timing';
import type { AttendanceStatus } from './types';

export const LATE_AFTER_MINUTES = 15;

const MINUTE = 60_000;

export type SelfCheckIn =
  { ok: true; status: Extract<AttendanceStatus, 'present' | 'late'> } | { ok: false; reason: 'not_open' | 'closed' };

export function selfCheckIn(session: { startsAt: string | Date; endsAt: string | Date }, at: Date): SelfCheckIn {
  const start = new Date(session.startsAt).getTime();
  const end = new Date(session.endsAt).getTime();
  const t = at.getTime();
  if (tooEarly('attendance', { sessionStartsAt: session.startsAt }, at) !== null) return { ok: false, reason: 'not_open' };
  if (t > end) return { ok: false, reason: 'closed' };
  return { ok: true, status: t - start > LATE_AFTER_MINUTES * MINUTE ? 'late' : 'present' };
}

/**
 * What a scan records over an earlier record: a re-scan keeps an earlier present or late (the
 * first arrival counts); a scan replaces absent or excused, since the worker is evidently there.
 */
export function attendanceAfterScan(previous: AttendanceStatus | null, scanned: 'present' | 'late'): AttendanceStatus {
  return previous === 'present' || previous === 'late' ? previous : scanned;
}

/** The typed form of a session's check-in code: `GJS1:<token>` (what is printed beside the QR). */
export const CHECK_IN_CODE_PREFIX = 'GJS1:';
/** The web page that checks a worker in: `/checkin?t=<code>`. */
export const CHECK_IN_PATH = '/checkin';

/**
 * Session tokens are base64url (crypto.randomBytes(…).toString('base64url')). Since codes expire (issue 17) the token a
 * QR carries is followed by `.<window>.<mac>`: the 30-second window it was drawn for and the server's HMAC of it
 * (apps/api services/check-in-codes.ts); a bare token still parses, and the API answers that it has expired.
 */
const TOKEN = /^[A-Za-z0-9_-]{1,190}(?:\.\d{1,15}\.[A-Za-z0-9_-]{1,64})?$/;
const PREFIX = /^GJS1:/i;

export function checkInCode(token: string): string {
  return `${CHECK_IN_CODE_PREFIX}${token}`;
}

/** The path a session QR points at, relative to the site: `/checkin?t=GJS1%3A<token>`. */
export function checkInPath(token: string): string {
  return `${CHECK_IN_PATH}?t=${encodeURIComponent(checkInCode(token))}`;
}

/**
 * What a session QR encodes: an address on the site's own origin, so that any phone camera opens
 * the check-in page (a bare `GJS1:…` string only shows as text). `origin` is `scheme://host[:port]`.
 */
export function checkInUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}${checkInPath(token)}`;
}

/** The code or bare token (not a URL) → `GJS1:<token>`, or null. */
function codeOf(s: string): string | null {
  const token = PREFIX.test(s) ? s.slice(CHECK_IN_CODE_PREFIX.length) : s;
  return TOKEN.test(token) ? checkInCode(token) : null;
}

/**
 * Reads whatever a worker scanned, typed or pasted — the code `GJS1:<token>`, the bare token, or the
 * check-in URL (`http(s)://<any host>/…/checkin?t=<code>`, or the path alone) — and returns the code
 * `GJS1:<token>`; null for anything else (other pages, a URL without `t`, text that is no token).
 * The host is not checked: the token alone identifies the session, and the API decides whether it is real.
 */
export function parseCheckInCode(raw: string): string | null {
  const s = raw.trim();
  if (!s) return null;
  if (!/^(https?:\/\/|\/)/i.test(s)) return codeOf(s);
  const t = urlParam(s, CHECK_IN_PATH, 't');
  return t === null ? null : codeOf(t.trim());
}

/**
 * The value of `name` in a URL (`http(s)://<any host>/…<path>?…`, or the path alone) whose path ends in `path`; null
 * for another page, a URL without it, or text that is no URL. The host is not checked: the code alone identifies.
 */
function urlParam(s: string, path: string, name: string): string | null {
  // scheme://authority (optional) · path · ?query · #fragment — by hand: the domain has no URL global
  const parts = /^(?:https?:\/\/[^/?#\s]+)?(\/[^?#\s]*)(?:\?([^#\s]*))?(?:#\S*)?$/i.exec(s);
  // non-empty segments ending in `path`, a trailing slash allowed (`//host/…` is no path of ours)
  const ours = new RegExp(`^(?:/[^/]+)*${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?$`);
  if (!parts || !ours.test(parts[1]!)) return null;
  return queryParam(parts[2] ?? '', name);
}

/** What an admission ticket's QR and printed code start with: `GJT1:<ticket code>`. */
export const TICKET_CODE_PREFIX = 'GJT1:';
/** The venue check-in page a ticket QR opens on a staff phone: `/manage/check-in?code=GJT1%3A<ticket code>`. */
export const TICKET_CHECK_IN_PATH = '/manage/check-in';
const TICKET = /^[A-Za-z0-9_-]{1,190}$/;
const TICKET_PREFIX = /^GJT1:/i;

/** The typed form of a ticket: `GJT1:<ticket code>`. */
export function ticketCode(code: string): string {
  return `${TICKET_CODE_PREFIX}${code}`;
}

/**
 * What an admission ticket's QR encodes since issue 17: the venue check-in page on the site's own origin, so that
 * any staff phone's camera opens it (`origin` is `scheme://host[:port]`).
 */
export function ticketCheckInUrl(origin: string, code: string): string {
  return `${origin.replace(/\/+$/, '')}${TICKET_CHECK_IN_PATH}?code=${encodeURIComponent(ticketCode(code))}`;
}

/**
 * Reads whatever a scanner, a camera or a person gave for a ticket — the check-in URL (…/manage/check-in?code=…), the
 * code `GJT1:<ticket code>` (the QR of tickets printed before issue 17) or the bare ticket code — and returns the bare
 * ticket code; null for anything else (another page, a URL without `code`, text that is no ticket code).
 */
export function parseTicketCode(raw: string): string | null {
  let s = raw.trim();
  if (/^(https?:\/\/|\/)/i.test(s)) s = urlParam(s, TICKET_CHECK_IN_PATH, 'code')?.trim() ?? '';
  const code = TICKET_PREFIX.test(s) ? s.slice(TICKET_CODE_PREFIX.length) : s;
  return TICKET.test(code) ? code : null;
}

/** The first value of `name` in a query string (form-decoded), or null when absent or malformed. */
function queryParam(query: string, name: string): string | null {
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key !== name) continue;
    try {
      return decodeURIComponent((eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '));
    } catch {
      return null;
    }
  }
  return null;
}
