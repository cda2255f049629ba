import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jsonValue } from '../src/data/database';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers, moveContestTo } from './fixtures';

const t = await buildTestApp();
const { app, database } = t;
// a city contest of the federation; quotas for the two base unions of the first district
const city = await t.user(['organizer'], t.orgs.federation);
const baseOrganizer = await t.user(['organizer'], t.orgs.base);
const otherBaseOrganizer = await t.user(['organizer'], t.orgs.otherBase);
const districtOrganizer = await t.user(['organizer'], t.orgs.district);
const strangerOrganizer = await t.user(['organizer'], t.orgs.baseInOther);

type Auth = { authorization: string };
const inject = (method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH', url: string, auth: Auth, payload?: unknown) =>
  app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
const putQuotas = (eventId: number, quotas: { orgId: number; seats: number }[], auth: Auth = city.auth) =>
  inject('PUT', `/api/events/${eventId}/quotas`, auth, quotas);
const getQuotas = (eventId: number, auth: Auth = city.auth) => inject('GET', `/api/events/${eventId}/quotas`, auth);
const nominate = (eventId: number, workerIds: number[], auth: Auth = baseOrganizer.auth) =>
  inject('POST', `/api/events/${eventId}/nominations`, auth, { workerIds });
const register = (eventId: number, auth: Auth) => inject('POST', `/api/events/${eventId}/registrations`, auth);
const counters = async (eventId: number) =>
  (await database.read.get<{ capacity: number; taken: number; confirmed: number; waitlisted: number; reserved: number }>(
    sql`select capacity, taken, confirmed_count as confirmed, waitlisted_count as waitlisted, quota_reserved as reserved from events where id = ${eventId}`,
  ))!;
/** `used` recounted from the registrations themselves: the stored counter must agree with it. */
const usedByCount = async (eventId: number) =>
  Object.fromEntries(
    (
      await database.read.all<{ org: number; n: number }>(
        sql`select quota_org_id as "org", count(*) as "n" from registrations where event_id = ${eventId} and quota_org_id is not null
             and status in ('confirmed','pending') group by quota_org_id`,
      )
    ).map((r) => [r.org, Number(r.n)]),
  );
const cityContest = (opts: Parameters<typeof makeContest>[2] = {}) =>
  makeContest(t, city.auth, { orgId: t.orgs.federation, ...opts, event: { registrationMode: 'nomination', ...opts.event } });

describe('registrationMode', () => {
  it('is open by default, set on create and edit, read back on the event; nomination-only refuses a worker’s own registration', async () => {
    const plain = await makeContest(t, city.auth, { orgId: t.orgs.federation });
    expect(plain.event.registrationMode).toBe('open');
    const { contestId, eventId, event } = await cityContest();
    expect(event.registrationMode).toBe('nomination');
    expect((await inject('GET', `/api/events/${eventId}`, city.auth)).json().registrationMode).toBe('nomination');
    const detail = (await app.inject({ method: 'GET', url: `/api/contests/${contestId}` })).json();
    expect(detail.events[0].registrationMode).toBe('nomination');

    const [w] = await makeWorkers(t, 1);
    expectError(await register(eventId, w!.auth), 409, 'NOMINATION_ONLY');
    const bad = await inject('PATCH', `/api/events/${eventId}`, city.auth, { registrationMode: 'lottery' });
    expect(bad.statusCode).toBe(400);
    const both = await inject('PATCH', `/api/events/${eventId}`, city.auth, { registrationMode: 'both' });
    expect(both.statusCode, both.body).toBe(200);
    expect(both.json().registrationMode).toBe('both');
    expect((await register(eventId, w!.auth)).statusCode).toBe(201);
    const audit = await database.read.get<{ before: string }>(
      sql`select before from audit_log where action = 'event.update' and entity_id = ${eventId} order by id desc limit 1`,
    );
    expect(JSON.stringify(jsonValue(audit!.before))).toContain('nomination');
  });
});

describe('PUT / GET /api/events/:id/quotas', () => {
  it('the event’s organizer sets quotas; the seats add up to at most capacity; each union inside the owner’s subtree', async () => {
    const { eventId } = await cityContest({ capacity: 10 });
    const ok = await putQuotas(eventId, [
      { orgId: t.orgs.base, seats: 4 },
      { orgId: t.orgs.otherBase, seats: 3 },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual([
      expect.objectContaining({ orgId: t.orgs.base, seats: 4, used: 0 }),
      expect.objectContaining({ orgId: t.orgs.otherBase, seats: 3, used: 0 }),
    ]);
    expect((await counters(eventId)).reserved).toBe(7);

    // more seats than capacity, one union twice, an unknown union
    for (const quotas of [
      [
        { orgId: t.orgs.base, seats: 8 },
        { orgId: t.orgs.otherBase, seats: 3 },
      ],
      [
        { orgId: t.orgs.base, seats: 1 },
        { orgId: t.orgs.base, seats: 1 },
      ],
      [{ orgId: 999999, seats: 1 }],
    ])
      expectError(await putQuotas(eventId, quotas), 400, 'VALIDATION');
    expect((await putQuotas(eventId, [{ orgId: t.orgs.base, seats: -1 }])).statusCode).toBe(400);
    // nothing of the refused lists was written
    expect((await getQuotas(eventId)).json().map((q: { seats: number }) => q.seats)).toEqual([4, 3]);

    // a district's event cannot allot seats to a union of another district
    const { eventId: districtEvent } = await makeContest(t, districtOrganizer.auth, { orgId: t.orgs.district, capacity: 10 });
    expectError(await putQuotas(districtEvent, [{ orgId: t.orgs.baseInOther, seats: 1 }], districtOrganizer.auth), 400, 'VALIDATION');
    // only the event's organizer sets quotas
    expectError(await putQuotas(eventId, [{ orgId: t.orgs.base, seats: 9 }], baseOrganizer.auth), 404, 'NOT_FOUND');

    const audit = await database.read.get<{ before: string; after: string }>(
      sql`select before, after from audit_log where action = 'event.quotas' and entity_id = ${eventId}`,
    );
    expect((jsonValue(audit!.after) as { quotas: unknown[] }).quotas).toHaveLength(2);
  });

  it('the event’s organizer sees every row, a union organizer its own, anyone else nothing', async () => {
    const { eventId } = await cityContest({ capacity: 10 });
    await putQuotas(eventId, [
      { orgId: t.orgs.base, seats: 2 },
      { orgId: t.orgs.otherBase, seats: 2 },
    ]);
    expect((await getQuotas(eventId)).json()).toHaveLength(2);
    const own = (await getQuotas(eventId, baseOrganizer.auth)).json();
    expect(own).toEqual([{ orgId: t.orgs.base, orgName: '无锡供电公司工会', seats: 2, used: 0 }]);
    expect((await getQuotas(eventId, districtOrganizer.auth)).json()).toHaveLength(2); // above both holders
    expectError(await getQuotas(eventId, strangerOrganizer.auth), 404, 'NOT_FOUND');
    const [w] = await makeWorkers(t, 1);
    expect((await getQuotas(eventId, w!.auth)).statusCode).toBe(403);
    // the union organizer's list of events to nominate for
    const mine = (await inject('GET', '/api/quotas', baseOrganizer.auth)).json();
    expect(mine).toContainEqual(expect.objectContaining({ eventId, orgId: t.orgs.base, seats: 2, used: 0, open: true }));
  });
});

describe('POST /api/events/:id/nominations', () => {
  it('three nominated into a quota of two: two confirmed, one QUOTA_FULL; each refusal with its own code, never blocking the others', async () => {
    const { eventId } = await cityContest({ capacity: 10, event: { eligibility: { minLevel: 'intermediate' } } });
    await putQuotas(eventId, [{ orgId: t.orgs.base, seats: 2 }]);
    const ours = await makeWorkers(t, 3, { orgId: t.orgs.base });
    const [outsider] = await makeWorkers(t, 1, { orgId: t.orgs.baseInOther });
    const [junior] = await makeWorkers(t, 1, { orgId: t.orgs.base, level: 'junior' });
    const [incomplete] = await makeWorkers(t, 1, { orgId: t.orgs.base, complete: false });
    const res = await nominate(eventId, [outsider!.id, ...ours.map((w) => w.id), junior!.id, incomplete!.id, 987654]);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { workerId: number; registrationId?: number; status?: string; code?: string; message?: string }[];
    expect(items.map((i) => i.status ?? i.code)).toEqual([
      'NOT_ELIGIBLE',
      'confirmed',
      'confirmed',
      'QUOTA_FULL',
      'NOT_ELIGIBLE',
      'PROFILE_INCOMPLETE',
      'NOT_ELIGIBLE',
    ]);
    expect(items[3]!.message).toMatch(/名额/);
    expect(items[4]!.message).toMatch(/技能等级/);

    // again: both are registered already
    const again = (await nominate(eventId, [ours[0]!.id])).json().items;
    expect(again).toEqual([expect.objectContaining({ workerId: ours[0]!.id, code: 'ALREADY_REGISTERED' })]);

    expect((await getQuotas(eventId)).json()).toEqual([expect.objectContaining({ orgId: t.orgs.base, seats: 2, used: 2 })]);
    expect(await usedByCount(eventId)).toEqual({ [t.orgs.base]: 2 });
    expect(await counters(eventId)).toMatchObject({ taken: 2, confirmed: 2, reserved: 0 });
    // the registration records who nominated it and which quota it uses; audited
    const reg = await database.read.get<{ by: number; quota: number }>(
      sql`select nominated_by as "by", quota_org_id as "quota" from registrations where id = ${items[1]!.registrationId!}`,
    );
    expect(reg).toEqual({ by: baseOrganizer.id, quota: t.orgs.base });
    const audited = await database.read
      .all(sql`select id from audit_log where action = 'registration.nominate' and actor_id = ${baseOrganizer.id}
      and entity_id in (${items[1]!.registrationId!}, ${items[2]!.registrationId!})`);
    expect(audited).toHaveLength(2);
  });

  it('the worker sees the nomination and declines it: the seat goes back to the union, not to the waiting list', async () => {
    const { eventId } = await cityContest({ capacity: 3, event: { registrationMode: 'both' } });
    await putQuotas(eventId, [{ orgId: t.orgs.base, seats: 2 }]);
    const [a, b, c] = await makeWorkers(t, 3, { orgId: t.orgs.base });
    const open = await makeWorkers(t, 2, { orgId: t.orgs.baseInOther });
    // one open seat: the first open registrant takes it, the second waits (the quota seats are not theirs)
    expect((await register(eventId, open[0]!.auth)).json().status).toBe('confirmed');
    expect((await register(eventId, open[1]!.auth)).json().status).toBe('waitlisted');
    const items = (await nominate(eventId, [a!.id, b!.id])).json().items;
    expect(items.map((i: { status: string }) => i.status)).toEqual(['confirmed', 'confirmed']);

    const mine = (await inject('GET', '/api/me/registrations', a!.auth)).json();
    expect(mine[0]).toMatchObject({
      id: items[0].registrationId,
      status: 'confirmed',
      canCancel: true,
      nomination: { orgId: t.orgs.base, orgName: '无锡供电公司工会' },
    });
    expect((await inject('GET', '/api/me/registrations', open[0]!.auth)).json()[0].nomination).toBeNull();

    const decline = await inject('DELETE', `/api/registrations/${items[0].registrationId}`, a!.auth);
    expect(decline.statusCode, decline.body).toBe(200);
    expect(decline.json()).toMatchObject({ status: 'cancelled', promoted: null });
    expect(await counters(eventId)).toMatchObject({ taken: 2, waitlisted: 1, reserved: 1 });
    expect((await getQuotas(eventId, baseOrganizer.auth)).json()[0]).toMatchObject({ seats: 2, used: 1 });
    // the union nominates someone else into the freed seat
    expect((await nominate(eventId, [c!.id])).json().items[0].status).toBe('confirmed');
    expect(await counters(eventId)).toMatchObject({ capacity: 3, taken: 3, waitlisted: 1, reserved: 0 });

    // lowering the quota opens its unused seats: after another decline, the waiting list moves up
    await inject('DELETE', `/api/registrations/${items[1].registrationId}`, b!.auth);
    const lowered = await putQuotas(eventId, [{ orgId: t.orgs.base, seats: 1 }]);
    expect(lowered.json()).toEqual([expect.objectContaining({ seats: 1, used: 1 })]);
    expect(await counters(eventId)).toMatchObject({ taken: 3, waitlisted: 0, reserved: 0 });
    expect((await inject('GET', '/api/me/registrations', open[1]!.auth)).json()[0].status).toBe('confirmed');
  });

  it('capacity cannot drop below the seats held plus the unused quota seats', async () => {
    const { eventId } = await cityContest({ capacity: 10 });
    await putQuotas(eventId, [{ orgId: t.orgs.base, seats: 6 }]);
    expectError(await inject('PATCH', `/api/events/${eventId}`, city.auth, { capacity: 5 }), 409, 'CAPACITY_BELOW_QUOTAS');
    expect((await inject('PATCH', `/api/events/${eventId}`, city.auth, { capacity: 6 })).statusCode).toBe(200);
  });

  it('a worker uses the quota of the nearest union on the path up; an event needing approval gives pending seats', async () => {
    const { eventId } = await cityContest({ capacity: 10, requiresApproval: true });
    await putQuotas(eventId, [
      { orgId: t.orgs.district, seats: 2 },
      { orgId: t.orgs.otherBase, seats: 1 },
    ]);
    const [inBase] = await makeWorkers(t, 1, { orgId: t.orgs.base });
    const [inOther] = await makeWorkers(t, 1, { orgId: t.orgs.otherBase });
    const items = (await nominate(eventId, [inBase!.id, inOther!.id], districtOrganizer.auth)).json().items;
    expect(items.map((i: { status: string }) => i.status)).toEqual(['pending', 'pending']);
    const quotas = (await getQuotas(eventId)).json();
    expect(quotas.find((q: { orgId: number }) => q.orgId === t.orgs.district).used).toBe(1);
    expect(quotas.find((q: { orgId: number }) => q.orgId === t.orgs.otherBase).used).toBe(1);
    // a union without a quota of its own, nor above one, cannot nominate at all
    expectError(await nominate(eventId, [inBase!.id], strangerOrganizer.auth), 404, 'NOT_FOUND');
    // a union below a quota holder (not holding one itself) cannot nominate either
    expectError(await nominate(eventId, [inBase!.id], baseOrganizer.auth), 404, 'NOT_FOUND');
    // an organizer cannot nominate a worker out of their subtree
    expect((await nominate(eventId, [inBase!.id], otherBaseOrganizer.auth)).json().items[0].code).toBe('NOT_ELIGIBLE');
  });

  it('is accepted only while registration is open', async () => {
    const { contestId, eventId } = await cityContest({ capacity: 10 });
    await putQuotas(eventId, [{ orgId: t.orgs.base, seats: 2 }]);
    const [w] = await makeWorkers(t, 1, { orgId: t.orgs.base });
    await moveContestTo(t, city.auth, contestId, 'closed');
    expectError(await nominate(eventId, [w!.id]), 409, 'REGISTRATION_CLOSED');
    expect((await nominate(eventId, [])).statusCode).toBe(400);
    expect(
      (await inject('POST', `/api/events/${eventId}/nominations`, baseOrganizer.auth, { workerIds: [w!.id], extra: 1 })).statusCode,
    ).toBe(400);
  });

  it('under concurrency (open registrations, nominations by two unions, declines at once) capacity is never exceeded and quotas hold', async () => {
    const { eventId } = await cityContest({ capacity: 10, event: { registrationMode: 'both' } });
    await putQuotas(eventId, [
      { orgId: t.orgs.base, seats: 4 },
      { orgId: t.orgs.otherBase, seats: 3 },
    ]);
    const open = await makeWorkers(t, 20, { orgId: t.orgs.baseInOther });
    const baseWorkers = await makeWorkers(t, 6, { orgId: t.orgs.base });
    const otherWorkers = await makeWorkers(t, 5, { orgId: t.orgs.otherBase });
    const responses = await Promise.all([
      ...open.map((w) => register(eventId, w.auth)),
      ...baseWorkers.map((w) => nominate(eventId, [w.id])),
      ...otherWorkers.map((w) => nominate(eventId, [w.id], otherBaseOrganizer.auth)),
    ]);
    expect(responses.map((r) => r.statusCode).every((s) => s === 200 || s === 201)).toBe(true);
    const openOut = responses.slice(0, 20).map((r) => r.json().status);
    const nominated = responses.slice(20).map((r) => r.json().items[0]);
    expect(openOut.filter((s) => s === 'confirmed')).toHaveLength(3);
    expect(openOut.filter((s) => s === 'waitlisted')).toHaveLength(17);
    expect(nominated.slice(0, 6).filter((i) => i.status === 'confirmed')).toHaveLength(4);
    expect(nominated.slice(6).filter((i) => i.status === 'confirmed')).toHaveLength(3);
    expect(nominated.filter((i) => i.code === 'QUOTA_FULL')).toHaveLength(4);
    expect(await counters(eventId)).toEqual({ capacity: 10, taken: 10, confirmed: 10, waitlisted: 17, reserved: 0 });

    // every nominee declines while more open registrants and the unions' other workers arrive: the seats stay with the unions
    const declines = nominated.filter((i) => i.status === 'confirmed');
    const owners = [...baseWorkers, ...otherWorkers];
    const late = await makeWorkers(t, 5, { orgId: t.orgs.baseInOther });
    const refused = nominated.filter((i) => i.code === 'QUOTA_FULL').map((i) => i.workerId);
    const second = await Promise.all([
      ...declines.map((i) => inject('DELETE', `/api/registrations/${i.registrationId}`, owners.find((w) => w.id === i.workerId)!.auth)),
      ...late.map((w) => register(eventId, w.auth)),
      ...refused.map((id) => nominate(eventId, [id], baseWorkers.some((w) => w.id === id) ? baseOrganizer.auth : otherBaseOrganizer.auth)),
    ]);
    expect(second.slice(0, declines.length).every((r) => r.statusCode === 200 && r.json().promoted === null)).toBe(true);
    expect(second.slice(declines.length, declines.length + 5).every((r) => r.json().status === 'waitlisted')).toBe(true);
    const c = await counters(eventId);
    expect(c.taken).toBeLessThanOrEqual(10);
    expect(c.waitlisted).toBe(22);
    const used = await usedByCount(eventId);
    const quotas = (await getQuotas(eventId)).json() as { orgId: number; seats: number; used: number }[];
    for (const q of quotas) {
      expect(q.used).toBe(used[q.orgId] ?? 0);
      expect(q.used).toBeLessThanOrEqual(q.seats);
    }
    expect(c.reserved).toBe(quotas.reduce((s, q) => s + q.seats - q.used, 0));
    expect(c.taken + c.reserved).toBe(10);
  });
});
