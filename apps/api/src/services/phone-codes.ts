import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Handle, Tx } from '../data/database';
import { phoneAccount } from '../data/repos/accounts';
import {
  countWrongTry,
  hashUsedBefore,
  insertCode,
  latestCode,
  nthCodeOfAddress,
  pruneCodes,
  recentSmsCodeTimes,
  useCodeRow,
} from '../data/repos/phone-codes';
import type { CodePurpose } from '../data/schema';
import { AppError, conflict, tooManyRequests } from '../lib/errors';
import type { SmsMessage, SmsSender } from './sms';

/** api-contract.md § Identity and sessions: 6 digits, valid 10 minutes, single use, void after 5 wrong tries. */
export const CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_ATTEMPTS = 5;
/** An organizer's counter code: 8 digits (it lives longer, so it is harder to guess), valid 24 hours. */
export const COUNTER_CODE_TTL_MS = 24 * 3600 * 1000;
/** Per phone: 1 a minute, 10 an hour (api-contract.md). */
const PER_MINUTE_MS = 60 * 1000;
const PER_HOUR = 10;
/**
 * Per client address, against SMS pumping (a script making the platform text premium numbers at the union's cost):
 * 300 an hour. A factory signs its workers up together behind one address — a few dozen in a break, a few hundred
 * in a registration drive — and that still fits; a pump is held to 300 messages an hour.
 */
export const ADDRESS_PER_HOUR = 300;
const HOUR_MS = 3600 * 1000;
/** Codes are kept a week (the answers "already used" and "expired" need them), then pruned. */
const KEEP_MS = 7 * 24 * 3600 * 1000;

export type BadCodeReason = 'wrong' | 'expired' | 'used' | 'voided' | 'superseded';

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** 400 BAD_CODE saying which: wrong, expired, already used, voided after too many tries, replaced by a newer code. */
export const badCode = (reason: BadCodeReason) => new AppError(400, 'BAD_CODE', { reason }, undefined, { reason });

const PURPOSE_ZH = { signup: '注册账号', reset: '重置密码' } as const;

/** The text of the message: Chinese, with the platform's name and how long the code is good for. */
export function smsText(purpose: 'signup' | 'reset', code: string): string {
  const tail = purpose === 'signup' ? '请勿告诉他人。' : '如非本人操作，请忽略本短信。';
  return `【工匠】验证码 ${code}，${CODE_TTL_MS / 60000}分钟内有效，用于${PURPOSE_ZH[purpose]}。${tail}`;
}

/**
 * One-time codes for a phone (phone_codes): sending them through the configured SmsSender, checking them, and the
 * organizer's counter codes. Stored as HMAC-SHA256(key, phone:purpose:code); only the newest code of a phone and
 * purpose is good (a new one voids the older), so checking reads one row.
 */
