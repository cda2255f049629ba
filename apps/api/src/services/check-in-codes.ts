import crypto from 'node:crypto';

/** How long one class check-in code is drawn for (the projector shows a new one each window). */
export const WINDOW_SECONDS = 30;
const WINDOW_MS = WINDOW_SECONDS * 1000;

/** The window an instant falls in: whole 30-second steps since the Unix epoch (as TOTP counts them). */
export const windowOf = (at: Date) => Math.floor(at.getTime() / WINDOW_MS);
/** When a window starts. */
export const windowStart = (window: number) => new Date(window * WINDOW_MS);

/** What a scanned code says about time: its window is this one or the one before, it is older, or it is no code of ours. */
export type CodeVerdict = 'valid' | 'expired' | 'forged';

/**
 * Check-in codes of training sessions that expire (issue 17): like TOTP, a code is an HMAC over the session id and a
 * 30-second window number, made with a key derived from the server secret (JWT_SECRET — required in production, shared
 * by every API process — with a label of its own, so a code says nothing about the JWT key). The session's token
 * (unguessable, stored) finds the session; `.<window>.<mac>` after it proves when the code was drawn:
 * `GJS1:<token>.<window>.<mac>`. A code works in its window and the next one (30–60 s: time to scan and tap), then
 * answers 409 CHECK_IN_CODE_EXPIRED, so a screenshot sent to a friend checks nobody in from home.
 */
export class CheckInCodes {
  private readonly key: Buffer;

  constructor(serverSecret: string) {
    this.key = crypto.createHmac('sha256', serverSecret).update('gongjiang session check-in codes v1').digest();
  }

  private mac(sessionId: number, window: number): string {
    // 48 bits: a forgery must be right within a minute, and the caller must be enrolled in the class besides
    return crypto.createHmac('sha256', this.key).update(`${sessionId}:${window}`).digest().subarray(0, 6).toString('base64url');
  }

  /** The token a session's QR carries at `at`: `<token>.<window>.<mac>` (the part after `GJS1:`), and when it changes. */
  tokenAt(session: { id: number; checkInToken: string }, at: Date) {
    const window = windowOf(at);
    return {
      token: `${session.checkInToken}.${window}.${this.mac(session.id, window)}`,
      window,
      /** when the next code is drawn (this one still works for another window after that) */
      changesAt: windowStart(window + 1),
    };
  }

  /**
   * Whether `token` (the part after `GJS1:`, already matched to the session by its first part) works at `now`: made by
   * this server for this session, in the current window or the one before. A bare token (the codes before issue 17,
   * which never changed) and an older window are `expired`; a wrong mac is `forged`. The next window counts as valid
   * too: API processes whose clocks differ by a little must not refuse each other's fresh codes.
   */
  verdict(session: { id: number }, token: string, now: Date): CodeVerdict {
    const [, windowText, mac] = token.split('.');
    if (windowText === undefined || mac === undefined) return 'expired';
    const window = Number(windowText);
    const expected = this.mac(session.id, window);
    if (mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return 'forged';
    const current = windowOf(now);
    if (window > current + 1) return 'forged';
    return window >= current - 1 ? 'valid' : 'expired';
  }
}

/** The session token a scanned token starts with (what finds the session). */
export const sessionTokenOf = (token: string) => token.split('.')[0]!;
