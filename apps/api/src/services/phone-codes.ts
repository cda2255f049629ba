import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { writeTx, type Db } from '../db';
import type { CodePurpose } from '../db/schema';
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

interface CodeRow {
  id: number;
  codeHash: string;
  expiresAt: string;
  attempts: number;
  usedAt: string | null;
  sent: number;
}

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
  private readonly latest;
  private readonly sameHashBefore;
  private readonly recentOfPhone;
  private readonly nthOfAddress;
  private readonly accountOf;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    serverSecret: string,
    readonly sender: SmsSender,
    private readonly log: FastifyBaseLogger,
    private readonly clock: () => number = Date.now,
  ) {
    // a key of its own, derived from the server secret: a leaked code table says nothing about the JWT key and back
    this.key = crypto.createHmac('sha256', serverSecret).update('gongjiang phone codes v1').digest();
    const c = db.$client;
    this.latest = c.prepare<[string, string], CodeRow>(
      `select id, code_hash as codeHash, expires_at as expiresAt, attempts, used_at as usedAt, sent
         from phone_codes where phone = ? and purpose = ? order by id desc limit 1`,
    );
    this.sameHashBefore = c.prepare<[string, string, string, number], { id: number }>(
      'select id from phone_codes where phone = ? and purpose = ? and code_hash = ? and id < ? limit 1',
    );
    this.recentOfPhone = c.prepare<[string], { at: string }>(
      `select created_at as at from phone_codes where phone = ? and purpose in ('signup', 'reset') order by id desc limit ${PER_HOUR}`,
    );
    this.nthOfAddress = c.prepare<[string, string], { at: string }>(
      `select created_at as at from phone_codes where requested_from = ? and created_at > ? order by created_at desc limit 1 offset ${ADDRESS_PER_HOUR - 1}`,
    );
    this.accountOf = c.prepare<[string], { id: number }>('select id from users where phone = ?');
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
   * code for a registered phone or a reset code for an unknown one is recorded (it counts for the rate limits like any
   * other) but never sent, and sending happens after the answer, so the time taken does not tell either.
   */
  request(phone: string, purpose: 'signup' | 'reset', address: string): void {
    if (!this.verifiesPhones) throw conflict('SMS_DISABLED');
    const now = this.clock();
    this.assertWithinLimits(phone, address, now);
    const hasAccount = !!this.accountOf.get(phone);
    const deliver = purpose === 'signup' ? !hasAccount : hasAccount;
    const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
    const at = new Date(now).toISOString();
    writeTx(this.db, () =>
      this.db.$client
        .prepare(
          `insert into phone_codes (phone, purpose, code_hash, expires_at, sent, requested_from, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(phone, purpose, this.hash(phone, purpose, code), new Date(now + CODE_TTL_MS).toISOString(), deliver ? 1 : 0, address, at, at),
    );
    if (deliver) this.deliver({ to: phone, purpose, code, text: smsText(purpose, code), at });
  }

  private assertWithinLimits(phone: string, address: string, now: number): void {
    let wait = 0;
    const recent = this.recentOfPhone.all(phone).map((r) => Date.parse(r.at));
    if (recent.length && now - (recent[0] as number) < PER_MINUTE_MS) wait = (recent[0] as number) + PER_MINUTE_MS - now;
    if (recent.length === PER_HOUR && now - (recent[PER_HOUR - 1] as number) < HOUR_MS)
      wait = Math.max(wait, (recent[PER_HOUR - 1] as number) + HOUR_MS - now);
    const nth = this.nthOfAddress.get(address, new Date(now - HOUR_MS).toISOString());
    if (nth) wait = Math.max(wait, Date.parse(nth.at) + HOUR_MS - now);
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
   * all in one write transaction, so a refusal by `then` (e.g. PHONE_TAKEN) leaves the code unused and nothing written.
   * A wrong code counts against the newest one (5 and it is void); that count is committed even though the request
   * is refused: the transaction returns the refusal rather than throwing it.
   */
  useCode<T>(phone: string, purpose: CodePurpose, code: string, then: () => T): T {
    const outcome = writeTx(this.db, (): { bad: BadCodeReason } | { value: T } => {
      const bad = this.check(phone, purpose, code);
      return bad ? { bad } : { value: then() };
    });
    if ('bad' in outcome) throw badCode(outcome.bad);
    return outcome.value;
  }

  private check(phone: string, purpose: CodePurpose, code: string): BadCodeReason | null {
    const row = this.latest.get(phone, purpose);
    if (!row) return 'wrong';
    const now = new Date(this.clock()).toISOString();
    const given = this.hash(phone, purpose, code);
    const live = !row.usedAt && row.attempts < MAX_ATTEMPTS && row.expiresAt > now;
    if (crypto.timingSafeEqual(Buffer.from(given), Buffer.from(row.codeHash))) {
      if (row.usedAt) return 'used';
      if (row.attempts >= MAX_ATTEMPTS) return 'voided';
      if (row.expiresAt <= now) return 'expired';
      if (!row.sent) return 'wrong';
      this.db.$client.prepare('update phone_codes set used_at = ?, updated_at = ? where id = ?').run(now, now, row.id);
      return null;
    }
    if (this.sameHashBefore.get(phone, purpose, given, row.id)) return 'superseded';
    if (!live) return 'wrong';
    this.db.$client.prepare('update phone_codes set attempts = attempts + 1, updated_at = ? where id = ?').run(now, row.id);
    return row.attempts + 1 >= MAX_ATTEMPTS ? 'voided' : 'wrong';
  }

  /**
   * POST /api/users/:id/reset-code: a one-time reset code for the account's phone, shown once to the organizer who
   * hands it over at the counter; a newer one voids it. Call inside the caller's write transaction (with its audit).
   */
  counterCode(phone: string, actorId: number): { code: string; expiresAt: string } {
    const now = this.clock();
    const code = String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');
    const expiresAt = new Date(now + COUNTER_CODE_TTL_MS).toISOString();
    const at = new Date(now).toISOString();
    this.db.$client
      .prepare(
        `insert into phone_codes (phone, purpose, code_hash, expires_at, sent, created_by, created_at, updated_at)
         values (?, 'counter', ?, ?, 1, ?, ?, ?)`,
      )
      .run(phone, this.hash(phone, 'counter', code), expiresAt, actorId, at, at);
    return { code, expiresAt };
  }

  prune(): void {
    const cutoff = new Date(this.clock() - KEEP_MS).toISOString();
    writeTx(this.db, () => this.db.$client.prepare('delete from phone_codes where created_at < ?').run(cutoff));
  }
}
