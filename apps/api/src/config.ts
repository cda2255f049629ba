import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { Type, type Static, type TSchema } from 'typebox';
import { ensureFolder, fsReason } from './lib/files';

/**
 * The whole configuration: every environment variable the server reads, checked in this one place against
 * one schema (TypeBox, validated by Ajv — the validator the routes use). A bad value is a `ConfigError`
 * listing one line per problem; server.ts prints those lines and exits with code 1, without a stack trace.
 * README § Configuration documents the same variables, defaults and ranges.
 */
export interface Config {
  /** NODE_ENV=production: no demo data, JWT_SECRET required */
  production: boolean;
  port: number;
  host: string;
  /** the SQLite file (the embedded default; unused with DATABASE_URL) */
  databasePath: string;
  /** DATABASE_URL=postgres://…: run on PostgreSQL instead of the SQLite file */
  databaseUrl?: string;
  /** DATABASE_REPLICA_URLS: PostgreSQL read replicas for report reads (comma-separated postgres:// URLs) */
  databaseReplicaUrls: string[];
  /** DATABASE_POOL_SIZE: PostgreSQL connections per API process */
  databasePoolSize: number;
  jwtSecret: string;
  /** access-token lifetime in seconds */
  accessTtl: number;
  /** refresh-token lifetime in seconds */
  refreshTtl: number;
  seed: 'demo' | 'none';
  adminPhone?: string;
  adminPassword?: string;
  /** cookies get the Secure flag and responses HSTS (set COOKIE_SECURE=true behind HTTPS) */
  cookieSecure: boolean;
  /** trust X-Forwarded-* from any proxy (loopback is always trusted) */
  trustProxy: boolean;
  logLevel: LogLevel;
  /** requests per minute per client address on the auth routes (login: never below 1,200) */
  authRateLimit: number;
  /** seconds in-flight requests get to finish after SIGTERM/SIGINT */
  shutdownTimeout: number;
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
  /** PUBLIC_ORIGIN: the site's address as people reach it, for absolute links in text messages (default http://localhost:PORT) */
  publicOrigin: string;
  /** JOBS_POLL_MS: how often this process's worker loop looks for due jobs (services/jobs.ts); 0 runs no loop in this process */
  jobsPollMs: number;
  /** POSTER_FONT: the CJK font file share posters are drawn in (default: fonts-noto-cjk's NotoSansCJK-Regular.ttc) */
  posterFont?: string;
}

export type SmsSenderKind = 'outbox' | 'webhook' | 'none';
export const SMS_SENDERS: readonly SmsSenderKind[] = ['outbox', 'webhook', 'none'];

export const DEFAULT_DATABASE_PATH = './data/gongjiang.db';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const oneOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });
const int = (minimum: number, maximum: number, fallback: number) => Type.Integer({ minimum, maximum, default: fallback });
const flag = () => Type.Boolean({ default: false });

