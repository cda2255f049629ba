import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutboxSender, webhookSignature } from '../src/services/sms';
import { sql } from 'drizzle-orm';
import { buildTestApp, expectError, PASSWORD, type TestApp } from './helper';
import { auditsOf, countOf, olderBy as moveBack } from './support/rows';

const t = await buildTestApp();
const { app } = t;

let next = 13500000000;
const freshPhone = () => String(next++);

const askCode = (phone: string, purpose: string, remoteAddress = '127.0.0.1', on: TestApp = t) =>
  on.app.inject({ method: 'POST', url: '/api/auth/codes', remoteAddress, payload: { phone, purpose } });
const reset = (payload: object, on: TestApp = t) => on.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload });
const register = (payload: object) => app.inject({ method: 'POST', url: '/api/auth/register', payload });
const loginStatus = async (phone: string, password: string, on: TestApp = t) =>
  (await on.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: phone, password } })).statusCode;
/** Moves the phone's code rows back in time: what the clock would do, without waiting. */
const olderBy = (phone: string, minutes: number) =>
  moveBack(t.database, 'phone_codes', ['created_at', 'expires_at'], minutes * 60_000, sql`phone = ${phone}`);
const codeRows = async (phone: string) =>
  (
    await t.database.read.all<{ purpose: string; code_hash: string; sent: boolean | number; attempts: number; used_at: string | null }>(
      sql`select purpose, code_hash, sent, attempts, used_at from phone_codes where phone = ${phone} order by id`,
    )
  ).map((r) => ({ ...r, sent: Boolean(r.sent) })); // 0/1 on SQLite, a boolean on PostgreSQL
/** the audit records of one action about one account */
const audits = (action: string, userId: number) => auditsOf(t.database, action, { entityId: userId });

describe('POST /api/auth/codes', () => {
  it('texts a 6-digit sign-up code to a new phone: one JSON line in the outbox, in Chinese with the platform and the expiry', async () => {
    const phone = freshPhone();
    const res = await askCode(phone, 'signup');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({});
    await app.services.phoneCodes.idle();
    const line = JSON.parse(fs.readFileSync(t.outbox, 'utf8').trim().split('\n').at(-1)!) as Record<string, string>;
    expect(Object.keys(line).sort()).toEqual(['at', 'code', 'purpose', 'text', 'to']);
    expect(line).toMatchObject({ to: phone, purpose: 'signup' });
    expect(line.code).toMatch(/^\d{6}$/);
    expect(line.text).toContain('【工匠】');
    expect(line.text).toContain(line.code);
    expect(line.text).toContain('10分钟内有效');
    expect(new Date(line.at!).toISOString()).toBe(line.at);
    // stored as an HMAC, never in clear
    const [row] = await codeRows(phone);
    expect(row!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await t.database.read.all(sql`select * from phone_codes where phone = ${phone}`))).not.toContain(line.code);
  });

  it('answers the same whether or not the phone has an account, and texts only the code that can be used', async () => {
    const member = await t.user(['worker'], t.orgs.base);
    const stranger = freshPhone();
    const answers = [await askCode(member.phone, 'signup'), await askCode(stranger, 'reset')];
    for (const res of answers) {
      expect(res.statusCode).toBe(202);
      expect(res.body).toBe('{}');
    }
    expect(await t.lastCode(member.phone)).toBeNull();
    expect(await t.lastCode(stranger)).toBeNull();
    // both are recorded (and so count for the rate limits exactly like a sent one), marked as not sent
    expect((await codeRows(member.phone)).map((r) => r.sent)).toEqual([false]);
    expect((await codeRows(stranger)).map((r) => r.sent)).toEqual([false]);
    await olderBy(member.phone, 2);
    expect((await askCode(member.phone, 'reset')).statusCode).toBe(202);
    expect(await t.lastCode(member.phone)).toMatch(/^\d{6}$/);
    // and the limits treat the unknown phone like the known one
    expectError(await askCode(stranger, 'reset'), 429, 'RATE_LIMITED');
    expectError(await askCode(member.phone, 'reset'), 429, 'RATE_LIMITED');
  });

  it('allows 1 code a minute per phone: 429 RATE_LIMITED with retryAfter and Retry-After', async () => {
    const phone = freshPhone();
    expect((await askCode(phone, 'signup')).statusCode).toBe(202);
    const again = await askCode(phone, 'reset');
    expectError(again, 429, 'RATE_LIMITED');
    expect(again.json().retryAfter).toBeGreaterThan(50);
    expect(again.json().retryAfter).toBeLessThanOrEqual(60);
    expect(again.headers['retry-after']).toBe(String(again.json().retryAfter));
    await olderBy(phone, 1);
    expect((await askCode(phone, 'signup')).statusCode).toBe(202);
  });

  it('allows 10 codes an hour per phone', async () => {
    const phone = freshPhone();
    for (let i = 0; i < 10; i++) {
      expect((await askCode(phone, 'signup')).statusCode).toBe(202);
      await olderBy(phone, 2); // each a little over a minute after the last
    }
    const eleventh = await askCode(phone, 'signup');
    expectError(eleventh, 429, 'RATE_LIMITED');
    expect(eleventh.json().retryAfter).toBeGreaterThan(60);
    await olderBy(phone, 60);
    expect((await askCode(phone, 'signup')).statusCode).toBe(202);
  });

  it('holds one address to 300 codes an hour (SMS pumping), other addresses carry on', async () => {
    const pump = '203.0.113.66';
    for (let i = 0; i < 300; i++) expect((await askCode(freshPhone(), 'signup', pump)).statusCode).toBe(202);
    const refused = await askCode(freshPhone(), 'signup', pump);
    expectError(refused, 429, 'RATE_LIMITED');
    expect(refused.json().retryAfter).toBeGreaterThan(3000);
    expect((await askCode(freshPhone(), 'signup', '203.0.113.67')).statusCode).toBe(202);
  });

  it('refuses a malformed request with 400 VALIDATION naming the field', async () => {
    for (const [payload, field] of [
      [{ phone: '12345', purpose: 'signup' }, 'phone'],
      [{ phone: '+8613800000000', purpose: 'signup' }, 'phone'],
      [{ phone: freshPhone(), purpose: 'login' }, 'purpose'],
      [{ phone: freshPhone() }, 'purpose'],
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/codes', payload });
      expectError(res, 400, 'VALIDATION');
      expect(res.json().message).toContain(field);
    }
  });
});

