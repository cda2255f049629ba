/**
 * The identity services (accounts, sessions, phone codes, the login throttle, identity on record, the first admin) on
 * the run's backend — a fresh SQLite file, or PostgreSQL with GJ_TEST_BACKEND=postgres — called directly, as the routes
 * call them: the same repositories, lock roots and transactions on both, and the races PostgreSQL lets happen (two
 * rotations of one refresh token, two uses of one code, revocations committing out of id order) decided as on SQLite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/data/database';
import { ensureAdmin, hasAdmin } from '../src/seed/admin';
import { AuditTrail } from '../src/services/audit';
import { identityServices } from '../src/services/index';
import { PhoneCodesService } from '../src/services/phone-codes';
import { DatabaseRateStore } from '../src/services/rate-limit-store';
import { Scope, type Caller } from '../src/services/scope';
import { SessionsService } from '../src/services/sessions';
import { OutboxSender } from '../src/services/sms';
import { freshDatabase, TEST_BACKEND, type TestDatabase } from './support/backend';
import { addOrg, type OrgNode } from './support/org-tree';

const ACCESS_TTL = 900;
const SECRET = 'identity-backends-test-secret-0123456789';
const PASSWORD = 'Kq7#mVx2-backend';

let fresh: TestDatabase;
let db: Database;
let outbox: OutboxSender;
let sessions: SessionsService;
let s: ReturnType<typeof identityServices>;
let f: { district: number; base: number; otherBase: number; tradeId: number; organizer: Caller };
let phoneSeq = 13900000000;
const nextPhone = () => String(++phoneSeq);

/** The newest code texted to the phone, read from the outbox as a person reads their phone. */
async function lastCode(phone: string): Promise<string> {
  await s.phoneCodes.idle();
  const hit = (await outbox.newest(50, phone))[0];
  if (!hit) throw new Error(`no code for ${phone}`);
  return hit.code;
}

const count = async (query: ReturnType<typeof sql>) => Number((await db.read.get<{ n: number }>(query))?.n ?? 0);

beforeAll(async () => {
  fresh = await freshDatabase();
  db = fresh.db;
  outbox = new OutboxSender(path.join(path.dirname(fresh.file), 'sms-outbox.jsonl'));
  sessions = new SessionsService(db, ACCESS_TTL, 30 * 86_400);
  await sessions.start();
  const phoneCodes = new PhoneCodesService(db, SECRET, outbox, pino({ level: 'silent' }));
  s = identityServices(db, new AuditTrail(), new Scope(db), sessions, phoneCodes);
  f = await db.tx(async (t) => {
    const { trades } = t.s;
    const org = (name: string, kind: 'federation' | 'district' | 'base', parent: OrgNode | null) => addOrg(t, name, kind, parent);
    const fed = await org('无锡市总工会', 'federation', null);
    const district = await org('梁溪区总工会', 'district', fed);
    const other = await org('滨湖区总工会', 'district', fed);
    const base = await org('无锡供电公司工会', 'base', district);
    const otherBase = await org('中国船舶重工集团公司第七〇二研究所工会', 'base', other);
    const [trade] = await t.orm.insert(trades).values({ code: '6-20-01-01', name: '钳工', nameEn: 'Fitter' }).returning();
    return {
      district: district.id,
      base: base.id,
      otherBase: otherBase.id,
      tradeId: trade!.id,
      organizer: { id: 0, roles: [], orgId: null },
    };
  });
  const organizer = await s.accounts.createUser(
    { phone: nextPhone(), password: PASSWORD, name: '组织者', roles: ['organizer'], orgId: f.district },
    null,
  );
  f.organizer = { id: organizer.id, roles: ['organizer'], orgId: f.district };
});

afterAll(async () => {
  sessions?.stop();
  await s?.phoneCodes.idle();
  await fresh?.dispose();
});

