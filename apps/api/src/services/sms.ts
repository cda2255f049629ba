import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config, SmsSenderKind } from '../config';

/** One text message, and the JSON every sender writes or posts (api-contract.md § Identity and sessions, SMS). */
export interface SmsMessage {
  to: string;
  /** signup/reset: a one-time code; notice: an important notification (services/notifications.ts), `code` empty */
  purpose: 'signup' | 'reset' | 'notice';
  code: string;
  text: string;
  /** ISO 8601 */
  at: string;
}

/** How codes reach phones; chosen by SMS_SENDER. `send` may be slow or fail: callers never wait for it in a request. */
export interface SmsSender {
  readonly kind: SmsSenderKind;
  send(message: SmsMessage): Promise<void>;
}

/** The embedded default: one JSON line per message appended to SMS_OUTBOX_PATH (small appends are atomic across processes). */
export class OutboxSender implements SmsSender {
  readonly kind = 'outbox';
  /** the append before the next one: two appends in flight at once can land in either order */
  private last: Promise<unknown> = Promise.resolve();
  constructor(readonly file: string) {}

  /** Appends in the order messages are handed over, one at a time (the outbox page reads it newest first). */
  send(message: SmsMessage): Promise<void> {
    const append = this.last.then(async () => {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.appendFile(this.file, `${JSON.stringify(message)}\n`, { mode: 0o600 });
    });
    this.last = append.catch(() => undefined);
    return append;
  }

  /**
   * The newest messages first (the admin's outbox page): read from the end of the file, so a demo that ran for months
   * still answers at once; `phone` keeps one phone's messages.
   */
  async newest(limit: number, phone?: string): Promise<SmsMessage[]> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.file, 'r');
    } catch {
      return [];
    }
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 1024 * 1024);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n');
      if (length < size) lines.shift(); // the first line read may be cut
      const out: SmsMessage[] = [];
      for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
        const line = lines[i]?.trim();
        if (!line) continue;
        try {
          const m = JSON.parse(line) as SmsMessage;
          if (!phone || m.to === phone) out.push(m);
        } catch {
          // a line written by hand or cut short is skipped
        }
      }
      return out;
    } finally {
      await handle.close();
    }
  }
}

/** The signature header's value: `sha256=` and the hex HMAC-SHA256 of the exact body bytes under the shared secret. */
export function webhookSignature(body: string | Buffer, secret: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The union's own SMS gateway: the same JSON POSTed to SMS_WEBHOOK_URL, signed in X-Gongjiang-Signature so the gateway
 * can tell the platform's requests from anyone else's. Any answer but 2xx, a network error or the timeout is a failure.
 */
export class WebhookSender implements SmsSender {
  readonly kind = 'webhook';
  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs: number,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    const body = JSON.stringify(message);
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-gongjiang-signature': webhookSignature(body, this.secret) },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  }
}

/** SMS_SENDER=none: no phone verification at all (sign-up needs no code; passwords are reset with an organizer's code). */
export class NoSender implements SmsSender {
  readonly kind = 'none';
  async send(): Promise<void> {}
}

export function smsSenderFor(
  config: Pick<Config, 'smsSender' | 'smsOutboxPath' | 'smsWebhookUrl' | 'smsWebhookSecret' | 'smsWebhookTimeoutMs'>,
): SmsSender {
  if (config.smsSender === 'webhook') return new WebhookSender(config.smsWebhookUrl!, config.smsWebhookSecret!, config.smsWebhookTimeoutMs);
  if (config.smsSender === 'none') return new NoSender();
  return new OutboxSender(config.smsOutboxPath);
}