/** Each variable: its schema and, for the error line, what a valid value looks like. */
const VARIABLES = {
  NODE_ENV: [oneOf(['development', 'production', 'test']), 'development, production or test'],
  PORT: [int(1, 65535, 3000), 'a TCP port, an integer from 1 to 65535'],
  HOST: [Type.String({ minLength: 1, maxLength: 255, default: '0.0.0.0' }), 'a listen address such as 0.0.0.0 or 127.0.0.1'],
  DATABASE_PATH: [Type.String({ minLength: 1, maxLength: 4096, default: DEFAULT_DATABASE_PATH }), 'the path of the SQLite file'],
  DATABASE_URL: [Type.String({ pattern: '^postgres(ql)?://\\S+$', maxLength: 4096 }), 'a postgres:// (or postgresql://) URL'],
  DATABASE_REPLICA_URLS: [
    Type.String({ pattern: '^postgres(ql)?://[^\\s,]+(\\s*,\\s*postgres(ql)?://[^\\s,]+)*$', maxLength: 16384 }),
    'postgres:// URLs separated by commas',
  ],
  DATABASE_POOL_SIZE: [int(1, 1000, 10), 'connections per API process, an integer from 1 to 1000'],
  JWT_SECRET: [Type.String({ minLength: 32, maxLength: 1024 }), 'at least 32 characters (e.g. the output of `openssl rand -base64 48`)'],
  ACCESS_TOKEN_TTL: [int(60, 86_400, 900), 'seconds, an integer from 60 to 86400'],
  REFRESH_TOKEN_TTL: [int(300, 31_536_000, 30 * 24 * 3600), 'seconds, an integer from 300 to 31536000 (a year)'],
  SEED: [oneOf(['none', 'demo']), 'none or demo'],
  ADMIN_PHONE: [Type.String({ pattern: '^1[3-9][0-9]{9}$' }), 'an 11-digit mainland mobile number'],
  ADMIN_PASSWORD: [Type.String({ minLength: 8, maxLength: 128 }), '8 to 128 characters'],
  COOKIE_SECURE: [flag(), 'true or false'],
  TRUST_PROXY: [flag(), 'true or false'],
  AUTH_RATE_LIMIT: [int(1, 100_000, 1200), 'requests per minute, an integer from 1 to 100000'],
  LOG_LEVEL: [oneOf(LOG_LEVELS), LOG_LEVELS.join(', ')],
  SHUTDOWN_TIMEOUT: [int(1, 600, 10), 'seconds, an integer from 1 to 600'],
  SMS_SENDER: [oneOf(SMS_SENDERS), 'outbox, webhook or none'],
  SMS_OUTBOX_PATH: [Type.String({ minLength: 1, maxLength: 4096 }), 'the path of the outbox file'],
  SMS_WEBHOOK_URL: [Type.String({ pattern: '^https?://\\S+$', maxLength: 2048 }), 'an http:// or https:// URL'],
  SMS_WEBHOOK_SECRET: [Type.String({ minLength: 16, maxLength: 1024 }), 'at least 16 characters'],
  SMS_WEBHOOK_TIMEOUT_MS: [int(100, 60_000, 5000), 'milliseconds, an integer from 100 to 60000'],
  SMS_OUTBOX_PAGE: [oneOf(['on', 'off', 'true', 'false']), 'on or off'],
  PUBLIC_ORIGIN: [Type.String({ pattern: '^https?://[^/\\s]+$', maxLength: 2048 }), 'http(s)://host[:port], without a path'],
  JOBS_POLL_MS: [int(0, 60_000, 500), 'milliseconds, an integer from 0 (no worker loop in this process) to 60000'],
  // read by the web app (apps/web), checked here because both run in this process
  ORG_PICKER_LIMIT: [int(1, 100_000, 300), 'an integer from 1 to 100000'],
  POSTER_FONT: [Type.String({ minLength: 1, maxLength: 4096 }), 'the path of a CJK font file (.ttc, .otf or .ttf)'],
} satisfies Record<string, [TSchema, string]>;

type Name = keyof typeof VARIABLES;
const NAMES = Object.keys(VARIABLES) as Name[];
const EnvSchema = Type.Object(Object.fromEntries(NAMES.map((n) => [n, VARIABLES[n][0]])) as { [K in Name]: (typeof VARIABLES)[K][0] });
type Env = Partial<Static<typeof EnvSchema>>;

// Environment values are text: coerce "3000" to 3000 and "true" to true, report every problem at once.
const validate = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, strict: false }).compile(EnvSchema);

/** One or more configuration problems, one human-readable line each (server.ts prints them and exits 1). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** never echoed back: secrets, and URLs that may hold a password */
const SECRET = new Set<string>(['JWT_SECRET', 'ADMIN_PASSWORD', 'DATABASE_URL', 'DATABASE_REPLICA_URLS']);
const shown = (value: string | undefined) => JSON.stringify(value ?? '').slice(0, 60);

function problemsOf(errors: ErrorObject[], raw: Record<string, string | undefined>): string[] {
  const names = new Set(errors.map((e) => e.instancePath.split('/')[1] as Name).filter((n) => n in VARIABLES));
  return [...names].map((n) => `${n}=${shown(SECRET.has(n) ? '…' : raw[n])} is not valid: expected ${VARIABLES[n][1]}`);
}

/**
 * The secret that signs access tokens: JWT_SECRET, or (outside production) a random one generated once
 * and kept beside the database (mode 0600) so sessions survive restarts of the demo setup.
 */
function jwtSecretFor(fromEnv: string | undefined, databasePath: string): string {
  if (fromEnv) return fromEnv;
  if (databasePath === ':memory:') return crypto.randomBytes(48).toString('base64url');
  const file = path.join(path.dirname(path.resolve(databasePath)), 'jwt-secret');
  try {
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
    ensureFolder(path.dirname(file));
    const secret = crypto.randomBytes(48).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  } catch (e) {
    throw new ConfigError([
      `DATABASE_PATH=${shown(databasePath)}: cannot keep the generated JWT secret in ${file} (${fsReason(e)}); set JWT_SECRET or use a writable folder`,
    ]);
  }
}