describe('accounts', () => {
  it('creates an account with its profile and audit entry; a second one with the phone is PHONE_TAKEN (by index name)', async () => {
    const phone = nextPhone();
    const user = await s.accounts.createUser(
      { phone, password: PASSWORD, name: ' 王师傅 ', roles: ['worker'], orgId: f.base },
      f.organizer.id,
    );
    expect(user).toMatchObject({ phone, name: '王师傅', roles: ['worker'], orgId: f.base, disabled: false, sessionVersion: 0 });
    expect(await s.accounts.profileOf(user.id)).toMatchObject({ employerOrgId: f.base, complete: false, identityLocked: false });
    expect(await count(sql`select count(*) as n from audit_log where action = 'user.create' and entity_id = ${user.id}`)).toBe(1);
    await expect(
      s.accounts.createUser({ phone, password: PASSWORD, name: '另一个', roles: ['worker'], orgId: f.base }, null),
    ).rejects.toMatchObject({ statusCode: 409, code: 'PHONE_TAKEN' });
    expect(await count(sql`select count(*) as n from users where phone = ${phone}`)).toBe(1);
  });

  it('checks credentials (disabled accounts never pass) and lists the subtree by role and search term', async () => {
    const phone = nextPhone();
    const judge = await s.accounts.createUser({ phone, password: PASSWORD, name: '李裁判', roles: ['judge'], orgId: f.base }, null);
    expect((await s.accounts.checkCredentials(phone, PASSWORD))?.id).toBe(judge.id);
    expect(await s.accounts.checkCredentials(phone, 'wrong-password')).toBeNull();
    const judges = await s.accounts.listUsers(f.organizer, { role: 'judge', page: 1, pageSize: 20 });
    expect(judges.items.map((u) => u.id)).toContain(judge.id);
    expect(judges.items.every((u) => u.roles.includes('judge') && /^\d{3}\*{4}\d{4}$/.test(u.phone))).toBe(true);
    expect((await s.accounts.listUsers(f.organizer, { q: '李裁', page: 1, pageSize: 20 })).items.map((u) => u.id)).toEqual([judge.id]);
    // wildcards are taken literally
    expect((await s.accounts.listUsers(f.organizer, { q: '%', page: 1, pageSize: 20 })).total).toBe(0);
    // out of the organizer's subtree: not listed
    const far = await s.accounts.createUser(
      { phone: nextPhone(), password: PASSWORD, name: '远方', roles: ['judge'], orgId: f.otherBase },
      null,
    );
    expect((await s.accounts.listUsers(f.organizer, { role: 'judge', page: 1, pageSize: 20 })).items.map((u) => u.id)).not.toContain(
      far.id,
    );
    await expect(s.accounts.managedUser(f.organizer, far.id)).rejects.toMatchObject({ statusCode: 404 });

    const disabled = await s.accounts.updateUser(judge, { disabled: true }, f.organizer.id);
    expect(disabled).toMatchObject({ id: judge.id, disabled: true });
    expect(await s.accounts.checkCredentials(phone, PASSWORD)).toBeNull();
  });

  it('keeps the profile: resident ID taken (by index name), identity locked once on record, corrected by an organizer', async () => {
    const a = await s.accounts.createUser({ phone: nextPhone(), password: PASSWORD, name: '甲', roles: ['worker'], orgId: f.base }, null);
    const b = await s.accounts.createUser({ phone: nextPhone(), password: PASSWORD, name: '乙', roles: ['worker'], orgId: f.base }, null);
    const input = {
      name: '甲',
      idNumber: '11010519491231002X',
      employerOrgId: f.base,
      tradeId: f.tradeId,
      skillLevel: null,
      unionMember: true,
    };
    expect(await s.accounts.updateProfile(a.id, input)).toMatchObject({ idNumber: '11010519491231002X', complete: true, gender: 'female' });
    await expect(s.accounts.updateProfile(b.id, { ...input, name: '乙' })).rejects.toMatchObject({ code: 'ID_NUMBER_TAKEN' });

    await db.tx(async (t) => {
      await t.orm.insert(t.s.promotions).values({
        workerId: a.id,
        fromLevel: null,
        toLevel: 'junior',
        sourceType: 'training',
        orgId: f.base,
        promotedOn: '2026-03-01',
        year: 2026,
        becameHighSkill: false,
        holderName: '甲',
      });
    });
    expect((await s.accounts.profileOf(a.id))?.identityLocked).toBe(true);
    await expect(s.accounts.updateProfile(a.id, { ...input, name: '甲乙' })).rejects.toMatchObject({ code: 'IDENTITY_LOCKED' });
    await expect(s.accounts.updateProfile(a.id, { ...input, skillLevel: 'senior' })).rejects.toMatchObject({ code: 'LEVEL_LOCKED' });

    const target = (await s.accounts.managedUser(f.organizer, a.id))!;
    const corrected = await s.identity.correct(target, { name: '甲丙' }, '户籍更名', f.organizer.id);
    expect(corrected).toMatchObject({ name: '甲丙', residentId: '110105********002X', identityLocked: true });
    await expect(s.identity.correct(target, { idNumber: '11010519491231002X' }, '无', f.organizer.id)).resolves.toMatchObject({
      name: '甲丙',
    });
  });
});

