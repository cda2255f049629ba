import { describe, expect, it } from 'vitest';
import { makeResidentId } from '@gongjiang/domain';
import { sql } from 'drizzle-orm';
import { buildTestApp, expectError, PASSWORD } from './helper';
import { countOf, olderBy } from './support/rows';

const t = await buildTestApp();
const { app } = t;

const register = (payload: unknown) => app.inject({ method: 'POST', url: '/api/auth/register', payload: payload as object });

describe('POST /api/auth/register', () => {
  it('creates a worker account with the code texted to the phone, returns it without secrets and signs it in', async () => {
    const res = await t.signUp('13812345678', 'longenough', '李师傅');
    expect(res.statusCode, res.body).toBe(201);
    const { user, accessToken } = res.json();
    expect(user).toMatchObject({ phone: '13812345678', name: '李师傅', roles: ['worker'], orgId: null });
    expect(JSON.stringify(user)).not.toMatch(/password|argon/i);
    expect(res.cookies.find((c) => c.name === 'gj_refresh')?.httpOnly).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${accessToken}` } })).json().id).toBe(
      user.id,
    );
  });

  it('stores the password with argon2id', async () => {
    const row = await t.database.read.get<{ h: string }>(sql`select password_hash as "h" from users where phone = ${'13812345678'}`);
    expect(row!.h.startsWith('$argon2id$')).toBe(true);
  });

  it('texts no code to a phone that is already registered, and refuses the sign-up with BAD_CODE', async () => {
    const before = await t.lastCode('13812345678');
    // a minute later (the first code was asked for just now: 1 a minute per phone)
    await olderBy(t.database, 'phone_codes', ['created_at'], 2 * 60_000, sql`true`);
    const sent = await app.inject({ method: 'POST', url: '/api/auth/codes', payload: { phone: '13812345678', purpose: 'signup' } });
    expect(sent.statusCode).toBe(202);
    expect(await t.lastCode('13812345678')).toBe(before);
    expectError(await register({ phone: '13812345678', password: 'longenough', name: '又一个', code: before }), 400, 'BAD_CODE');
  });

  it.each([
    [{ phone: '1381234567', password: 'longenough', name: 'x', code: '123456' }, 'phone'],
    [{ phone: '23812345678', password: 'longenough', name: 'x', code: '123456' }, 'phone'],
    [{ phone: '13812345670', password: 'short', name: 'x', code: '123456' }, 'password'],
    [{ phone: '13812345670', password: 'longenough', code: '123456' }, 'name'],
    [{ phone: 13812345670, password: 'longenough', name: 'x', code: '123456' }, 'phone'],
    [{ phone: '13812345670', password: 'longenough', name: '   ', code: '123456' }, 'name'],
    [{ phone: '13812345670', password: 'longenough', name: 'x' }, 'code'],
    [{ phone: '13812345670', password: 'longenough', name: 'x', code: '' }, 'code'],
    [{ phone: '13812345670', password: 'longenough', name: 'x', code: 123456 }, 'code'],
  ])('rejects bad input %j with 400 VALIDATION naming the field', async (payload, field) => {
    const res = await register(payload);
    expectError(res, 400, 'VALIDATION');
    expect(res.json().message).toContain(field);
  });

  it('answers bad JSON and an empty body with 400 VALIDATION, never a 500', async () => {
    // bad JSON, then an empty body
    for (const payload of ['{"phone": ', '']) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/register', headers: { 'content-type': 'application/json' }, payload });
      expectError(r, 400, 'VALIDATION');
    }
    const array = await register([1, 2, 3]);
    expectError(array, 400, 'VALIDATION');
  });

  it('speaks English when asked', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { phone: '13812345678', password: 'longenough', name: 'x', code: '000000' },
    });
    expect(res.json().message).toBe('The code is wrong');
    const zh = await register({ phone: '13812345678', password: 'longenough', name: 'x', code: '000000' });
    expect(zh.json().message).toBe('验证码不正确');
  });
});

describe('POST /api/auth/register without phone verification (SMS_SENDER=none)', async () => {
  const plain = await buildTestApp({ smsSender: 'none' });
  const signUp = (payload: object, lang = 'zh-CN') =>
    plain.app.inject({ method: 'POST', url: '/api/auth/register', headers: { 'accept-language': lang }, payload });

  it('signs up without a code, and refuses a registered phone with 409 PHONE_TAKEN (zh or en)', async () => {
    expect((await signUp({ phone: '13812345678', password: 'longenough', name: '李师傅' })).statusCode).toBe(201);
    const again = await signUp({ phone: '13812345678', password: 'longenough', name: '又一个' });
    expectError(again, 409, 'PHONE_TAKEN');
    expect(again.json().message).toBe('该手机号已注册');
    expect((await signUp({ phone: '13812345678', password: 'longenough', name: 'x' }, 'en')).json().message).toBe(
      'This phone number is already registered',
    );
  });
});

describe('login, refresh, logout', () => {
  it('logs in with phone and password and sets an httpOnly refresh cookie', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: '13812345678', password: 'longenough' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(body.expiresIn).toBeGreaterThan(0);
    expect(body.user.phone).toBe('13812345678');
    const cookie = res.cookies.find((c) => c.name === 'gj_refresh');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.value.length).toBeGreaterThan(20);
  });

  it('refuses a wrong password with 401 BAD_CREDENTIALS, and an unknown phone the same way', async () => {
    expectError(
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: '13812345678', password: 'wrongwrong' } }),
      401,
      'BAD_CREDENTIALS',
    );
    expectError(
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: '13999999999', password: 'wrongwrong' } }),
      401,
      'BAD_CREDENTIALS',
    );
  });

  it('rate-limits repeated failures with 429, even with the right password afterwards', async () => {
    expect((await t.signUp('13855555555', 'rightright', '被爆破')).statusCode).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await app.inject({
            method: 'POST',
            url: '/api/auth/login',
            remoteAddress: '10.9.9.9',
            payload: { login: '13855555555', password: `wrong${i}xxx` },
          })
        ).statusCode,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const right = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: '13855555555', password: 'rightright' } });
    expectError(right, 429, 'LOGIN_LOCKED');
  });

  it('rotates the refresh token, and a replayed old token revokes the whole family', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: '13812345678', password: 'longenough' } });
    const first = login.cookies.find((c) => c.name === 'gj_refresh')!.value;
    const r1 = await app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { gj_refresh: first } });
    expect(r1.statusCode).toBe(200);
    expect(r1.json().accessToken).toBeTruthy();
    const second = r1.cookies.find((c) => c.name === 'gj_refresh')!.value;
    expect(second).not.toBe(first);
    // the stored value is a hash, not the token
    expect(await countOf(t.database, sql`select count(*) as "n" from refresh_tokens where token_hash = ${second}`)).toBe(0);
    expect(await countOf(t.database, sql`select count(*) as "n" from refresh_tokens`)).toBeGreaterThan(0);
    // replaying the first token fails and kills the second too
    expectError(await app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { gj_refresh: first } }), 401, 'INVALID_REFRESH');
    expectError(await app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { gj_refresh: second } }), 401, 'INVALID_REFRESH');
  });

  it('logout revokes the refresh token', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: '13812345678', password: 'longenough' } });
    const token = login.cookies.find((c) => c.name === 'gj_refresh')!.value;
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { gj_refresh: token } });
    expect(out.statusCode).toBe(204);
    expectError(await app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { gj_refresh: token } }), 401, 'INVALID_REFRESH');
  });

  it('refresh without a token is 401', async () => {
    expectError(await app.inject({ method: 'POST', url: '/api/auth/refresh' }), 401, 'INVALID_REFRESH');
  });
});

describe('GET /api/me and tokens', () => {
  it('returns the account with roles and profile', async () => {
    const auth = await t.login('13812345678', 'longenough');
    const res = await app.inject({ method: 'GET', url: '/api/me', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      phone: '13812345678',
      roles: ['worker'],
      profile: { complete: false, skillLevel: null, highSkill: false },
    });
  });

  it('also accepts the access token from the httpOnly cookie the web app keeps', async () => {
    const auth = await t.login('13812345678', 'longenough');
    const res = await app.inject({ method: 'GET', url: '/api/me', cookies: { gj_access: auth.authorization.slice(7) } });
    expect(res.statusCode).toBe(200);
  });

  it.each([
    ['no header', {}],
    ['garbage bearer', { authorization: 'Bearer not.a.jwt' }],
    ['wrong scheme', { authorization: 'Basic abc' }],
    ['empty bearer', { authorization: 'Bearer ' }],
    ['unicode junk', { authorization: 'Bearer ÿÿÿ' }],
    [
      'forged signature',
      { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjEsInJvbGVzIjpbImFkbWluIl19.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    ],
    ['alg none', { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOjEsInJvbGVzIjpbImFkbWluIl19.' }],
  ])('answers a bad token (%s) with 401, never 500', async (_name, headers) => {
    expectError(await app.inject({ method: 'GET', url: '/api/me', headers }), 401, 'UNAUTHORIZED');
  });

  it('rejects an expired access token', async () => {
    const expired = app.jwt.sign({ sub: 1, roles: ['worker'], orgId: null, sv: 0, sid: 'x' }, { expiresIn: -10 });
    expectError(await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${expired}` } }), 401, 'UNAUTHORIZED');
  });
});

