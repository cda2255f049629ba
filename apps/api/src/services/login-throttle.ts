import type { Database } from '../data/database';
import { clearFailuresOfPhone, insertFailure, nthFailureOfAddress, pruneFailures, recentFailureTimes } from '../data/repos/login-failures';
import { tooManyRequests } from '../lib/errors';

/** api-contract.md § Identity and sessions: 5 wrong passwords for one phone within 15 minutes lock it for 15 minutes. */
export const WINDOW_MS = 15 * 60 * 1000;
export const PHONE_MAX_FAILURES = 5;
/** A factory's workers share one address: only a flood of failures from it throttles the address. */
export const ADDRESS_MAX_FAILURES = 100;
/** Failures older than this count for nothing any more. */
const KEEP_MS = 60 * 60 * 1000;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Failed password logins counted in the database (login_failures), so the state survives a restart and every API
 * process shares it. Per phone: locked while the last PHONE_MAX_FAILURES failures fell within WINDOW_MS, until
 * WINDOW_MS after the last of them (attempts while locked are refused unchecked and not counted). Per address: refused
 * while ADDRESS_MAX_FAILURES failures from it fell within the last WINDOW_MS. Successful logins are never counted.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Database,
    private readonly clock: () => number = Date.now,
  ) {}

  /** 429 LOGIN_LOCKED (the phone) or RATE_LIMITED (the address) with retryAfter, or nothing when the attempt may go on. */
  async assertAllowed(phone: string, address: string): Promise<void> {
    const now = this.clock();
    const last = await recentFailureTimes(this.db.read, phone, PHONE_MAX_FAILURES);
    if (last.length === PHONE_MAX_FAILURES) {
      const newest = last[0] as number;
      const oldest = last[PHONE_MAX_FAILURES - 1] as number;
      if (newest - oldest < WINDOW_MS && now < newest + WINDOW_MS) {
        const retryAfter = seconds(newest + WINDOW_MS - now);
        throw tooManyRequests('LOGIN_LOCKED', retryAfter, { minutes: Math.ceil(retryAfter / 60) });
      }
    }
    const nth = await nthFailureOfAddress(this.db.read, address, new Date(now - WINDOW_MS).toISOString(), ADDRESS_MAX_FAILURES);
    if (nth != null) throw tooManyRequests('RATE_LIMITED', seconds(nth + WINDOW_MS - now));
  }

  // The failures are a log (inserts and deletes, no row read and rewritten): their transactions have no lock root.
  async fail(phone: string, address: string): Promise<void> {
    const at = new Date(this.clock()).toISOString();
    await this.db.tx((t) => insertFailure(t, phone.slice(0, 64), address, at));
  }

  /** A right password: the phone's earlier failures are forgiven (no write when there were none). */
  async succeed(phone: string): Promise<void> {
    if ((await recentFailureTimes(this.db.read, phone, 1)).length) await this.db.tx((t) => clearFailuresOfPhone(t, phone));
  }

  async prune(): Promise<void> {
    const cutoff = new Date(this.clock() - KEEP_MS).toISOString();
    await this.db.tx((t) => pruneFailures(t, cutoff));
  }
}