describe('checking a code (sign-up)', () => {
  it('a code works once, for its own phone; a used one says so', async () => {
    const phone = freshPhone();
    await askCode(phone, 'signup');
    const code = (await t.lastCode(phone))!;
    expectError(await register({ phone: freshPhone(), password: PASSWORD, name: '冒名', code }), 400, 'BAD_CODE');
    expect((await register({ phone, password: PASSWORD, name: '新职工', code })).statusCode).toBe(201);
    const reused = await register({ phone, password: PASSWORD, name: '新职工', code });
    expectError(reused, 400, 'BAD_CODE');
    expect(reused.json()).toMatchObject({ reason: 'used', message: '验证码已使用过，请重新获取' });
  });

  it('expires after 10 minutes', async () => {
    const phone = freshPhone();
    await askCode(phone, 'signup');
    const code = (await t.lastCode(phone))!;
    await olderBy(phone, 10);
    const res = await register({ phone, password: PASSWORD, name: '新职工', code });
    expectError(res, 400, 'BAD_CODE');
    expect(res.json()).toMatchObject({ reason: 'expired', message: '验证码已过期，请重新获取' });
    expect(await countOf(t.database, sql`select count(*) as "n" from users where phone = ${phone}`)).toBe(0);
  });

  it('is void after 5 wrong tries, even for the right code; the count is kept though the requests were refused', async () => {
    const phone = freshPhone();
    await askCode(phone, 'signup');
    const code = (await t.lastCode(phone))!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const reasons: string[] = [];
    for (let i = 0; i < 5; i++) reasons.push((await register({ phone, password: PASSWORD, name: '新职工', code: wrong })).json().reason);
    expect(reasons).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'voided']);
    expect((await codeRows(phone))[0]!.attempts).toBe(5);
    const right = await register({ phone, password: PASSWORD, name: '新职工', code });
    expectError(right, 400, 'BAD_CODE');
    expect(right.json()).toMatchObject({ reason: 'voided', message: '验证码输错次数过多，已作废，请重新获取' });
    const en = await app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'accept-language': 'en' },
      payload: { phone, password: PASSWORD, name: '新职工', code },
    });
    expect(en.json().message).toBe('Too many wrong tries: the code is void, request a new one');
  });

  it('a newer code voids the older one', async () => {
    const phone = freshPhone();
    await askCode(phone, 'signup');
    const first = (await t.lastCode(phone))!;
    await olderBy(phone, 2);
    await askCode(phone, 'signup');
    const second = (await t.lastCode(phone))!;
    if (first !== second) {
      const old = await register({ phone, password: PASSWORD, name: '新职工', code: first });
      expect(old.json()).toMatchObject({ code: 'BAD_CODE', reason: 'superseded' });
    }
    expect((await register({ phone, password: PASSWORD, name: '新职工', code: second })).statusCode).toBe(201);
  });

  it('a refused sign-up (weak password) writes nothing and leaves the code good', async () => {
    const phone = freshPhone();
    await askCode(phone, 'signup');
    const code = (await t.lastCode(phone))!;
    const weak = await register({ phone, password: '12345678', name: '新职工', code });
    expectError(weak, 400, 'VALIDATION');
    expect(weak.json().message).toContain('password');
    expect((await codeRows(phone))[0]!.used_at).toBeNull();
    expect((await register({ phone, password: PASSWORD, name: '新职工', code })).statusCode).toBe(201);
  });
});