describe('sessions', () => {
  it('rotates a refresh token; a replayed one ends its whole session', async () => {
    const user = await s.accounts.createUser(
      { phone: nextPhone(), password: PASSWORD, name: '轮换', roles: ['worker'], orgId: f.base },
      null,
    );
    const first = await sessions.startSession(user.id);
    const second = await sessions.rotateRefreshToken(first.token);
    expect(second.family).toBe(first.family);
    await expect(sessions.rotateRefreshToken(first.token)).rejects.toMatchObject({ statusCode: 401, code: 'INVALID_REFRESH' });
    // the replay revoked the family: the token issued by the rotation is dead too, and so are its access tokens
    await expect(sessions.rotateRefreshToken(second.token)).rejects.toMatchObject({ code: 'INVALID_REFRESH' });
    const now = Math.floor(Date.now() / 1000);
    expect(sessions.accepts({ ...sessions.claims(user, first.family), iat: now, exp: now + ACCESS_TTL })).toBe(false);
  });

  it('two rotations of one refresh token at once: one succeeds, the other is 401', async () => {
    const user = await s.accounts.createUser(
      { phone: nextPhone(), password: PASSWORD, name: '并发', roles: ['worker'], orgId: f.base },
      null,
    );
    for (let round = 0; round < 5; round++) {
      const { token } = await sessions.startSession(user.id);
      const outcomes = await Promise.allSettled([sessions.rotateRefreshToken(token), sessions.rotateRefreshToken(token)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ statusCode: 401, code: 'INVALID_REFRESH' });
    }
  });

  it('ending every session raises the version another process sees on its next poll', async () => {
    const user = await s.accounts.createUser(
      { phone: nextPhone(), password: PASSWORD, name: '全部', roles: ['worker'], orgId: f.base },
      null,
    );
    const other = new SessionsService(db, ACCESS_TTL, 86_400);
    await other.start();
    try {
      const { family } = await sessions.startSession(user.id);
      const now = Math.floor(Date.now() / 1000);
      const token = { ...sessions.claims(user, family), iat: now, exp: now + ACCESS_TTL };
      expect(other.accepts(token)).toBe(true);
      await s.accounts.endAllSessions(user.id, user.id);
      expect(sessions.accepts(token)).toBe(false);
      await other.sync();
      expect(other.accepts(token)).toBe(false);
      expect(await count(sql`select count(*) as n from refresh_tokens where user_id = ${user.id} and revoked_at is null`)).toBe(0);
    } finally {
      other.stop();
    }
  });

  it.runIf(TEST_BACKEND === 'postgres')('a revocation that commits after a younger one is still seen by the poll', async () => {
    const user = await s.accounts.createUser(
      { phone: nextPhone(), password: PASSWORD, name: '迟到', roles: ['worker'], orgId: f.base },
      null,
    );
    const [a, b] = [await sessions.startSession(user.id), await sessions.startSession(user.id)];
    const poller = new SessionsService(db, ACCESS_TTL, 86_400);
    await poller.start();
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const insertedA = new Promise<void>((r) => (inserted = r));
      // A takes the smaller id and commits last
      const slow = db.tx(async (t) => {
        await sessions.endFamily(t, user.id, a.family);
        inserted();
        await gate;
      });
      await insertedA;
      await db.tx((t) => sessions.endFamily(t, user.id, b.family));
      await poller.sync();
      release();
      await slow;
      await poller.sync();
      const now = Math.floor(Date.now() / 1000);
      for (const family of [a.family, b.family])
        expect(poller.accepts({ ...sessions.claims(user, family), iat: now, exp: now + ACCESS_TTL }), family).toBe(false);
    } finally {
      poller.stop();
    }
  });
});

