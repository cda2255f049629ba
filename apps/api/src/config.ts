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
  };
}