describe('POST /api/auth/password-reset', () => {
  it('sets a new password with a texted reset code and ends every session of the account', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: w.phone, password: PASSWORD } });
    const refresh = login.cookies.find((c) => c.name === 'gj_refresh')!.value;
    await askCode(w.phone, 'reset');
    const code = (await t.lastCode(w.phone))!;
    expect((await reset({ phone: w.phone, code, password: 'Fresh-start-2026' })).statusCode).toBe(204);
    expect(await loginStatus(w.phone, PASSWORD)).toBe(401);
    expect(await loginStatus(w.phone, 'Fresh-start-2026')).toBe(200);
    expectError(await app.inject({ method: 'GET', url: '/api/me', headers: w.auth }), 401, 'UNAUTHORIZED');
    expectError(await app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { gj_refresh: refresh } }), 401, 'INVALID_REFRESH');
    const again = await reset({ phone: w.phone, code, password: 'Another-start-2026' });
    expect(again.json()).toMatchObject({ code: 'BAD_CODE', reason: 'used' });
    const audit = await audits('user.password_reset', w.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ via: 'sms_code' });
    expect(JSON.stringify(audit[0]!.after)).not.toContain(code);
  });

  it('a sign-up code does not reset a password, an unknown phone gets BAD_CODE, a weak password changes nothing', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    const unknown = await reset({ phone: freshPhone(), code: '123456', password: 'Fresh-start-2026' });
    expect(unknown.json()).toMatchObject({ statusCode: 400, code: 'BAD_CODE', reason: 'wrong' });
    await askCode(w.phone, 'reset');
    const code = (await t.lastCode(w.phone))!;
    const weak = await reset({ phone: w.phone, code, password: 'password' });
    expectError(weak, 400, 'VALIDATION');
    expect(weak.json().message).toContain('password');
    expect(await loginStatus(w.phone, PASSWORD)).toBe(200);
    expect((await reset({ phone: w.phone, code, password: 'Fresh-start-2026' })).statusCode).toBe(204);
    for (const payload of [
      { phone: w.phone, code },
      { phone: w.phone, password: 'Fresh-start-2026' },
      { phone: 'x', code, password: 'Fresh-start-2026' },
    ]) {
      expectError(await reset(payload), 400, 'VALIDATION');
    }
  });
});

