import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTestApp, expectError, PASSWORD } from './helper';
import { auditsOf } from './support/rows';

const t = await buildTestApp();
const { app } = t;
type Auth = { authorization: string };

async function logIn(phone: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: phone, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  const refresh = res.cookies.find((c) => c.name === 'gj_refresh')!.value;
  return { auth: { authorization: `Bearer ${res.json().accessToken as string}` }, token: res.json().accessToken as string, refresh };
}
/** Another API process on the same database (its own connection, caches and poller). */
const anotherProcess = () => t.anotherApp();
const me = (auth: Auth, on = app) => on.inject({ method: 'GET', url: '/api/me', headers: auth });
const refresh = (token: string) => app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { gj_refresh: token } });

/** An HS256 token signed with the app's own secret but shaped by hand (claims the app would never issue). */
function handMade(claims: Record<string, unknown>): Auth {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  const sig = crypto.createHmac('sha256', app.config.jwtSecret).update(body).digest('base64url');
  return { authorization: `Bearer ${body}.${sig}` };
}

describe('sessions that end', () => {
  it('logout ends this session: its access token is refused at once, another device stays in', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    const phone = await logIn(w.phone);
    const laptop = await logIn(w.phone);
    expect((await me(phone.auth)).statusCode).toBe(200);
    // a client that presents only the bearer token
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: phone.auth })).statusCode).toBe(204);
    expectError(await me(phone.auth), 401, 'UNAUTHORIZED');
    expectError(await refresh(phone.refresh), 401, 'INVALID_REFRESH');
    expect((await me(laptop.auth)).statusCode).toBe(200);
    // a browser that presents only the refresh cookie: the access tokens of that session end with it
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { gj_refresh: laptop.refresh } })).statusCode).toBe(204);
    expectError(await me(laptop.auth), 401, 'UNAUTHORIZED');
  });

  it('a session continued by refresh keeps its id: logging out ends the refreshed access tokens too', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    const s = await logIn(w.phone);
    const r = await refresh(s.refresh);
    const renewed = { authorization: `Bearer ${r.json().accessToken as string}` };
    expect((await me(renewed)).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: renewed });
    expectError(await me(s.auth), 401, 'UNAUTHORIZED');
    expectError(await me(renewed), 401, 'UNAUTHORIZED');
  });

  it('logout-all ends every session of the account, this one included, and is audited', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    const other = await t.user(['worker'], t.orgs.base);
    const a = await logIn(w.phone);
    const b = await logIn(w.phone);
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: a.auth })).statusCode).toBe(204);
    for (const s of [a, b]) {
      expectError(await me(s.auth), 401, 'UNAUTHORIZED');
      expectError(await refresh(s.refresh), 401, 'INVALID_REFRESH');
    }
    expect((await me(other.auth)).statusCode).toBe(200);
    // a new login works and is not affected
    expect((await me((await logIn(w.phone)).auth)).statusCode).toBe(200);
    const audit = await auditsOf(t.database, 'user.logout_all', { entityId: w.id });
    expect(audit.map((a) => a.actorId)).toEqual([w.id]);
    expectError(await app.inject({ method: 'POST', url: '/api/auth/logout-all' }), 401, 'UNAUTHORIZED');
  });

  it('disabling an account refuses its access tokens on their next request', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const judge = await t.user(['judge'], t.orgs.base);
    expect((await me(judge.auth)).statusCode).toBe(200);
    await app.inject({ method: 'PATCH', url: `/api/users/${judge.id}`, headers: admin.auth, payload: { disabled: true } });
    expectError(await me(judge.auth), 401, 'UNAUTHORIZED');
  });

  it('a role change refuses the old access token; the refresh token carries on with the new roles', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const judge = await t.user(['judge'], t.orgs.base);
    const s = await logIn(judge.phone);
    await app.inject({ method: 'PATCH', url: `/api/users/${judge.id}`, headers: admin.auth, payload: { roles: ['worker'] } });
    expectError(await me(s.auth), 401, 'UNAUTHORIZED');
    const r = await refresh(s.refresh);
    expect(r.statusCode).toBe(200);
    const renewed = await me({ authorization: `Bearer ${r.json().accessToken as string}` });
    expect(renewed.json().roles).toEqual(['worker']);
  });

  it('refuses tokens without exp, with iat in the future, living longer than the configured lifetime, or without a session', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    const now = Math.floor(Date.now() / 1000);
    const good = { sub: w.id, roles: ['worker'], orgId: t.orgs.base, sv: 0, sid: 'hand-made-1', iat: now, exp: now + 60 };
    expect((await me(handMade(good))).statusCode).toBe(200);
    const { exp: _exp, ...noExp } = good;
    const { sv: _sv, ...noVersion } = good;
    const { sid: _sid, ...noSession } = good;
    const { iat: _iat, ...noIat } = good;
    for (const claims of [
      noExp,
      noIat,
      noVersion,
      noSession,
      { ...good, iat: now + 60, exp: now + 120 },
      { ...good, exp: now + app.config.accessTtl + 3600 },
      { ...good, sv: '0' },
    ]) {
      expectError(await me(handMade(claims)), 401, 'UNAUTHORIZED');
    }
    // a few seconds of clock difference between processes is fine
    expect((await me(handMade({ ...good, iat: now + 3, exp: now + 63 }))).statusCode).toBe(200);
  });

  it('another API process on the same database refuses an ended session within 2 s, and a restarted one still does', async () => {
    const second = await anotherProcess();
    const w = await t.user(['worker'], t.orgs.base);
    const s = await logIn(w.phone);
    const other = await logIn(w.phone);
    expect((await me(s.auth, second)).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.auth });
    const started = Date.now();
    while ((await me(s.auth, second)).statusCode === 200) {
      expect(Date.now() - started).toBeLessThan(2000);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await me(other.auth, second)).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: other.auth });
    while ((await me(other.auth, second)).statusCode === 200) {
      expect(Date.now() - started).toBeLessThan(4000);
      await new Promise((r) => setTimeout(r, 50));
    }
    // a process started after the fact reads the recent revocations from the database
    const third = await anotherProcess();
    expectError(await me(s.auth, third), 401, 'UNAUTHORIZED');
    expectError(await me(other.auth, third), 401, 'UNAUTHORIZED');
  });
});
