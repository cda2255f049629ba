import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../src/lib/passwords';
import { buildTestApp, expectError, PASSWORD } from './helper';
import { countOf, olderBy } from './support/rows';

// AUTH_RATE_LIMIT as low as the old default: the login route keeps its own floor of 1,200 a minute per address.
const t = await buildTestApp({ authRateLimit: 60 });
const { app } = t;
const FACTORY = '10.20.30.40';

let next = 18800000000;
/** n accounts with the test password, written straight to the database (one hash for all: argon2 is slow on purpose). */
async function accounts(n: number): Promise<string[]> {
  const passwordHash = await hashPassword(PASSWORD);
  const phones = Array.from({ length: n }, () => String(next++));
  await t.database.tx(async (tx) => {
    const { users } = tx.s;
    await tx.orm
      .insert(users)
      .values(
        phones.map((phone) => ({ phone, name: `职工${phone.slice(-4)}`, passwordHash, roles: ['worker' as const], orgId: t.orgs.base })),
      );
  });
  return phones;
}

/** the phone's failed logins happened `minutes` earlier */
const failedAgo = (phone: string, minutes: number) =>
  olderBy(t.database, 'login_failures', ['created_at'], minutes * 60_000, sql`phone = ${phone}`);

const login = (phone: string, password = PASSWORD, remoteAddress = FACTORY, on = app) =>
  on.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { login: phone, password } });

describe('login throttling that fits a factory', () => {
  it('300 workers behind one address log in one after another, all of them', async () => {
    const phones = await accounts(300);
    const statuses = new Map<number, number>();
    for (const phone of phones) {
      const res = await login(phone);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 300 });
  }, 120_000);

  it('locks one phone after 5 wrong passwords (429 LOGIN_LOCKED, retryAfter, Retry-After) while another phone from the same address logs in', async () => {
    const [victim, colleague] = await accounts(2);
    for (let i = 0; i < 5; i++) expectError(await login(victim!, `wrong-${i}-xx`), 401, 'BAD_CREDENTIALS');
    const locked = await login(victim!);
    expectError(locked, 429, 'LOGIN_LOCKED');
    expect(locked.json().retryAfter).toBeGreaterThan(14 * 60);
    expect(locked.json().retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.headers['retry-after']).toBe(String(locked.json().retryAfter));
    expect(locked.json().message).toMatch(/15分钟/);
    // from another address too: the lock is the phone's
    expectError(await login(victim!, PASSWORD, '192.0.2.7'), 429, 'LOGIN_LOCKED');
    expect((await login(colleague!)).statusCode).toBe(200);
    const en = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: FACTORY,
      headers: { 'accept-language': 'en' },
      payload: { login: victim, password: PASSWORD },
    });
    expect(en.json().message).toMatch(/try again in 15 min/);
  });

  it('keeps the lock across a restart of the API on the same database, and lifts it 15 minutes after the fifth failure', async () => {
    const [phone] = await accounts(1);
    for (let i = 0; i < 5; i++) await login(phone!, `wrong-${i}-xx`);
    const restarted = await t.anotherApp({ authRateLimit: 60 });
    expectError(await login(phone!, PASSWORD, FACTORY, restarted), 429, 'LOGIN_LOCKED');
    // the failures were 15 minutes ago
    await failedAgo(phone!, 15);
    expect((await login(phone!, PASSWORD, FACTORY, restarted)).statusCode).toBe(200);
  });

  it('counts five failures within 15 minutes, not five ever; a right password forgives the earlier ones', async () => {
    const [phone] = await accounts(1);
    for (let i = 0; i < 4; i++) await login(phone!, `wrong-${i}-xx`);
    await failedAgo(phone!, 16);
    for (let i = 0; i < 4; i++) expectError(await login(phone!, `wrong-${i}-yy`), 401, 'BAD_CREDENTIALS');
    expect((await login(phone!)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expectError(await login(phone!, `wrong-${i}-zz`), 401, 'BAD_CREDENTIALS');
    expect((await login(phone!)).statusCode).toBe(200);
  });

  it('throttles an address only after 100 failed logins within 15 minutes; other addresses carry on', async () => {
    const phones = await accounts(101);
    const flood = '198.51.100.9';
    for (let i = 0; i < 99; i++) expectError(await login(phones[i]!, 'wrong-password', flood), 401, 'BAD_CREDENTIALS');
    expect((await login(phones[99]!, PASSWORD, flood)).statusCode).toBe(200);
    expectError(await login(phones[99]!, 'wrong-password', flood), 401, 'BAD_CREDENTIALS');
    const refused = await login(phones[100]!, PASSWORD, flood);
    expectError(refused, 429, 'RATE_LIMITED');
    expect(refused.json().retryAfter).toBeGreaterThan(0);
    expect(refused.headers['retry-after']).toBe(String(refused.json().retryAfter));
    expect((await login(phones[100]!, PASSWORD, '198.51.100.10')).statusCode).toBe(200);
  });

  it('prunes failures older than an hour', async () => {
    const [phone] = await accounts(1);
    await login(phone!, 'wrong-password');
    await login(phone!, 'wrong-again');
    await failedAgo(phone!, 61);
    const [other] = await accounts(1);
    await login(other!, 'wrong-password');
    const failures = (p: string) => countOf(t.database, sql`select count(*) as "n" from login_failures where phone = ${p}`);
    expect(await failures(phone!)).toBe(2);
    await app.services.loginThrottle.prune();
    expect(await failures(phone!)).toBe(0);
    expect(await failures(other!)).toBe(1);
  });
});