describe("an organizer's reset code at the counter", () => {
  const resetCode = (id: number, auth?: { authorization: string }) =>
    app.inject({ method: 'POST', url: `/api/users/${id}/reset-code`, ...(auth ? { headers: auth } : {}) });

  it('gives a one-time 8-digit code good for 24 hours, audited without the code; the worker resets with it once', async () => {
    const organizer = await t.user(['organizer'], t.orgs.district);
    const w = await t.user(['worker'], t.orgs.base);
    const res = await resetCode(w.id, organizer.auth);
    expect(res.statusCode, res.body).toBe(201);
    const { code, expiresAt } = res.json() as { code: string; expiresAt: string };
    expect(code).toMatch(/^\d{8}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    const audit = await audits('user.reset_code', w.id);
    expect(audit.map((a) => ({ actorId: a.actorId, after: a.after }))).toEqual([{ actorId: organizer.id, after: { expiresAt } }]);

    expect((await reset({ phone: w.phone, code, password: 'Counter-reset-1' })).statusCode).toBe(204);
    expect(await loginStatus(w.phone, 'Counter-reset-1')).toBe(200);
    expect((await reset({ phone: w.phone, code, password: 'Counter-reset-2' })).json()).toMatchObject({ code: 'BAD_CODE', reason: 'used' });
    expect((await audits('user.password_reset', w.id)).map((a) => a.after)).toMatchObject([{ via: 'counter_code' }]);
  });

  it('a newer counter code voids the older; a texted reset code does not touch it', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const w = await t.user(['worker'], t.orgs.baseInOther);
    const first = (await resetCode(w.id, admin.auth)).json().code as string;
    const second = (await resetCode(w.id, admin.auth)).json().code as string;
    await askCode(w.phone, 'reset');
    if (first !== second)
      expect((await reset({ phone: w.phone, code: first, password: 'Counter-reset-1' })).json().reason).toBe('superseded');
    expect((await reset({ phone: w.phone, code: second, password: 'Counter-reset-1' })).statusCode).toBe(204);
  });

  it('404 outside the subtree, 403 on an admin for an organizer and for workers, 409 on oneself, 401 anonymous', async () => {
    const organizer = await t.user(['organizer'], t.orgs.district);
    const outside = await t.user(['worker'], t.orgs.baseInOther);
    const admin = await t.user(['admin'], t.orgs.district);
    const w = await t.user(['worker'], t.orgs.base);
    expectError(await resetCode(outside.id, organizer.auth), 404, 'NOT_FOUND');
    expectError(await resetCode(999_999, organizer.auth), 404, 'NOT_FOUND');
    expectError(await resetCode(admin.id, organizer.auth), 403, 'FORBIDDEN');
    expectError(await resetCode(organizer.id, organizer.auth), 409, 'CANNOT_CHANGE_SELF');
    expectError(await resetCode(organizer.id, w.auth), 403, 'FORBIDDEN');
    expectError(await resetCode(w.id), 401, 'UNAUTHORIZED');
    expectError(await app.inject({ method: 'POST', url: '/api/users/abc/reset-code', headers: organizer.auth }), 400, 'VALIDATION');
    expect((await resetCode(organizer.id, admin.auth)).statusCode).toBe(201);
    const refused = sql`select count(*) as "n" from audit_log where action = 'user.reset_code' and entity_id in (${outside.id}, ${admin.id}, ${w.id})`;
    expect(await countOf(t.database, refused)).toBe(0);
    expect(
      await countOf(
        t.database,
        sql`select count(*) as "n" from audit_log where action = 'user.reset_code' and entity_id = ${organizer.id}`,
      ),
    ).toBe(1);
  });
});

describe('GET /api/admin/sms-outbox and GET /api/auth/settings', () => {
  it('shows admins the outbox newest first, one phone with ?phone=; refuses everyone else', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const organizer = await t.user(['organizer'], t.orgs.federation);
    const [a, b] = [freshPhone(), freshPhone()];
    await askCode(a, 'signup');
    await askCode(b, 'signup');
    await app.services.phoneCodes.idle();
    const res = await app.inject({ method: 'GET', url: '/api/admin/sms-outbox?limit=2', headers: admin.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((m: { to: string }) => m.to)).toEqual([b, a]);
    const one = await app.inject({ method: 'GET', url: `/api/admin/sms-outbox?phone=${a}`, headers: admin.auth });
    expect(one.json().items).toEqual([expect.objectContaining({ to: a, code: await t.lastCode(a) })]);
    expectError(await app.inject({ method: 'GET', url: '/api/admin/sms-outbox', headers: organizer.auth }), 403, 'FORBIDDEN');
    expectError(await app.inject({ method: 'GET', url: '/api/admin/sms-outbox' }), 401, 'UNAUTHORIZED');
    expectError(await app.inject({ method: 'GET', url: '/api/admin/sms-outbox?limit=500', headers: admin.auth }), 400, 'VALIDATION');
    expect((await app.inject({ method: 'GET', url: '/api/auth/settings' })).json()).toEqual({
      phoneVerification: true,
      outboxPage: true,
      codeValidMinutes: 10,
      resetCodeValidHours: 24,
    });
  });

  it('keeps the messages in the order they were handed over, however many are in flight at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-outbox-'));
    const outbox = new OutboxSender(path.join(dir, 'deep', 'sms-outbox.jsonl'));
    const phones = Array.from({ length: 60 }, (_, i) => String(13600000000 + i));
    // handed over without waiting, as deliveries are: each append must still land after the one before it
    await Promise.all(phones.map((to) => outbox.send({ to, purpose: 'signup', code: '123456', text: 'x', at: new Date().toISOString() })));
    expect((await outbox.newest(60)).map((m) => m.to)).toEqual([...phones].reverse());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is not there when the outbox page is off (production)', async () => {
    const prod = await buildTestApp({ smsOutboxPage: false });
    const admin = await prod.user(['admin'], prod.orgs.federation);
    expectError(await prod.app.inject({ method: 'GET', url: '/api/admin/sms-outbox', headers: admin.auth }), 404, 'NOT_FOUND');
    expect((await prod.app.inject({ method: 'GET', url: '/api/auth/settings' })).json()).toMatchObject({
      phoneVerification: true,
      outboxPage: false,
    });
  });

  it('lists the identity routes in the OpenAPI document', async () => {
    const paths = Object.keys((await app.inject({ method: 'GET', url: '/api/docs/json' })).json().paths as object);
    for (const p of [
      '/api/auth/codes',
      '/api/auth/password-reset',
      '/api/auth/logout-all',
      '/api/me/password',
      '/api/users/{id}/reset-code',
    ]) {
      expect(paths).toContain(p);
    }
  });
});