describe('PUT /api/me/profile', () => {
  const good = () => ({
    name: '王建国',
    idNumber: makeResidentId('320202', '19880615', 123),
    employerOrgId: t.orgs.base,
    tradeId: t.trades.electrician,
    skillLevel: 'intermediate',
    certificateNo: 'S000123',
    unionMember: true,
  });

  it('saves a complete profile and keeps the account org in step with the employer', async () => {
    const w = await t.user(['worker'], null);
    const res = await app.inject({ method: 'PUT', url: '/api/me/profile', headers: w.auth, payload: good() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      complete: true,
      birthDate: '1988-06-15',
      gender: 'male',
      employer: '无锡供电公司工会',
      skillLevel: 'intermediate',
      highSkill: false,
    });
    const me = (await app.inject({ method: 'GET', url: '/api/me', headers: w.auth })).json();
    expect(me.orgId).toBe(t.orgs.base);
    expect(me.name).toBe('王建国');
    expect(me.profile.idNumber).toBe(good().idNumber);
  });

  it('cleans a resident ID typed in groups (spaces, a full-width space, lower-case x) and stores the 18 characters', async () => {
    const w = await t.user(['worker'], null);
    const id = makeResidentId('320202', '19900101', 457); // one with an even sequence, unused by the other cases
    const typed = `${id.slice(0, 6)} ${id.slice(6, 14)}\u3000${id.slice(14).toLowerCase()} `;
    const res = await app.inject({ method: 'PUT', url: '/api/me/profile', headers: w.auth, payload: { ...good(), idNumber: typed } });
    expect(res.statusCode, res.body).toBe(200);
    const me = (await app.inject({ method: 'GET', url: '/api/me', headers: w.auth })).json();
    expect(me.profile.idNumber).toBe(id);
  });

  it('refuses a resident ID with a bad checksum with 400 VALIDATION naming idNumber', async () => {
    const w = await t.user(['worker'], null);
    const id = good().idNumber;
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const res = await app.inject({ method: 'PUT', url: '/api/me/profile', headers: w.auth, payload: { ...good(), idNumber: wrong } });
    expectError(res, 400, 'VALIDATION');
    expect(res.json().message).toMatch(/idNumber/);
  });

  it('refuses an impossible birth date, an unknown employer, a district as employer and a bad level', async () => {
    const w = await t.user(['worker'], null);
    for (const patch of [
      { idNumber: makeResidentId('320202', '19990230', 1) },
      { employerOrgId: 99999 },
      { employerOrgId: t.orgs.district },
      { skillLevel: 'grandmaster' },
      { tradeId: 99999 },
      { unionMember: 'yes' },
    ]) {
      expectError(
        await app.inject({ method: 'PUT', url: '/api/me/profile', headers: w.auth, payload: { ...good(), ...patch } }),
        400,
        'VALIDATION',
      );
    }
  });

  it('refuses a resident ID already used by another account with 409', async () => {
    const a = await t.user(['worker'], null);
    const b = await t.user(['worker'], null);
    const idNumber = makeResidentId('320211', '19900101', 7);
    expect(
      (await app.inject({ method: 'PUT', url: '/api/me/profile', headers: a.auth, payload: { ...good(), idNumber } })).statusCode,
    ).toBe(200);
    expectError(
      await app.inject({ method: 'PUT', url: '/api/me/profile', headers: b.auth, payload: { ...good(), idNumber } }),
      409,
      'ID_NUMBER_TAKEN',
    );
  });

  it('is for workers only', async () => {
    const judge = await t.user(['judge'], t.orgs.base);
    expectError(await app.inject({ method: 'PUT', url: '/api/me/profile', headers: judge.auth, payload: good() }), 403, 'FORBIDDEN');
  });
});