describe('phone codes and the login throttle', () => {
  it('signs up with the texted code (sent after the commit); wrong codes count, five void it', async () => {
    const phone = nextPhone();
    await s.phoneCodes.request(phone, 'signup', '203.0.113.7');
    const code = await lastCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(s.accounts.register({ phone, password: PASSWORD, name: '新职工' }, wrong)).rejects.toMatchObject({
      code: 'BAD_CODE',
      extra: { reason: 'wrong' },
    });
    const user = await s.accounts.register({ phone, password: PASSWORD, name: '新职工' }, code);
    expect(user).toMatchObject({ phone, roles: ['worker'] });
    await expect(s.accounts.register({ phone, password: PASSWORD, name: '新职工' }, code)).rejects.toMatchObject({
      extra: { reason: 'used' },
    });
    // one a minute per phone
    await expect(s.phoneCodes.request(phone, 'reset', '203.0.113.7')).rejects.toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });

    const other = nextPhone();
    await s.phoneCodes.request(other, 'signup', '203.0.113.7');
    const good = await lastCode(other);
    const bad = good === '000000' ? '111111' : '000000';
    const reasons = [];
    for (let i = 0; i < 5; i++) {
      const e = await s.accounts
        .register({ phone: other, password: PASSWORD, name: '新职工' }, bad)
        .catch((err: { extra: { reason: string } }) => err);
      reasons.push((e as { extra: { reason: string } }).extra.reason);
    }
    expect(reasons).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'voided']);
    await expect(s.accounts.register({ phone: other, password: PASSWORD, name: '新职工' }, good)).rejects.toMatchObject({
      extra: { reason: 'voided' },
    });
  });

  it("one organizer's counter code used twice at once: one reset, the other BAD_CODE used", async () => {
    const phone = nextPhone();
    const user = await s.accounts.createUser({ phone, password: PASSWORD, name: '柜台', roles: ['worker'], orgId: f.base }, null);
    const { code } = await s.accounts.issueResetCode(user, f.organizer.id);
    expect(code).toMatch(/^\d{8}$/);
    const outcomes = await Promise.allSettled([
      s.accounts.resetPassword(phone, code, 'Zr8$pLw3-first'),
      s.accounts.resetPassword(phone, code, 'Zr8$pLw3-second'),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'BAD_CODE',
      extra: { reason: 'used' },
    });
    const resets = await count(sql`select count(*) as n from audit_log where action = 'user.password_reset' and entity_id = ${user.id}`);
    expect(resets).toBe(1);
    expect((await s.accounts.byId(user.id))?.sessionVersion).toBe(1);
  });

  it('locks a phone after five failures and forgives them on a right password', async () => {
    const phone = nextPhone();
    for (let i = 0; i < 5; i++) {
      await s.loginThrottle.assertAllowed(phone, '198.51.100.1');
      await s.loginThrottle.fail(phone, '198.51.100.1');
    }
    await expect(s.loginThrottle.assertAllowed(phone, '198.51.100.2')).rejects.toMatchObject({ statusCode: 429, code: 'LOGIN_LOCKED' });
    await s.loginThrottle.succeed(phone);
    await expect(s.loginThrottle.assertAllowed(phone, '198.51.100.2')).resolves.toBeUndefined();
    await s.loginThrottle.prune();
    await s.phoneCodes.prune();
    await sessions.prune();
  });
});

describe('rate limits in the database', () => {
  const incr = (store: DatabaseRateStore, key: string, windowMs = 60_000) =>
    new Promise<{ current: number; ttl: number }>((resolve, reject) =>
      store.incr(key, (err, res) => (err ? reject(err) : resolve(res!)), windowMs, 10),
    );

  it('counts every request of an address to a route exactly once across processes, per route, in fixed windows', async () => {
    const route = { routeInfo: { method: 'POST', url: '/api/auth/login' } } as never;
    // two API processes: two stores over the same database
    const [a, b] = [new DatabaseRateStore(db).child(route), new DatabaseRateStore(db).child(route)];
    const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => incr(i % 2 ? a : b, '192.0.2.55')));
    expect(hits.map((h) => h.current).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(hits.every((h) => h.ttl > 0 && h.ttl <= 60_000)).toBe(true);
    // another route, another address: counters of their own
    const other = new DatabaseRateStore(db).child({ routeInfo: { method: 'POST', url: '/api/auth/codes' } } as never);
    expect((await incr(other, '192.0.2.55')).current).toBe(1);
    expect((await incr(a, '192.0.2.56')).current).toBe(1);
    // a window that has run out starts again
    let now = Date.now() + 61_000;
    const later = new DatabaseRateStore(db, '', () => now).child(route);
    expect((await incr(later, '192.0.2.55')).current).toBe(1);
    expect((await incr(later, '192.0.2.55')).current).toBe(2);
    now += 2 * 3600_000;
    await new DatabaseRateStore(db, '', () => now).prune();
    expect(await count(sql`select count(*) as n from rate_limits`)).toBe(0);
  });
});

describe('the first admin', () => {
  it('is created once, also when two nodes start together', async () => {
    const phone = nextPhone();
    await Promise.all([ensureAdmin(db, phone, 'Adm1n-Pa55word!'), ensureAdmin(db, phone, 'Adm1n-Pa55word!')]).catch((e: unknown) => {
      // the loser of the race may meet the unique phone index; the account exists once either way
      expect(db.uniqueViolation(e)).toBe('users_phone_uq');
    });
    expect(await count(sql`select count(*) as n from users where phone = ${phone}`)).toBe(1);
    expect(await hasAdmin(db)).toBe(true);
    const admin = (await s.accounts.byPhone(phone))!;
    expect(admin.roles).toEqual(['admin']);
    expect((await s.accounts.profileOf(admin.id))?.employerOrgId).toBeNull();
    expect(fs.existsSync(fresh.file) || TEST_BACKEND === 'postgres').toBe(true);
  });
});
