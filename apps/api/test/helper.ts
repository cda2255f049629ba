import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyServerOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, expect } from 'vitest';
import { buildApp } from '../src/app';
import type { Database } from '../src/data/database';
import { openDatabase } from '../src/data/open';
import type { Role } from '@gongjiang/domain';
import { hashPassword } from '../src/lib/passwords';
import { freshDatabase, TEST_BACKEND } from './support/backend';
import { addOrg, type OrgNode } from './support/org-tree';

export const PASSWORD = 'Passw0rd!';

export interface TestApp {
  app: FastifyInstance;
  /** the app's database (SQLite file or PostgreSQL, by GJ_TEST_BACKEND): fixtures and checks go through it */
  database: Database;
  /** the SQLite file (on PostgreSQL unused, but its folder holds the run's other files: the SMS outbox) */
  file: string;
  /** postgres://… of the test's database on PostgreSQL */
  url?: string;
  backend: 'sqlite' | 'postgres';
  /** a second connection (pool) to the same database, as another API process opens it; closed after the file */
  openAgain(): Promise<Database>;
  /** another API process on the same database: its own connection, caches and pollers, the same JWT secret */
  anotherApp(config?: Record<string, unknown>): Promise<FastifyInstance>;
  orgs: { federation: number; district: number; otherDistrict: number; base: number; otherBase: number; baseInOther: number };
  trades: { fitter: number; electrician: number };
  /** logs in and returns the bearer header */
  login(phone: string, password?: string): Promise<{ authorization: string }>;
  /** creates a user directly (fast path for fixtures) and returns its id and auth header */
  user(roles: Role[], orgId: number | null, phone?: string): Promise<{ id: number; phone: string; auth: { authorization: string } }>;
  /** the SMS outbox file this app writes (SMS_SENDER=outbox) */
  outbox: string;
  /** the newest code texted to the phone (read from the outbox, as a person reads their phone), or null */
  lastCode(phone: string): Promise<string | null>;
  /** asks for a sign-up code and signs up with it through the API, as a worker does */
  signUp(phone: string, password?: string, name?: string): Promise<LightMyRequestResponse>;
}

let phoneSeq = 13700000000;
let passwordHash: Promise<string> | undefined;

/** Builds the real app on a fresh database with a small organisation tree and two trades. */
export async function buildTestApp(config: Record<string, unknown> = {}, logger: FastifyServerOptions['logger'] = false): Promise<TestApp> {
  const fresh = await freshDatabase();
  const { db: database, file } = fresh;
  const outbox = path.join(path.dirname(file), 'sms-outbox.jsonl');
  const app = await buildApp({
    database,
    logger,
    checkResponses: true,
    // no job loop: a test drains the queue itself (app.services.jobs.runDue())
    config: { databasePath: file, smsOutboxPath: outbox, authRateLimit: 10_000, seed: 'none', jobsPollMs: 0, ...config },
  });
  const others: { app?: FastifyInstance; db: Database }[] = [];
  const openAgain = async () => {
    const db = await openDatabase({ url: fresh.url, file, migrate: false, poolSize: 4 });
    others.push({ db });
    return db;
  };
  const anotherApp = async (more: Record<string, unknown> = {}) => {
    const db = await openAgain();
    const other = await buildApp({
      database: db,
      config: {
        databasePath: file,
        smsOutboxPath: outbox,
        jwtSecret: app.config.jwtSecret,
        authRateLimit: 10_000,
        seed: 'none',
        jobsPollMs: 0,
        ...more,
      },
    });
    others.at(-1)!.app = other;
    return other;
  };
  const { fed, d1, d2, b1, b2, b3, fitter, electrician } = await database.tx(async (t) => {
    const { trades } = t.s;
    const org = (name: string, kind: 'federation' | 'district' | 'base', parent: OrgNode | null) => addOrg(t, name, kind, parent);
    const fed = await org('无锡市总工会', 'federation', null);
    const d1 = await org('梁溪区总工会', 'district', fed);
    const d2 = await org('滨湖区总工会', 'district', fed);
    const b1 = await org('无锡供电公司工会', 'base', d1);
    const b2 = await org('无锡一棉纺织集团有限公司工会', 'base', d1);
    const b3 = await org('中国船舶重工集团公司第七〇二研究所工会', 'base', d2);
    const trade = async (code: string, name: string, nameEn: string) =>
      (await t.orm.insert(trades).values({ code, name, nameEn }).returning())[0]!;
    return {
      fed,
      d1,
      d2,
      b1,
      b2,
      b3,
      fitter: await trade('6-20-01-01', '钳工', 'Fitter'),
      electrician: await trade('6-31-01-03', '电工', 'Electrician'),
    };
  });

  const login = async (phone: string, password = PASSWORD) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: phone, password } });
    if (res.statusCode !== 200) throw new Error(`login ${phone} failed: ${res.body}`);
    return { authorization: `Bearer ${res.json().accessToken}` };
  };
  const user = async (roles: Role[], orgId: number | null, phone = String(++phoneSeq)) => {
    passwordHash ??= hashPassword(PASSWORD);
    const hash = await passwordHash;
    const id = await database.tx(async (t) => {
      const { users, workerProfiles } = t.s;
      const [u] = await t.orm
        .insert(users)
        .values({ phone, name: `测试${phone.slice(-4)}`, passwordHash: hash, roles, orgId })
        .returning();
      await t.orm.insert(workerProfiles).values({ userId: u!.id, employerOrgId: roles.includes('worker') ? orgId : null });
      return u!.id;
    });
    return { id, phone, auth: await login(phone) };
  };
  const lastCode = async (phone: string) => {
    await app.services.phoneCodes.idle();
    if (!fs.existsSync(outbox)) return null;
    const lines = fs.readFileSync(outbox, 'utf8').trim().split('\n').reverse();
    const hit = lines.map((l) => JSON.parse(l) as { to: string; code: string; purpose: string }).find((m) => m.to === phone && m.purpose !== 'notice');
    return hit?.code ?? null;
  };
  const signUp = async (phone: string, password = PASSWORD, name = '新职工') => {
    const sent = await app.inject({ method: 'POST', url: '/api/auth/codes', payload: { phone, purpose: 'signup' } });
    if (sent.statusCode !== 202) throw new Error(`code for ${phone}: ${sent.body}`);
    const code = await lastCode(phone);
    return app.inject({ method: 'POST', url: '/api/auth/register', payload: { phone, password, name, code } });
  };
  afterAll(async () => {
    for (const o of others.reverse()) {
      await o.app?.close();
      await o.db.close();
    }
    await app.close();
    await fresh.dispose();
  });
  return {
    app,
    database,
    file,
    url: fresh.url,
    backend: TEST_BACKEND,
    openAgain,
    anotherApp,
    orgs: { federation: fed.id, district: d1.id, otherDistrict: d2.id, base: b1.id, otherBase: b2.id, baseInOther: b3.id },
    trades: { fitter: fitter.id, electrician: electrician.id },
    login,
    user,
    outbox,
    lastCode,
    signUp,
  };
}

export function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  const body = res.json() as { statusCode: number; code: string; message: string; error: string };
  expect({ status: res.statusCode, code: body.code }, res.body).toEqual({ status, code });
  expect(body.statusCode).toBe(status);
  expect(body.message).toMatch(/\S/);
}