/**
 * Reads and checks the environment. `overrides` (tests, tools) replace values after the checks; a
 * JWT secret is generated only when neither the environment nor the overrides give one.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  // An empty variable is an unset one (`PORT= npm start`).
  const raw: Record<string, string | undefined> = {};
  for (const n of NAMES) if (env[n] !== undefined && env[n] !== '') raw[n] = env[n]!.trim();
  const values: Env = { ...raw } as Env;
  const problems = validate(values) ? [] : problemsOf(validate.errors ?? [], raw);

  const production = values.NODE_ENV === 'production';
  if (production && values.SEED === 'demo')
    problems.push(
      'SEED=demo is refused in production (NODE_ENV=production): the demo accounts share the password printed in the README. ' +
        'Leave SEED unset (production loads nothing) and create the first admin with ADMIN_PHONE and ADMIN_PASSWORD',
    );
  if (production && !raw.JWT_SECRET)
    problems.push(
      'JWT_SECRET is required in production (NODE_ENV=production): at least 32 random characters, e.g. `openssl rand -base64 48`',
    );
  if (raw.DATABASE_URL && !raw.JWT_SECRET)
    problems.push(
      'JWT_SECRET is required with DATABASE_URL (PostgreSQL): every API process must sign and check tokens with the same secret — ' +
        'at least 32 random characters, e.g. `openssl rand -base64 48`',
    );
  if (raw.DATABASE_REPLICA_URLS && !raw.DATABASE_URL)
    problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL: read replicas are PostgreSQL servers beside the primary');
  if (!raw.ADMIN_PHONE !== !raw.ADMIN_PASSWORD)
    problems.push('ADMIN_PHONE and ADMIN_PASSWORD go together: set both to create the first admin at start, or neither');
  if (values.SMS_SENDER === 'webhook' && (!raw.SMS_WEBHOOK_URL || !raw.SMS_WEBHOOK_SECRET))
    problems.push("SMS_SENDER=webhook needs SMS_WEBHOOK_URL (the union's SMS gateway) and SMS_WEBHOOK_SECRET (at least 16 characters)");
  if (values.ACCESS_TOKEN_TTL && values.REFRESH_TOKEN_TTL && values.REFRESH_TOKEN_TTL <= values.ACCESS_TOKEN_TTL)
    problems.push(`REFRESH_TOKEN_TTL (${values.REFRESH_TOKEN_TTL}) must be longer than ACCESS_TOKEN_TTL (${values.ACCESS_TOKEN_TTL})`);
  if (problems.length) throw new ConfigError(problems);

  const config: Omit<Config, 'jwtSecret'> = {
    production,
    port: values.PORT!,
    host: values.HOST!,
    databasePath: values.DATABASE_PATH!,
    databaseUrl: values.DATABASE_URL,
    databaseReplicaUrls: values.DATABASE_REPLICA_URLS ? values.DATABASE_REPLICA_URLS.split(',').map((u) => u.trim()) : [],
    databasePoolSize: values.DATABASE_POOL_SIZE!,
    accessTtl: values.ACCESS_TOKEN_TTL!,
    refreshTtl: values.REFRESH_TOKEN_TTL!,
    seed: values.SEED ?? (production ? 'none' : 'demo'),
    adminPhone: values.ADMIN_PHONE,
    adminPassword: values.ADMIN_PASSWORD,
    cookieSecure: values.COOKIE_SECURE!,
    trustProxy: values.TRUST_PROXY!,
    logLevel: values.LOG_LEVEL ?? 'info',
    authRateLimit: values.AUTH_RATE_LIMIT!,
    shutdownTimeout: values.SHUTDOWN_TIMEOUT!,
    smsSender: values.SMS_SENDER ?? 'outbox',
    smsOutboxPath: values.SMS_OUTBOX_PATH ?? path.join(path.dirname(path.resolve(values.DATABASE_PATH!)), 'sms-outbox.jsonl'),
    smsWebhookUrl: values.SMS_WEBHOOK_URL,
    smsWebhookSecret: values.SMS_WEBHOOK_SECRET,
    smsWebhookTimeoutMs: values.SMS_WEBHOOK_TIMEOUT_MS!,
    smsOutboxPage: values.SMS_OUTBOX_PAGE ? values.SMS_OUTBOX_PAGE === 'on' || values.SMS_OUTBOX_PAGE === 'true' : !production,
    publicOrigin: values.PUBLIC_ORIGIN ?? `http://localhost:${values.PORT!}`,
    jobsPollMs: values.JOBS_POLL_MS!,
    posterFont: values.POSTER_FONT,
    ...overrides,
  };
  return { ...config, jwtSecret: overrides.jwtSecret ?? jwtSecretFor(values.JWT_SECRET, config.databasePath) };
}
