import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers, moveContestTo } from './fixtures';
import { enqueue, BACKOFF_MS, LEASE_MS } from '../src/services/jobs';
import { webhookSignature } from '../src/services/sms';
import { auditsOf } from './support/rows';

const t = await buildTestApp({ publicOrigin: 'https://gj.example.org' });
const { app, database } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
const admin = await t.user(['admin'], null);
type Auth = { authorization: string };
type Worker = { id: number; auth: Auth };

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, auth?: Auth, payload?: object) =>
  app.inject({ method, url, headers: auth ?? {}, ...(payload ? { payload } : {}) });

/** drains the queue as the worker loop would (tests run no loop: JOBS_POLL_MS=0) */
const drain = (now?: Date, on: FastifyInstance = app) => on.services.jobs.runDue(now);

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * Another API process on the same database draining the queue (and first enqueueing the day's reminder scan when
 * `reminders`): a real process, as in production — on SQLite two apps in one Node process would wait on each other's
 * write lock synchronously. Resolves to how many jobs it ran.
 */
function drainElsewhere(now?: Date, reminders = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = [t.url ?? t.file, t.outbox, ...(now ? [now.toISOString()] : reminders ? [''] : []), ...(reminders ? ['reminders'] : [])];
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'support/drain-jobs.ts'), ...args], {
      env: { ...process.env, JWT_SECRET: app.config.jwtSecret },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number) : reject(new Error(`drain-jobs exited ${code}`))));
  });
}

interface Row {
  userId: number;
  type: string;
  title: string;
  body: string;
  link: string | null;
}
/** every notification of these people, by person */
async function notes(...workers: { id: number }[]): Promise<Row[]> {
  const ids = workers.map((w) => w.id);
  const rows = await database.read.all<Row>(
    sql`select user_id as "userId", type, title, body, link from notifications
        where user_id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}) order by id`,
  );
  return rows.map((r) => ({ ...r, userId: Number(r.userId) }));
}
const typesOf = async (w: { id: number }) => (await notes(w)).map((n) => n.type);
/** every job run again, as if a process had run it and died before recording it — or a second process had too */
const rerunAll = () => database.tx((tx) => tx.run(sql`update jobs set status = 'pending', run_at = ${new Date(0).toISOString()} where kind = 'notify'`));
const register = async (eventId: number, w: Worker) => {
  const r = await inject('POST', `/api/events/${eventId}/registrations`, w.auth);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: number; status: string };
};