describe('SMS_SENDER=none', async () => {
  const plain = await buildTestApp({ smsSender: 'none' });

  it('has no phone verification: codes are refused with 409 SMS_DISABLED; resets go through the counter code', async () => {
    const res = await askCode(freshPhone(), 'signup', '127.0.0.1', plain);
    expectError(res, 409, 'SMS_DISABLED');
    expect(res.json().message).toContain('工会');
    expect((await plain.app.inject({ method: 'GET', url: '/api/auth/settings' })).json()).toMatchObject({
      phoneVerification: false,
      outboxPage: false,
    });
    const organizer = await plain.user(['organizer'], plain.orgs.district);
    const w = await plain.user(['worker'], plain.orgs.base);
    const { code } = (await plain.app.inject({ method: 'POST', url: `/api/users/${w.id}/reset-code`, headers: organizer.auth })).json() as {
      code: string;
    };
    expect((await reset({ phone: w.phone, code, password: 'Counter-reset-1' }, plain)).statusCode).toBe(204);
    expect(await loginStatus(w.phone, 'Counter-reset-1', plain)).toBe(200);
    expect(fs.existsSync(plain.outbox)).toBe(false);
  });
});

describe('SMS_SENDER=webhook, against a real HTTP receiver', async () => {
  const SECRET = 'union-gateway-shared-secret-2026';
  const received: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  let answer = 200;
  let hold: Promise<void> | null = null;
  let arrived: () => void = () => {};
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      arrived();
      void (hold ?? Promise.resolve()).then(() => {
        res.statusCode = answer;
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  const logged: string[] = [];
  const gateway = await buildTestApp(
    {
      smsSender: 'webhook',
      smsWebhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms`,
      smsWebhookSecret: SECRET,
      smsWebhookTimeoutMs: 2000,
    },
    { level: 'error', stream: { write: (line: string) => void logged.push(line) } },
  );
  const nextArrival = () => new Promise<void>((resolve) => (arrived = resolve));

  it('POSTs the JSON signed with X-Gongjiang-Signature: sha256=<HMAC of the exact body>, which the receiver can verify', async () => {
    const phone = freshPhone();
    const arrival = nextArrival();
    expect((await askCode(phone, 'signup', '127.0.0.1', gateway)).statusCode).toBe(202);
    await arrival;
    const { headers, body } = received.at(-1)!;
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(headers['x-gongjiang-signature']).toBe(webhookSignature(body, SECRET));
    expect(headers['x-gongjiang-signature']).not.toBe(webhookSignature(body, 'some-other-secret-value'));
    const message = JSON.parse(body.toString('utf8')) as Record<string, string>;
    expect(Object.keys(message).sort()).toEqual(['at', 'code', 'purpose', 'text', 'to']);
    expect(message).toMatchObject({ to: phone, purpose: 'signup' });
    // the code the gateway texted signs the worker up
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { phone, password: PASSWORD, name: '网关', code: message.code },
    });
    expect(res.statusCode).toBe(201);
    expect(fs.existsSync(gateway.outbox)).toBe(false);
  });

  it('answers before the gateway does, and a failing gateway is logged, never shown to the caller', async () => {
    let release: () => void = () => {};
    hold = new Promise<void>((resolve) => (release = resolve));
    answer = 500;
    const arrival = nextArrival();
    const phone = freshPhone();
    const res = await askCode(phone, 'signup', '127.0.0.1', gateway);
    // the gateway has not answered yet (it may not even have the request): the caller already has its 202
    expect(res.statusCode).toBe(202);
    await arrival;
    expect(logged).toEqual([]);
    release();
    await gateway.app.services.phoneCodes.idle();
    hold = null;
    answer = 200;
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('SMS (webhook) not delivered');
    expect(logged[0]).toContain('SMS gateway answered 500');
    expect(logged[0]).toContain(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    const code = JSON.parse(received.at(-1)!.body.toString('utf8')).code as string;
    expect(logged[0]).not.toContain(code);
    expect(logged[0]).not.toContain(phone);
  });
});