describe('POST /api/users', () => {
  const body = (over: Record<string, unknown> = {}) => ({
    phone: String(13600000000 + Math.floor(Math.random() * 99999999)),
    name: '新账号',
    password: PASSWORD,
    roles: ['judge'],
    orgId: t.orgs.base,
    ...over,
  });

  it('lets an admin create any account', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin.auth,
      payload: body({ roles: ['organizer'], orgId: t.orgs.district }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().user.roles).toEqual(['organizer']);
  });

  it('lets an organizer create accounts inside their subtree only, never an admin', async () => {
    const org = await t.user(['organizer'], t.orgs.district);
    expect((await app.inject({ method: 'POST', url: '/api/users', headers: org.auth, payload: body() })).statusCode).toBe(201);
    expectError(
      await app.inject({ method: 'POST', url: '/api/users', headers: org.auth, payload: body({ orgId: t.orgs.baseInOther }) }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await app.inject({ method: 'POST', url: '/api/users', headers: org.auth, payload: body({ roles: ['admin'] }) }),
      403,
      'FORBIDDEN',
    );
  });

  it('puts judges and workers under a base union', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    expectError(
      await app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: body({ orgId: t.orgs.district }) }),
      400,
      'VALIDATION',
    );
  });

  it('is refused to workers and judges', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    expectError(await app.inject({ method: 'POST', url: '/api/users', headers: w.auth, payload: body() }), 403, 'FORBIDDEN');
    expectError(await app.inject({ method: 'POST', url: '/api/users', payload: body() }), 401, 'UNAUTHORIZED');
  });

  it('answers a taken phone with 409 PHONE_TAKEN', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const b = body();
    expect((await app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: b })).statusCode).toBe(201);
    expectError(await app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: b }), 409, 'PHONE_TAKEN');
  });
});

