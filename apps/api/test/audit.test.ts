import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, expectError, type TestApp } from './helper';
import { makeContest, makeWorkers } from './fixtures';
import { queryPlan } from './support/plan';

interface Entry {
  id: number;
  action: string;
  entity: string;
  entityId: number | null;
  actorId: number | null;
  actorName: string | null;
  before: unknown;
  after: unknown;
}

describe('GET /api/audit', () => {
  let t: TestApp;
  let d1: { id: number; auth: { authorization: string } };
  let d2: { id: number; auth: { authorization: string } };
  let admin: { authorization: string };
  let mine: { contestId: number; eventId: number };
  let theirs: { contestId: number; eventId: number };
  let registrationId: number;

  const get = async (auth: { authorization: string }, query = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/audit${query}`, headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    return { items: res.json() as Entry[], hasMore: res.headers['x-has-more'] === 'true' };
  };

  beforeAll(async () => {
    t = await buildTestApp();
    d1 = await t.user(['organizer'], t.orgs.district);
    d2 = await t.user(['organizer'], t.orgs.otherDistrict);
    admin = (await t.user(['admin'], null)).auth;
    mine = await makeContest(t, d1.auth, { orgId: t.orgs.base });
    theirs = await makeContest(t, d2.auth, { orgId: t.orgs.baseInOther });
    const [w] = await makeWorkers(t, 1);
    const r = await t.app.inject({ method: 'POST', url: `/api/events/${mine.eventId}/registrations`, headers: w!.auth });
    registrationId = r.json().id;
    await t.app.inject({ method: 'DELETE', url: `/api/registrations/${registrationId}`, headers: w!.auth, payload: {} });
    // a cleared mark's entry names its event only in before/after
    await t.database.tx((tx) =>
      tx.orm.insert(tx.s.auditLog).values({
        at: new Date().toISOString(),
        actorId: d1.id,
        action: 'score.clear',
        entity: 'score',
        entityId: 999,
        before: { eventId: theirs.eventId, bib: 'A001', score: 7 },
        after: null,
      }),
    );
  });

  it('gives an organizer the trail of their subtree only, newest first, with before/after values', async () => {
    const { items } = await get(d1.auth);
    const ids = items.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const keys = items.map((e) => `${e.action}:${e.entityId}`);
    expect(keys).toContain(`contest.create:${mine.contestId}`);
    expect(keys).toContain(`registration.cancel:${registrationId}`);
    expect(keys).not.toContain(`contest.create:${theirs.contestId}`);
    expect(items.some((e) => e.entity === 'score')).toBe(false);
    const cancel = items.find((e) => e.action === 'registration.cancel')!;
    expect(cancel.before).toEqual({ status: 'confirmed' });
    expect(cancel.after).toEqual({ status: 'cancelled' });
    expect(cancel.actorName).toMatch(/\S/);

    const other = await get(d2.auth);
    expect(other.items.map((e) => `${e.action}:${e.entityId}`)).toEqual(
      expect.arrayContaining([`contest.create:${theirs.contestId}`, 'score.clear:999']),
    );
    expect(other.items.some((e) => e.entityId === mine.contestId && e.entity === 'contest')).toBe(false);
  });

  it('filters by entity and id, pages with x-has-more, and lets an admin read everything', async () => {
    const one = await get(d1.auth, `?entity=registration&entityId=${registrationId}`);
    expect(one.items.map((e) => e.action)).toEqual(['registration.cancel', 'registration.create']);
    expect(one.items.every((e) => e.entity === 'registration' && e.entityId === registrationId)).toBe(true);
    expect((await get(d1.auth, `?entity=contest&entityId=${theirs.contestId}`)).items).toEqual([]);

    const all = await get(admin);
    const p1 = await get(admin, '?pageSize=2');
    const p2 = await get(admin, '?pageSize=2&page=2');
    expect(p1.hasMore).toBe(true);
    expect([...p1.items, ...p2.items].map((e) => e.id)).toEqual(all.items.slice(0, 4).map((e) => e.id));
    expect(all.items.some((e) => e.entityId === theirs.contestId)).toBe(true);
    expect(all.items.some((e) => e.entityId === mine.contestId)).toBe(true);
  });

  it('reads an opened account back with the phone masked, as lists show it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: d1.auth,
      payload: { phone: '13812345678', name: '沈建华', password: 'Judge-2026!', roles: ['judge'], orgId: t.orgs.base },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().user.id as number;
    const { items } = await get(d1.auth, `?entity=user&entityId=${id}`);
    expect(items.map((e) => e.action)).toEqual(['user.create']);
    expect(items[0]!.after).toMatchObject({ name: '沈建华', phone: '138****5678', roles: ['judge'] });
    expect(JSON.stringify(await get(admin, `?entity=user&entityId=${id}`))).not.toContain('13812345678');
  });

  it('reads one event’s history by eventId — its own entries, its registrations’, its marks’ — through the index, in scope only', async () => {
    const mineLog = (await get(d1.auth, `?eventId=${mine.eventId}`)).items;
    const keys = mineLog.map((e) => `${e.action}:${e.entity}:${e.entityId}`);
    expect(keys).toContain(`event.create:event:${mine.eventId}`);
    expect(keys).toContain(`registration.create:registration:${registrationId}`);
    expect(keys).toContain(`registration.cancel:registration:${registrationId}`);
    expect(mineLog.some((e) => e.entity === 'contest' || e.action === 'score.clear')).toBe(false);
    // a cleared mark (its row gone) is found by the eventId its values carry
    expect((await get(d2.auth, `?eventId=${theirs.eventId}`)).items.map((e) => e.action)).toContain('score.clear');
    expect((await get(admin, `?eventId=${theirs.eventId}&entity=score`)).items.map((e) => e.action)).toEqual(['score.clear']);
    expectError(await t.app.inject({ method: 'GET', url: `/api/audit?eventId=${theirs.eventId}`, headers: d1.auth }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'GET', url: '/api/audit?eventId=999999', headers: admin }), 404, 'NOT_FOUND');
    const plan = await queryPlan(
      t.database,
      sql`select id from audit_log a where a.event_id = ${mine.eventId} order by a.id desc limit 51`,
    );
    expect(plan).toMatch(/audit_event_idx/);
  });

  it('gives the same trail when the subtree owns a sliver of the events (read event by event) as when it owns many', async () => {
    const before = (await get(d1.auth)).items;
    // another district runs a hundred more events: d1's one event is now under 1 % of them
    await t.database.tx(async (tx) => {
      for (let i = 0; i < 150; i++) {
        const copy = await tx.get<{ id: number }>(
          sql`insert into contests (title, tier, org_id, status, registration_opens_at, registration_closes_at, starts_at, ends_at)
                select title, tier, org_id, 'draft', registration_opens_at, registration_closes_at, starts_at, ends_at from contests where id = ${theirs.contestId} returning id`,
        );
        await tx.run(
          sql`insert into events (contest_id, trade_id, capacity) select ${copy!.id}, trade_id, 10 from events where id = ${theirs.eventId}`,
        );
      }
    });
    const after = (await get(d1.auth)).items;
    expect(after).toEqual(before);
    expect(after.map((e) => e.action)).toEqual(expect.arrayContaining(['contest.create', 'event.create', 'registration.cancel']));
    expect(after.some((e) => e.action === 'score.clear')).toBe(false);
  });

  it('refuses workers, anonymous callers and unknown entities', async () => {
    const [w] = await makeWorkers(t, 1);
    expectError(await t.app.inject({ method: 'GET', url: '/api/audit', headers: w!.auth }), 403, 'FORBIDDEN');
    expectError(await t.app.inject({ method: 'GET', url: '/api/audit' }), 401, 'UNAUTHORIZED');
    expectError(await t.app.inject({ method: 'GET', url: '/api/audit?entity=password', headers: admin }), 400, 'VALIDATION');
    expectError(await t.app.inject({ method: 'GET', url: '/api/audit?page=0', headers: admin }), 400, 'VALIDATION');
  });
});
