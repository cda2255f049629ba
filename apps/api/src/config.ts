import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  jwtSecret: string;
  /** access-token lifetime in seconds */
  accessTtl: number;
  /** refresh-token lifetime in seconds */
  refreshTtl: number;
  seed: 'demo' | 'none';
  adminPhone?: string;
  adminPassword?: string;
  /** cookies get the Secure flag (set COOKIE_SECURE=true behind HTTPS) */
  cookieSecure: boolean;
  logLevel: string;
  /** requests per minute per client address on the auth routes (login: never below 1,200) */
  authRateLimit: number;
  /** how one-time codes reach phones (services/sms.ts): a JSON-lines file, the union's own SMS gateway, or not at all */
  smsSender: SmsSenderKind;
  /** SMS_OUTBOX_PATH: the outbox file (`outbox` sender) */
  smsOutboxPath: string;
  /** SMS_WEBHOOK_URL, SMS_WEBHOOK_SECRET: where the `webhook` sender POSTs, and the HMAC key of its signature */
  smsWebhookUrl?: string;
  smsWebhookSecret?: string;
  /** SMS_WEBHOOK_TIMEOUT_MS: how long the gateway may take to answer */
  smsWebhookTimeoutMs: number;
  /** SMS_OUTBOX_PAGE: admins may read the outbox over HTTP (/admin/sms-outbox); default on, off when NODE_ENV=production */
  smsOutboxPage: boolean;
}

export type SmsSenderKind = 'outbox' | 'webhook' | 'none';

/** SMS_* settings, checked at start: a webhook sender without a usable URL or secret would lose every code silently. */
function smsConfig(env: NodeJS.ProcessEnv, databasePath: string) {
  const sender = (env.SMS_SENDER || 'outbox') as SmsSenderKind;
  if (!['outbox', 'webhook', 'none'].includes(sender)) throw new Error(`SMS_SENDER must be outbox, webhook or none (not ${sender})`);
  const dataDir = databasePath === ':memory:' ? path.resolve('data') : path.dirname(path.resolve(databasePath));
  const url = env.SMS_WEBHOOK_URL || undefined;
  const secret = env.SMS_WEBHOOK_SECRET || undefined;
  if (sender === 'webhook') {
    if (!url || !/^https?:\/\/[^\s]+$/.test(url)) throw new Error('SMS_SENDER=webhook needs SMS_WEBHOOK_URL (http:// or https://)');
    if (!secret || secret.length < 16) throw new Error('SMS_SENDER=webhook needs SMS_WEBHOOK_SECRET of at least 16 characters');
  }
  const timeout = Number(env.SMS_WEBHOOK_TIMEOUT_MS || 5000);
  if (!Number.isInteger(timeout) || timeout < 100 || timeout > 60_000) throw new Error('SMS_WEBHOOK_TIMEOUT_MS must be 100–60000');
  const page = env.SMS_OUTBOX_PAGE ?? (env.NODE_ENV === 'production' ? 'off' : 'on');
  return {
    smsSender: sender,
    smsOutboxPath: env.SMS_OUTBOX_PATH || path.join(dataDir, 'sms-outbox.jsonl'),
    smsWebhookUrl: url,
    smsWebhookSecret: secret,
    smsWebhookTimeoutMs: timeout,
    smsOutboxPage: page === 'on' || page === 'true',
  };
}

/**
 * JWT_SECRET from the environment; when unset, a random secret generated once and kept beside the
 * database (mode 0600) so sessions survive restarts of the embedded setup.
 */
function jwtSecretFor(databasePath: string): string {
  const fromEnv = process.env.JWT_SECRET;
  if (fromEnv && fromEnv.length >= 32) return fromEnv;
  if (fromEnv) throw new Error('JWT_SECRET must be at least 32 characters');
  if (databasePath === ':memory:') return crypto.randomBytes(48).toString('base64url');
  const file = path.join(path.dirname(path.resolve(databasePath)), 'jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databasePath = env.DATABASE_PATH || './data/gongjiang.db';
  return {
    port: Number(env.PORT || 3000),
    host: env.HOST || '0.0.0.0',
    databasePath,
    jwtSecret: jwtSecretFor(databasePath),
    accessTtl: Number(env.ACCESS_TOKEN_TTL || 900),
    refreshTtl: Number(env.REFRESH_TOKEN_TTL || 30 * 24 * 3600),
    seed: env.SEED === 'none' ? 'none' : 'demo',
    adminPhone: env.ADMIN_PHONE || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    cookieSecure: env.COOKIE_SECURE === 'true',
    logLevel: env.LOG_LEVEL || 'info',
    authRateLimit: Number(env.AUTH_RATE_LIMIT || 1200),
    ...smsConfig(env, databasePath),
  };
}