describe('the job queue', () => {
  it('enqueues inside the change’s transaction: nothing when it rolls back', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { requiresApproval: true });
    const [a, b] = await makeWorkers(t, 2);
    const ra = await register(eventId, a!);
    const rb = await register(eventId, b!);
    await drain();
    const before = await database.read.get<{ n: number }>(sql`select count(*) as "n" from jobs`);
    // a bulk approval rolls back as a whole when one of its registrations cannot be approved (b is cancelled first)
    expect((await inject('DELETE', `/api/registrations/${rb.id}`, b!.auth)).statusCode).toBe(200);
    const bulk = await inject('POST', '/api/registrations/bulk', organizer.auth, { ids: [ra.id, rb.id], decision: 'approve' });
    expect(bulk.statusCode, bulk.body).toBe(409);
    await drain();
    expect(Number((await database.read.get<{ n: number }>(sql`select count(*) as "n" from jobs`))!.n)).toBe(Number(before!.n));
    expect(await typesOf(a!)).toEqual([]);
    // the same approval alone commits, and its notification follows — only once the queue runs, never inside the change
    expect((await inject('POST', `/api/registrations/${ra.id}/approve`, organizer.auth)).statusCode).toBe(200);
    expect(await typesOf(a!)).toEqual([]);
    await drain();
    expect(await typesOf(a!)).toEqual(['registration.approved']);
  });

  it('retries a failing job with exponential backoff, then marks it failed with its last error; admins see and retry it', async () => {
    let calls = 0;
    app.services.jobs.on('test.flaky', async () => {
      calls++;
      if (calls === 1) throw new Error('gateway down');
    });
    app.services.jobs.on('test.broken', async () => {
      throw new Error('always broken');
    });
    await database.tx((tx) => enqueue(tx, 'test.flaky', {}));
    await database.tx((tx) => enqueue(tx, 'test.broken', { n: 1 }, { maxAttempts: 3 }));
    const start = new Date(Date.now() + 1);
    await drain(start);
    expect(calls).toBe(1);
    const row = (kind: string) =>
      database.read.get<{ status: string; attempts: number; runAt: string; lastError: string | null }>(
        sql`select status, attempts, run_at as "runAt", last_error as "lastError" from jobs where kind = ${kind}`,
      );
    expect(await row('test.flaky')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'gateway down' });
    expect((await row('test.flaky'))!.runAt).toBe(new Date(start.getTime() + BACKOFF_MS).toISOString());
    // not before its time
    await drain(new Date(start.getTime() + BACKOFF_MS - 1));
    expect(calls).toBe(1);
    await drain(new Date(start.getTime() + BACKOFF_MS));
    expect(calls).toBe(2);
    expect(await row('test.flaky')).toMatchObject({ status: 'done', attempts: 2, lastError: null });
    // the broken one: 5 s, then 10 s later, then failed for good after its third attempt
    expect(await row('test.broken')).toMatchObject({ status: 'pending', attempts: 2 });
    expect((await row('test.broken'))!.runAt).toBe(new Date(start.getTime() + BACKOFF_MS + 2 * BACKOFF_MS).toISOString());
    await drain(new Date(start.getTime() + 3 * BACKOFF_MS));
    expect(await row('test.broken')).toMatchObject({ status: 'failed', attempts: 3, lastError: 'always broken' });
    await drain(new Date(start.getTime() + 3_600_000));
    expect(await row('test.broken')).toMatchObject({ status: 'failed', attempts: 3 });

    // admins see it; nobody else does
    const view = await inject('GET', '/api/admin/jobs', admin.auth);
    expect(view.statusCode, view.body).toBe(200);
    const failed = view.json().failed as { id: number; kind: string; lastError: string }[];
    const broken = failed.find((j) => j.kind === 'test.broken')!;
    expect(broken.lastError).toBe('always broken');
    expect(view.json().counts.failed).toBeGreaterThanOrEqual(1);
    expectError(await inject('GET', '/api/admin/jobs', organizer.auth), 403, 'FORBIDDEN');
    expectError(await inject('POST', `/api/admin/jobs/${broken.id}/retry`, organizer.auth), 403, 'FORBIDDEN');
    expect((await inject('POST', `/api/admin/jobs/${broken.id}/retry`, admin.auth)).statusCode).toBe(204);
    expect(await row('test.broken')).toMatchObject({ status: 'pending', attempts: 0 });
    // only a failed job can be retried
    expectError(await inject('POST', `/api/admin/jobs/${broken.id}/retry`, admin.auth), 404, 'NOT_FOUND');
    expectError(await inject('POST', '/api/admin/jobs/2147483647/retry', admin.auth), 404, 'NOT_FOUND');
    await database.tx((tx) => tx.run(sql`delete from jobs where kind like 'test.%'`));
  });

  it('a job whose process died (lease ran out) is taken over and still delivers exactly one notification', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const [w] = await makeWorkers(t, 1);
    await register(eventId, w!);
    // another process claims the job and dies before running it
    const now = new Date();
    const claimed = await database.tx((tx) =>
      tx.all(sql`update jobs set status = 'running', attempts = attempts + 1, locked_until = ${new Date(now.getTime() + LEASE_MS).toISOString()}
                 where kind = 'notify' and status = 'pending' returning id`),
    );
    expect(claimed.length).toBeGreaterThanOrEqual(1);
    await drain(now);
    expect(await typesOf(w!)).toEqual([]); // leased: not taken
    await drain(new Date(now.getTime() + LEASE_MS + 1000));
    expect(await typesOf(w!)).toEqual(['registration.confirmed']);
    await rerunAll();
    await drain();
    expect(await typesOf(w!)).toEqual(['registration.confirmed']);
  });

  it('two API processes on one database draining at once run each job once and deliver once', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 100 });
    const workers = await makeWorkers(t, 40);
    for (const w of workers) await register(eventId, w);
    const pending = Number(
      (await database.read.get<{ n: number }>(sql`select count(*) as "n" from jobs where status = 'pending' and kind = 'notify'`))!.n,
    );
    expect(pending).toBe(40);
    const [a, b] = await Promise.all([drainElsewhere(), drain()]);
    expect(a + b).toBe(40);
    const rows = await notes(...workers);
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(40);
    // and again, everything re-run by both at once: still one each
    await rerunAll();
    await Promise.all([drainElsewhere(), drain()]);
    expect(await notes(...workers)).toHaveLength(40);
  }, 180_000);
});