describe('GET /api/users', () => {
  it('lists accounts in the caller’s subtree by role, with masked phones', async () => {
    const judgeHere = await t.user(['judge'], t.orgs.base);
    const judgeThere = await t.user(['judge'], t.orgs.baseInOther);
    const organizer = await t.user(['organizer'], t.orgs.district);
    const res = await app.inject({ method: 'GET', url: '/api/users?role=judge&pageSize=200', headers: organizer.auth });
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((u: { id: number }) => u.id);
    expect(ids).toContain(judgeHere.id);
    expect(ids).not.toContain(judgeThere.id);
    for (const u of res.json().items) expect(u.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const w = await t.user(['worker'], t.orgs.base);
    expectError(await app.inject({ method: 'GET', url: '/api/users', headers: w.auth }), 403, 'FORBIDDEN');
  });

  it('GET /api/users: staff by name from the staff index, workers by organisation, a judge who is also a worker in both', async () => {
    const organizer = await t.user(['organizer'], t.orgs.district);
    const both = await t.user(['worker', 'judge'], t.orgs.otherBase);
    const older = await t.user(['worker'], t.orgs.otherBase);
    const newer = await t.user(['worker'], t.orgs.otherBase);
    const list = async (q: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/users?${q}`, headers: organizer.auth });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { id: number; name: string }[]; total: number; totalCapped: boolean };
    };
    const judges = await list('role=judge&pageSize=200');
    expect(judges.items.map((u) => u.id)).toContain(both.id);
    const names = judges.items.map((u) => u.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const workers = await list('role=worker&pageSize=200');
    const ids = workers.items.map((u) => u.id);
    const orgs = workers.items.map((u) => (u as unknown as { orgId: number }).orgId);
    expect(orgs).toEqual([...orgs].sort((a, b) => a - b));
    expect(ids.indexOf(older.id)).toBe(ids.indexOf(newer.id) - 1);
    expect(ids).toContain(both.id);
    expect(workers).toMatchObject({ total: ids.length, totalCapped: false });
    const staffQuery = `select id from users where org_id in (1, 2) and roles <> '["worker"]' order by org_id, name`;
    // PostgreSQL's planner scans a table this small rather than use any index: asked to avoid that, it must pick this one
    const plan =
      t.backend === 'sqlite'
        ? (await t.database.read.all<{ detail: string }>(sql.raw(`explain query plan ${staffQuery}`))).map((p) => p.detail).join(' ')
        : await t.database.tx(async (tx) => {
            await tx.run(sql`set local enable_seqscan = off`);
            return JSON.stringify(await tx.all(sql.raw(`explain ${staffQuery}`)));
          });
    expect(plan).toContain('users_staff_idx');
  });
});