export class PhoneCodesService {
  private readonly key: Buffer;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    serverSecret: string,
    readonly sender: SmsSender,
    private readonly log: FastifyBaseLogger,
    private readonly clock: () => number = Date.now,
  ) {
    // a key of its own, derived from the server secret: a leaked code table says nothing about the JWT key and back
    this.key = crypto.createHmac('sha256', serverSecret).update('gongjiang phone codes v1').digest();
  }

  /** Whether sign-up needs a code (every sender but `none`). */
  get verifiesPhones(): boolean {
    return this.sender.kind !== 'none';
  }

  private hash(phone: string, purpose: CodePurpose, code: string): string {
    return crypto.createHmac('sha256', this.key).update(`${phone}:${purpose}:${code}`).digest('hex');
  }

  /**
   * POST /api/auth/codes. Always the same outcome for the caller whether or not the phone has an account: a sign-up
   * code for a phone whose account is claimed (has a password) or a reset code for an unknown one is recorded (it counts for the rate limits like any
   * other) but never sent, and sending happens after the answer (after the commit), so the time taken does not tell
   * either. The codes are a log of requests (inserted, never read and rewritten here): no lock root.
   */
  async request(phone: string, purpose: 'signup' | 'reset', address: string): Promise<void> {
    if (!this.verifiesPhones) throw conflict('SMS_DISABLED');
    const now = this.clock();
    const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
    const at = new Date(now).toISOString();
    await this.db.tx(async (t) => {
      await this.assertWithinLimits(t, phone, address, now);
      // a roster-imported account nobody has claimed yet is claimed by signing up (or resetting) with its phone
      const account = await phoneAccount(t, phone);
      const deliver = purpose === 'signup' ? account !== 'claimed' : account !== 'none';
      const codeHash = this.hash(phone, purpose, code);
      await insertCode(t, {
        phone,
        purpose,
        codeHash,
        expiresAt: new Date(now + CODE_TTL_MS).toISOString(),
        sent: deliver,
        requestedFrom: address,
        at,
      });
      if (deliver) t.afterCommit(() => this.deliver({ to: phone, purpose, code, text: smsText(purpose, code), at }));
    });
  }

  private async assertWithinLimits(h: Handle, phone: string, address: string, now: number): Promise<void> {
    let wait = 0;
    const recent = await recentSmsCodeTimes(h, phone, PER_HOUR);
    if (recent.length && now - (recent[0] as number) < PER_MINUTE_MS) wait = (recent[0] as number) + PER_MINUTE_MS - now;
    if (recent.length === PER_HOUR && now - (recent[PER_HOUR - 1] as number) < HOUR_MS)
      wait = Math.max(wait, (recent[PER_HOUR - 1] as number) + HOUR_MS - now);
    const nth = await nthCodeOfAddress(h, address, new Date(now - HOUR_MS).toISOString(), ADDRESS_PER_HOUR);
    if (nth != null) wait = Math.max(wait, nth + HOUR_MS - now);
    if (wait > 0) throw tooManyRequests('RATE_LIMITED', seconds(wait));
  }

  /** Sends in the background; a failure is logged (never shown to the caller, who must not learn whether it was sent). */
  private deliver(message: SmsMessage): void {
    const sending = this.sender
      .send(message)
      .catch((err: unknown) =>
        this.log.error({ err, to: `${message.to.slice(0, 3)}****${message.to.slice(7)}` }, `SMS (${this.sender.kind}) not delivered`),
      )
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  /** Resolves when the messages handed to the sender so far are sent or have failed (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /**
   * Checks `code` against the newest code of the phone for `purpose` and, when good, marks it used and runs `then` —
   * all in one transaction, so a refusal by `then` (e.g. PHONE_TAKEN) leaves the code unused and nothing written.
   * A wrong code counts against the newest one (5 and it is void); that count is committed even though the request
   * is refused: the transaction returns the refusal rather than throwing it. Marking used and counting are
   * conditional updates of the code's row, so two requests with one code at once cannot both use it.
   */
  async useCode<T>(phone: string, purpose: CodePurpose, code: string, then: (t: Tx) => Promise<T>): Promise<T> {
    const outcome = await this.db.tx(async (t): Promise<{ bad: BadCodeReason } | { value: T }> => {
      const bad = await this.check(t, phone, purpose, code);
      return bad ? { bad } : { value: await then(t) };
    });
    if ('bad' in outcome) throw badCode(outcome.bad);
    return outcome.value;
  }

  private async check(t: Tx, phone: string, purpose: CodePurpose, code: string): Promise<BadCodeReason | null> {
    const row = await latestCode(t, phone, purpose);
    if (!row) return 'wrong';
    const now = new Date(this.clock()).toISOString();
    const given = this.hash(phone, purpose, code);
    const live = !row.usedAt && row.attempts < MAX_ATTEMPTS && row.expiresAt > now;
    if (crypto.timingSafeEqual(Buffer.from(given), Buffer.from(row.codeHash))) {
      if (row.usedAt) return 'used';
      if (row.attempts >= MAX_ATTEMPTS) return 'voided';
      if (row.expiresAt <= now) return 'expired';
      if (!row.sent) return 'wrong';
      return (await useCodeRow(t, row.id, now)) ? null : 'used';
    }
    if (await hashUsedBefore(t, phone, purpose, given, row.id)) return 'superseded';
    if (!live) return 'wrong';
    return (await countWrongTry(t, row.id, now)) >= MAX_ATTEMPTS ? 'voided' : 'wrong';
  }

  /**
   * POST /api/users/:id/reset-code: a one-time reset code for the account's phone, shown once to the organizer who
   * hands it over at the counter; a newer one voids it. Inside the caller's transaction (with its audit).
   */
  async counterCode(t: Tx, phone: string, actorId: number): Promise<{ code: string; expiresAt: string }> {
    const now = this.clock();
    const code = String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');
    const expiresAt = new Date(now + COUNTER_CODE_TTL_MS).toISOString();
    const at = new Date(now).toISOString();
    await insertCode(t, {
      phone,
      purpose: 'counter',
      codeHash: this.hash(phone, 'counter', code),
      expiresAt,
      sent: true,
      createdBy: actorId,
      at,
    });
    return { code, expiresAt };
  }

  async prune(): Promise<void> {
    const cutoff = new Date(this.clock() - KEEP_MS).toISOString();
    await this.db.tx((t) => pruneCodes(t, cutoff));
  }
}
