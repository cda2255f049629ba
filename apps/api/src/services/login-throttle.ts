import { writeTx, type Db } from '../db';
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
  private readonly lastOfPhone;
  private readonly nthOfAddress;
  private readonly insert;
  private readonly clearPhone;

  constructor(
    private readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {
    const c = db.$client;
    this.lastOfPhone = c.prepare<[string], { at: string }>(
      `select created_at as at from login_failures where phone = ? order by created_at desc limit ${PHONE_MAX_FAILURES}`,
    );
    this.nthOfAddress = c.prepare<[string, string], { at: string }>(
      `select created_at as at from login_failures where address = ? and created_at > ? order by created_at desc limit 1 offset ${ADDRESS_MAX_FAILURES - 1}`,
    );
    this.insert = c.prepare<[string, string, string, string]>(
      'insert into login_failures (phone, address, created_at, updated_at) values (?, ?, ?, ?)',
    );
    this.clearPhone = c.prepare<[string]>('delete from login_failures where phone = ?');
  }

  /** 429 LOGIN_LOCKED (the phone) or RATE_LIMITED (the address) with retryAfter, or nothing when the attempt may go on. */
  assertAllowed(phone: string, address: string): void {
    const now = this.clock();
    const last = this.lastOfPhone.all(phone).map((r) => Date.parse(r.at));
    if (last.length === PHONE_MAX_FAILURES) {
      const newest = last[0] as number;
      const oldest = last[PHONE_MAX_FAILURES - 1] as number;
      if (newest - oldest < WINDOW_MS && now < newest + WINDOW_MS) {
        const retryAfter = seconds(newest + WINDOW_MS - now);
        throw tooManyRequests('LOGIN_LOCKED', retryAfter, { minutes: Math.ceil(retryAfter / 60) });
      }
    }
    const nth = this.nthOfAddress.get(address, new Date(now - WINDOW_MS).toISOString());
    if (nth) throw tooManyRequests('RATE_LIMITED', seconds(Date.parse(nth.at) + WINDOW_MS - now));
  }

  fail(phone: string, address: string): void {
    const at = new Date(this.clock()).toISOString();
    writeTx(this.db, () => this.insert.run(phone.slice(0, 64), address, at, at));
  }

  /** A right password: the phone's earlier failures are forgiven (no write when there were none). */
  succeed(phone: string): void {
    if (this.lastOfPhone.all(phone).length) writeTx(this.db, () => this.clearPhone.run(phone));
  }

  prune(): void {
    const cutoff = new Date(this.clock() - KEEP_MS).toISOString();
    writeTx(this.db, () => this.db.$client.prepare('delete from login_failures where created_at < ?').run(cutoff));
  }
}