describe('each trigger: exactly one notification for each person concerned, none for others', () => {
  it('registration.confirmed, approved, rejected (with the reason), waitlist_promoted', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 2, requiresApproval: true });
    const [a, b, c, d] = await makeWorkers(t, 4);
    const ra = await register(eventId, a!);
    const rb = await register(eventId, b!);
    const rc = await register(eventId, c!); // waiting
    expect(rc.status).toBe('waitlisted');
    await drain();
    expect(await notes(a!, b!, c!)).toEqual([]); // pending and waiting: nothing to say yet
    expect((await inject('POST', `/api/registrations/${ra.id}/approve`, organizer.auth)).statusCode).toBe(200);
    const rej = await inject('POST', `/api/registrations/${rb.id}/reject`, organizer.auth, { reason: '工龄不满两年' });
    expect(rej.statusCode, rej.body).toBe(200);
    await drain();
    await rerunAll();
    await drain();
    expect(await notes(a!)).toEqual([
      expect.objectContaining({ type: 'registration.approved', title: '报名已通过审核', link: '/me/registrations' }),
    ]);
    const [rejected] = await notes(b!);
    expect(await notes(b!)).toHaveLength(1);
    expect(rejected).toMatchObject({ type: 'registration.rejected', title: '报名未通过审核' });
    expect(rejected!.body).toContain('工龄不满两年');
    // c moved up into b's seat (pending: the event needs approval)
    expect(await notes(c!)).toEqual([expect.objectContaining({ type: 'registration.waitlist_promoted', title: '候补递补：等待审核' })]);
    expect(await notes(d!)).toEqual([]);

    // an open event: a seat confirmed at once
    const open = await makeContest(t, organizer.auth, { capacity: 1 });
    const [e, f] = await makeWorkers(t, 2);
    const re = await register(open.eventId, e!);
    await register(open.eventId, f!);
    expect((await inject('DELETE', `/api/registrations/${re.id}`, e!.auth)).statusCode).toBe(200);
    await drain();
    expect(await typesOf(e!)).toEqual(['registration.confirmed']);
    expect(await notes(f!)).toEqual([
      expect.objectContaining({ type: 'registration.waitlist_promoted', title: '候补转正：你已获得参赛名额' }),
    ]);
  });

  it('registration.nominated', async () => {
    const city = await t.user(['organizer'], t.orgs.federation);
    const { eventId } = await makeContest(t, city.auth, { orgId: t.orgs.federation, event: { registrationMode: 'nomination' } });
    const [w, other] = await makeWorkers(t, 2);
    const r = await inject('POST', `/api/events/${eventId}/nominations`, city.auth, { workerIds: [w!.id] });
    expect(r.statusCode, r.body).toBe(200);
    await drain();
    expect(await notes(w!)).toEqual([expect.objectContaining({ type: 'registration.nominated', title: '你已被推荐参赛' })]);
    expect(await notes(other!)).toEqual([]);
  });

  it('draw.done, results.published (each their own result), appeal.decided, promotion.applied, certificate.issued', async () => {
    const { contestId, eventId, event } = await makeContest(t, organizer.auth, {
      capacity: 3,
      event: { scoring: { criteria: [{ name: '实操', maxScore: 100, kind: 'score' }] } },
    });
    const workers = await makeWorkers(t, 4, { level: 'intermediate' });
    const regs = [];
    for (const w of workers) regs.push(await register(eventId, w));
    const [bystander] = await makeWorkers(t, 1);
    await moveContestTo(t, organizer.auth, contestId, 'closed');
    expect((await inject('POST', `/api/events/${eventId}/draw`, organizer.auth, { seed: 'notify' })).statusCode).toBe(200);
    await drain();
    await rerunAll();
    await drain();
    const seated = workers.slice(0, 3);
    for (const w of seated) {
      const drawn = (await notes(w)).filter((n) => n.type === 'draw.done');
      expect(drawn).toHaveLength(1);
      expect(drawn[0]!.body).toMatch(/参赛号为 A\d{3}/);
    }
    expect((await notes(workers[3]!)).filter((n) => n.type === 'draw.done')).toEqual([]); // waiting: no number

    const judge = await t.user(['judge'], t.orgs.baseInOther);
    expect((await inject('POST', `/api/events/${eventId}/judges`, organizer.auth, { userId: judge.id, chief: true })).statusCode).toBe(201);
    const bibs = await database.read.all<{ workerId: number; bib: string }>(
      sql`select worker_id as "workerId", bib from registrations where event_id = ${eventId} and bib is not null`,
    );
    const bibOf = new Map(bibs.map((b) => [Number(b.workerId), b.bib]));
    const criterionId = (event.scoring.criteria as { id: number }[])[0]!.id;
    await moveContestTo(t, organizer.auth, contestId, 'started');
    const marks = [95, 80, 40];
    const items = seated.map((w, i) => ({ bib: bibOf.get(w.id)!, criterionId, score: marks[i]! }));
    expect((await inject('PUT', `/api/judging/events/${eventId}/scores/batch`, judge.auth, items as unknown as object)).statusCode).toBe(200);
    expect((await inject('POST', `/api/judging/events/${eventId}/submit`, judge.auth)).statusCode).toBe(200);
    const theory = seated.map((w) => ({ bib: bibOf.get(w.id)!, score: 90 }));
    expect((await inject('PUT', `/api/events/${eventId}/theory-scores`, organizer.auth, theory as unknown as object)).statusCode).toBe(200);
    await moveContestTo(t, organizer.auth, contestId, 'ended');
    expect((await inject('POST', `/api/events/${eventId}/results/publish`, organizer.auth)).statusCode).toBe(200);
    await drain();
    await rerunAll();
    await drain();
    const published = await Promise.all(seated.map(async (w) => (await notes(w)).filter((n) => n.type === 'results.published')));
    expect(published.map((p) => p.length)).toEqual([1, 1, 1]);
    expect(published[0]![0]!.body).toContain('第 1 名');
    expect(published[0]![0]!.link).toBe(`/results/${eventId}`);
    expect(published[2]![0]!.body).toContain('第 3 名');
    expect(published[2]![0]!.body).toContain('未合格');

    // an appeal, decided
    const appeal = await inject('POST', `/api/registrations/${regs[2]!.id}/appeals`, seated[2]!.auth, { reason: '评分与现场记录不符' });
    expect(appeal.statusCode, appeal.body).toBe(201);
    const decided = await inject('POST', `/api/appeals/${appeal.json().id}/decide`, judge.auth, { decision: 'dismissed', reason: '复核无误' });
    expect(decided.statusCode, decided.body).toBe(200);
    await drain();
    const appealNotes = (await notes(seated[2]!)).filter((n) => n.type === 'appeal.decided');
    expect(appealNotes).toHaveLength(1);
    expect(appealNotes[0]!.body).toContain('复核无误');
    expect((await notes(seated[0]!)).filter((n) => n.type === 'appeal.decided')).toEqual([]);

    // promotions: each promoted worker gets the promotion and its certificate, once
    const applied = await inject('POST', `/api/events/${eventId}/promotions`, organizer.auth);
    expect(applied.statusCode, applied.body).toBe(200);
    const promoted = new Set((applied.json() as { workerId: number }[]).map((p) => p.workerId));
    expect(promoted.size).toBeGreaterThan(0);
    await drain();
    await rerunAll();
    await drain();
    for (const w of workers) {
      const types = await typesOf(w);
      const n = promoted.has(w.id) ? 1 : 0;
      expect(types.filter((x) => x === 'promotion.applied')).toHaveLength(n);
      expect(types.filter((x) => x === 'certificate.issued')).toHaveLength(n);
    }
    const cert = (await notes(seated[0]!)).find((n) => n.type === 'certificate.issued');
    if (promoted.has(seated[0]!.id)) expect(cert!.link).toMatch(/^\/verify\/[\w-]+$/);
    expect(await notes(bystander!)).toEqual([]);
  });

  it('reminder: one per person for a contest starting tomorrow, however often the scan is enqueued and run', async () => {
    const { contestId, eventId } = await makeContest(t, organizer.auth, { capacity: 5 });
    const [w, waiting, none] = await makeWorkers(t, 3);
    await register(eventId, w!);
    await moveContestTo(t, organizer.auth, contestId, 'closed'); // starts in 24 hours
    const capacity = await inject('PATCH', `/api/events/${eventId}`, organizer.auth, { capacity: 5 });
    expect(capacity.statusCode, capacity.body).toBe(200);
    void waiting;
    await drain();
    // every process enqueues the day's scan; it runs once (at 08:00 Beijing time, or at once when that has passed)
    const now = new Date();
    await app.services.notifications.scheduleReminders(now);
    await app.services.notifications.scheduleReminders(now);
    const later = new Date(now.getTime() + 24 * 3_600_000);
    await Promise.all([drainElsewhere(later, true), drain(later)]);
    await drain(later);
    const reminders = (await notes(w!)).filter((n) => n.type === 'reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ title: '明天比赛', link: `/contests/${contestId}` });
    expect(await notes(none!)).toEqual([]);
    expect(
      Number((await database.read.get<{ n: number }>(sql`select count(*) as "n" from jobs where kind = 'reminders'`))!.n),
    ).toBe(1);
  }, 180_000);
});

