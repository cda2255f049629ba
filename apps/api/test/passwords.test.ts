import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, expectError, PASSWORD } from './helper';
import { auditsOf } from './support/rows';

const t = await buildTestApp();
const { app } = t;
type Auth = { authorization: string };

async function session(phone: string, password = PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: phone, password } });
  expect(res.statusCode, res.body).toBe(200);
  return {
    auth: { authorization: `Bearer ${res.json().accessToken as string}` },
    refresh: res.cookies.find((c) => c.name === 'gj_refresh')!.value,
  };
}
const me = (auth: Auth) => app.inject({ method: 'GET', url: '/api/me', headers: auth });
const change = (auth: Auth, payload: unknown) =>
  app.inject({ method: 'PUT', url: '/api/me/password', headers: auth, payload: payload as object });
const loginStatus = async (phone: string, password: string) =>
  (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: phone, password } })).statusCode;

describe('PUT /api/me/password', () => {
  it('changes the password, ends every other session and hands the caller a fresh one', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    const here = await session(w.phone);
    const elsewhere = await session(w.phone);
    const res = await change(here.auth, { currentPassword: PASSWORD, password: 'N3w-secret-pass' });
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');

    expect(await loginStatus(w.phone, PASSWORD)).toBe(401);
    expect(await loginStatus(w.phone, 'N3w-secret-pass')).toBe(200);
    // the other device is out: its access token now, its refresh token too
    expectError(await me(elsewhere.auth), 401, 'UNAUTHORIZED');
    expectError(
      await app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { gj_refresh: elsewhere.refresh } }),
      401,
      'INVALID_REFRESH',
    );
    // the caller's old tokens are replaced by the new session in the answer's cookies
    expectError(await me(here.auth), 401, 'UNAUTHORIZED');
    const access = res.cookies.find((c) => c.name === 'gj_access')!;
    const refresh = res.cookies.find((c) => c.name === 'gj_refresh')!;
    expect(access.httpOnly && refresh.httpOnly).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/me', cookies: { gj_access: access.value } })).statusCode).toBe(200);
    const renewed = await app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { gj_refresh: refresh.value } });
    expect(renewed.statusCode).toBe(200);
    expect((await me({ authorization: `Bearer ${renewed.json().accessToken as string}` })).statusCode).toBe(200);

    const audit = (await auditsOf(t.database, 'user.password_change', { entityId: w.id })).map((a) => ({
      actorId: a.actorId,
      before: a.before,
      after: a.after,
    }));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/N3w-secret-pass|argon/);
  });

  it('refuses a wrong current password with 401 BAD_CREDENTIALS and changes nothing; five of them lock the phone', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    for (let i = 0; i < 5; i++)
      expectError(await change(w.auth, { currentPassword: `not-it-${i}`, password: 'N3w-secret-pass' }), 401, 'BAD_CREDENTIALS');
    expectError(await change(w.auth, { currentPassword: PASSWORD, password: 'N3w-secret-pass' }), 429, 'LOGIN_LOCKED');
    expectError(
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: w.phone, password: PASSWORD } }),
      429,
      'LOGIN_LOCKED',
    );
    await t.database.tx((tx) => tx.run(sql`delete from login_failures where phone = ${w.phone}`));
    expect(await loginStatus(w.phone, PASSWORD)).toBe(200);
    expect((await me(w.auth)).statusCode).toBe(200);
  });

  it.each([
    ['short', 'abc123'],
    ['repeated', '88888888'],
    ['a straight run', '12345678'],
    ['common', 'Password123'],
    ['the phone number', 'PHONE'],
  ])('refuses a weak new password (%s) with 400 VALIDATION naming password, and changes nothing', async (_what, password) => {
    const w = await t.user(['worker'], t.orgs.base);
    const res = await change(w.auth, { currentPassword: PASSWORD, password: password === 'PHONE' ? `gj${w.phone}` : password });
    expectError(res, 400, 'VALIDATION');
    expect(res.json().message).toMatch(/password/);
    expect(res.json().message).not.toMatch(/currentPassword/);
    expect((await me(w.auth)).statusCode).toBe(200);
    expect(await loginStatus(w.phone, PASSWORD)).toBe(200);
  });

  it('answers bad bodies with 400 and anonymous callers with 401', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    for (const body of [
      {},
      { password: 'N3w-secret-pass' },
      { currentPassword: PASSWORD },
      { currentPassword: PASSWORD, password: 12345678 },
    ]) {
      expectError(await change(w.auth, body), 400, 'VALIDATION');
    }
    expectError(
      await app.inject({ method: 'PUT', url: '/api/me/password', payload: { currentPassword: PASSWORD, password: 'N3w-secret-pass' } }),
      401,
      'UNAUTHORIZED',
    );
  });
});

describe('the password rule everywhere a password is chosen', () => {
  it('POST /api/users refuses a weak initial password naming password', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin.auth,
      payload: { phone: '13611112222', name: '新裁判', password: 'qwertyuiop', roles: ['judge'], orgId: t.orgs.base },
    });
    expectError(res, 400, 'VALIDATION');
    expect(res.json().message).toMatch(/password/);
  });
});