describe('GET /api/me/notifications, POST /api/me/notifications/read', () => {
  it('lists newest first with unread counts and pages; marks one, several or all read — only the caller’s own', async () => {
    const [w, other] = await makeWorkers(t, 2);
    for (let i = 0; i < 3; i++) {
      const { eventId } = await makeContest(t, organizer.auth);
      await register(eventId, w!);
    }
    const { eventId } = await makeContest(t, organizer.auth);
    await register(eventId, other!);
    await drain();
    const list = await inject('GET', '/api/me/notifications', w!.auth);
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    expect(body).toMatchObject({ total: 3, unread: 3, page: 1, pageSize: 20 });
    const ids = (body.items as { id: number }[]).map((i) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const paged = (await inject('GET', '/api/me/notifications?page=2&pageSize=2', w!.auth)).json();
    expect(paged.items).toHaveLength(1);
    expect(paged.items[0].id).toBe(ids[2]);

    const otherId = ((await inject('GET', '/api/me/notifications', other!.auth)).json().items as { id: number }[])[0]!.id;
    expect((await inject('POST', '/api/me/notifications/read', w!.auth, { ids: [ids[0]!, otherId] })).statusCode).toBe(204);
    expect((await inject('GET', '/api/me/notifications', other!.auth)).json().unread).toBe(1); // never marked
    const after = (await inject('GET', '/api/me/notifications', w!.auth)).json();
    expect(after.unread).toBe(2);
    expect(after.items[0].readAt).not.toBeNull();
    const unreadOnly = (await inject('GET', '/api/me/notifications?unread=true', w!.auth)).json();
    expect(unreadOnly).toMatchObject({ total: 2, unread: 2 });
    expect((unreadOnly.items as { readAt: unknown }[]).every((i) => i.readAt === null)).toBe(true);
    expect((await inject('GET', '/api/me', w!.auth)).json().unreadNotifications).toBe(2);
    expect((await inject('POST', '/api/me/notifications/read', w!.auth, { all: true })).statusCode).toBe(204);
    expect((await inject('GET', '/api/me/notifications', w!.auth)).json().unread).toBe(0);
    expect((await inject('GET', '/api/me/notifications', other!.auth)).json().unread).toBe(1);
  });

  it('refuses bad input with 400 and no caller with 401', async () => {
    const [w] = await makeWorkers(t, 1);
    expect((await inject('GET', '/api/me/notifications')).statusCode).toBe(401);
    expect((await inject('POST', '/api/me/notifications/read', undefined, { all: true })).statusCode).toBe(401);
    for (const bad of [{}, { all: false }, { ids: [] }, { ids: ['x'] }, { ids: [0] }, { ids: [1e20] }])
      expect((await inject('POST', '/api/me/notifications/read', w!.auth, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    expect((await inject('GET', '/api/me/notifications?page=0', w!.auth)).statusCode).toBe(400);
    expect((await inject('GET', '/api/me/notifications?pageSize=1000', w!.auth)).statusCode).toBe(400);
    expect((await inject('GET', '/api/me/notifications?unread=maybe', w!.auth)).statusCode).toBe(400);
  });
});

describe('SMS for important notifications, to workers who opted in', () => {
  const optIn = async (w: Worker, on = true) => {
    const r = await inject('PUT', '/api/me/notification-settings', w.auth, { smsNotifications: on });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ smsNotifications: on });
  };
  const phoneOf = async (w: Worker) => (await database.read.get<{ phone: string }>(sql`select phone from users where id = ${w.id}`))!.phone;
  const outboxTo = (phone: string) =>
    fs.existsSync(t.outbox)
      ? fs
          .readFileSync(t.outbox, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { to: string; purpose: string; text: string })
          .filter((m) => m.to === phone)
      : [];

  it('default off; the setting is audited and shown in /api/me; texts go to the outbox once, short, with an absolute link', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { requiresApproval: true });
    const [on, off] = await makeWorkers(t, 2);
    expect((await inject('GET', '/api/me', on!.auth)).json().smsNotifications).toBe(false);
    await optIn(on!);
    expect((await inject('GET', '/api/me', on!.auth)).json().smsNotifications).toBe(true);
    expect(await auditsOf(database, 'user.sms_notifications', { entityId: on!.id })).toHaveLength(1);
    expect((await inject('PUT', '/api/me/notification-settings', on!.auth, { smsNotifications: 'yes' })).statusCode).toBe(400);
    const ra = await register(eventId, on!);
    const rb = await register(eventId, off!);
    await drain();
    for (const r of [ra, rb]) expect((await inject('POST', `/api/registrations/${r.id}/approve`, organizer.auth)).statusCode).toBe(200);
    await drain();
    await rerunAll();
    await drain();
    const texts = outboxTo(await phoneOf(on!));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ purpose: 'notice' });
    expect(texts[0]!.text).toContain('已通过审核');
    expect(texts[0]!.text).toContain('https://gj.example.org/me/registrations');
    expect(texts[0]!.text.length).toBeLessThanOrEqual(90);
    expect(outboxTo(await phoneOf(off!))).toEqual([]);
    // the admin's outbox page lists notices too
    const page = await inject('GET', `/api/admin/sms-outbox?phone=${await phoneOf(on!)}`, admin.auth);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().items[0].purpose).toBe('notice');
  });

  describe('through the webhook sender, against a real HTTP receiver', async () => {
    const SECRET = 'union-gateway-shared-secret-2026';
    const received: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
    let answer = 500;
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.statusCode = answer;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

    it('a failed send retries the SMS job only: the in-app notification stays one, the text arrives once it succeeds', async () => {
      const gateway = await t.anotherApp({
        smsSender: 'webhook',
        smsWebhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms`,
        smsWebhookSecret: SECRET,
        smsWebhookTimeoutMs: 2000,
        publicOrigin: 'https://gj.example.org',
      });
      const { eventId } = await makeContest(t, organizer.auth, { requiresApproval: true });
      const [w] = await makeWorkers(t, 1);
      await optIn(w!);
      const r = await register(eventId, w!);
      const rej = await inject('POST', `/api/registrations/${r.id}/reject`, organizer.auth, { reason: '名额已满' });
      expect(rej.statusCode).toBe(200);
      await drain(undefined, gateway);
      const start = new Date();
      expect(received).toHaveLength(1); // answered 500
      const smsJob = await database.read.get<{ status: string; attempts: number }>(
        sql`select status, attempts from jobs where kind = 'sms' order by id desc limit 1`,
      );
      expect(smsJob).toMatchObject({ status: 'pending', attempts: 1 });
      answer = 200;
      await drain(new Date(start.getTime() + BACKOFF_MS), gateway);
      expect(received).toHaveLength(2);
      const { headers, body } = received.at(-1)!;
      expect(headers['x-gongjiang-signature']).toBe(webhookSignature(body, SECRET));
      const message = JSON.parse(body.toString('utf8')) as { to: string; purpose: string; text: string };
      expect(message).toMatchObject({ to: await phoneOf(w!), purpose: 'notice' });
      expect(message.text).toContain('名额已满');
      expect(await typesOf(w!)).toEqual(['registration.rejected']);
      await drain(new Date(start.getTime() + 3_600_000), gateway);
      expect(received).toHaveLength(2);
    });
  });
});
