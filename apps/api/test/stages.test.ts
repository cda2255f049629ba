import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers, moveContestTo } from './fixtures';
import { auditsOf, publishResults, type ResultFixture } from './support/rows';

/**
 * Stages (预赛 → 决赛; api-contract.md § Contests as unions run them): `qualifiesFrom` on a final's event and
 * POST /api/events/:id/advance. Preliminaries are district contests, the final a city contest of the federation.
 */
const t = await buildTestApp();
const { app, database } = t;
const city = await t.user(['organizer'], t.orgs.federation);
const d1 = await t.user(['organizer'], t.orgs.district);
const d2 = await t.user(['organizer'], t.orgs.otherDistrict);
type Auth = { authorization: string };

/** A district preliminary whose results are published with these ranks (one new worker per rank, best first). */
async function preliminary(auth: Auth, orgId: number, ranks: number[], opts: { publish?: boolean } = {}) {
  const { contestId, eventId } = await makeContest(t, auth, { orgId, tier: 'district' });
  const workers = await makeWorkers(t, ranks.length, { orgId: orgId === t.orgs.district ? t.orgs.base : t.orgs.baseInOther });
  if (opts.publish !== false) {
    await moveContestTo(t, auth, contestId, 'ended');
    const rows: ResultFixture[] = ranks.map((rank, i) => ({
      workerId: workers[i]!.id,
      rank,
      theory: 90 - rank,
      practical: 90 - rank,
      total: 90 - rank,
      passed: true,
    }));
    await publishResults(database, eventId, rows);
  }
  return { contestId, eventId, workers };
}

const finalOf = (qualifiesFrom: unknown, opts: { capacity?: number; orgId?: number; auth?: Auth } = {}) =>
  makeContest(t, opts.auth ?? city.auth, {
    orgId: opts.orgId ?? t.orgs.federation,
    capacity: opts.capacity ?? 10,
    event: { qualifiesFrom },
  });

const advance = (eventId: number, auth: Auth = city.auth) =>
  app.inject({ method: 'POST', url: `/api/events/${eventId}/advance`, headers: auth });
const register = (eventId: number, auth: Auth) =>
  app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: auth });
const deskEvent = async (eventId: number) =>
  (await app.inject({ method: 'GET', url: `/api/events/${eventId}`, headers: city.auth })).json();
const desk = async (eventId: number) =>
  (await app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations?pageSize=200`, headers: city.auth })).json().items as {
    workerId: number;
    status: string;
    qualifiedFrom: { eventId: number; contestTitle: string; rank: number } | null;
  }[];

describe('qualifiesFrom on a final’s event', () => {
  it('is set on create and update and returned on every read', async () => {
    const a = await preliminary(d1.auth, t.orgs.district, [1], { publish: false });
    const b = await preliminary(d2.auth, t.orgs.otherDistrict, [1], { publish: false });
    const final = await finalOf([
      { eventId: a.eventId, topN: 3 },
      { eventId: b.eventId, topPercent: 25 },
    ]);
    expect(final.event.qualifiesFrom).toEqual([
      { eventId: a.eventId, topN: 3 },
      { eventId: b.eventId, topPercent: 25 },
    ]);
    const contest = (await app.inject({ method: 'GET', url: `/api/contests/${final.contestId}` })).json();
    expect(contest.events[0].qualifiesFrom).toEqual(final.event.qualifiesFrom);
    const ev = await deskEvent(final.eventId);
    expect(ev.qualifiesFrom).toEqual(final.event.qualifiesFrom);
    expect(ev.preliminaries.map((p: { eventId: number; resultsPublished: boolean }) => [p.eventId, p.resultsPublished])).toEqual([
      [a.eventId, false],
      [b.eventId, false],
    ]);
    // any other event is no final
    expect((await deskEvent(a.eventId)).qualifiesFrom).toEqual([]);

    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/events/${final.eventId}`,
      headers: city.auth,
      payload: { qualifiesFrom: [{ eventId: b.eventId, topN: 1 }] },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().qualifiesFrom).toEqual([{ eventId: b.eventId, topN: 1 }]);
    const audit = await auditsOf(database, 'event.update', { entityId: final.eventId });
    expect(audit.at(-1)!.after).toMatchObject({ qualifiesFrom: [{ eventId: b.eventId, topN: 1 }] });
    // the same list again changes nothing
    const again = await app.inject({
      method: 'PATCH',
      url: `/api/events/${final.eventId}`,
      headers: city.auth,
      payload: { qualifiesFrom: [{ eventId: b.eventId, topN: 1 }] },
    });
    expect(again.statusCode).toBe(200);
    expect(await auditsOf(database, 'event.update', { entityId: final.eventId })).toHaveLength(audit.length);
    // an empty list: no final any more
    const none = await app.inject({
      method: 'PATCH',
      url: `/api/events/${final.eventId}`,
      headers: city.auth,
      payload: { qualifiesFrom: [] },
    });
    expect(none.json().qualifiesFrom).toEqual([]);
  });

  it('refuses a bad rule, the final itself, a duplicate and events outside the final owner’s subtree with 400 naming the entry, writing nothing', async () => {
    const a = await preliminary(d1.auth, t.orgs.district, [1], { publish: false });
    const b = await preliminary(d2.auth, t.orgs.otherDistrict, [1], { publish: false });
    const bad = async (qualifiesFrom: unknown, field: string, code: string, auth = city.auth, orgId = t.orgs.federation) => {
      const c = await app.inject({
        method: 'POST',
        url: '/api/contests',
        headers: auth,
        payload: {
          title: '决赛',
          tier: 'city',
          orgId,
          inPlan: true,
          registrationOpensAt: new Date(Date.now() - 86400_000).toISOString(),
          registrationClosesAt: new Date(Date.now() + 86400_000).toISOString(),
          startsAt: new Date(Date.now() + 2 * 86400_000).toISOString(),
          endsAt: new Date(Date.now() + 3 * 86400_000).toISOString(),
        },
      });
      const res = await app.inject({
        method: 'POST',
        url: `/api/contests/${c.json().id}/events`,
        headers: auth,
        payload: { tradeId: t.trades.fitter, capacity: 10, qualifiesFrom },
      });
      expectError(res, 400, 'VALIDATION');
      expect(res.json().fields).toEqual([expect.objectContaining({ field, code })]);
      const n = await database.read.get<{ n: number }>(sql`select count(*) as n from events where contest_id = ${c.json().id}`);
      expect(n!.n).toBe(0);
    };
    await bad([{ eventId: a.eventId, topN: 2, topPercent: 10 }], 'qualifiesFrom.0', 'invalid');
    await bad([{ eventId: a.eventId }], 'qualifiesFrom.0', 'invalid');
    await bad([{ eventId: a.eventId, topN: 0 }], 'qualifiesFrom.0.topN', 'range');
    await bad([{ eventId: a.eventId, topPercent: 101 }], 'qualifiesFrom.0.topPercent', 'range');
    await bad(
      [
        { eventId: a.eventId, topN: 1 },
        { eventId: a.eventId, topN: 2 },
      ],
      'qualifiesFrom.1.eventId',
      'invalid',
    );
    await bad([{ eventId: 999999, topN: 1 }], 'qualifiesFrom.0.eventId', 'unknown_ref');
    // a district's final cannot name the other district's preliminary
    await bad([{ eventId: b.eventId, topN: 1 }], 'qualifiesFrom.0.eventId', 'unknown_ref', d1.auth, t.orgs.district);
    // the final itself
    const final = await finalOf([{ eventId: a.eventId, topN: 1 }]);
    const self = await app.inject({
      method: 'PATCH',
      url: `/api/events/${final.eventId}`,
      headers: city.auth,
      payload: { qualifiesFrom: [{ eventId: final.eventId, topN: 1 }] },
    });
    expectError(self, 400, 'VALIDATION');
    expect(self.json().fields[0]).toMatchObject({ field: 'qualifiesFrom.0.eventId' });
    expect((await deskEvent(final.eventId)).qualifiesFrom).toEqual([{ eventId: a.eventId, topN: 1 }]);
  });
});

describe('POST /api/events/:id/advance', () => {
  it('registers the top N and the top share of each published preliminary, ties at the cut, beyond capacity; idempotent; audited', async () => {
    // A: ranks 1 2 2 4 5 — top 2 → three advance (tied at 2); B: 4 contestants, top 50 % → ranks ≤ 2
    const a = await preliminary(d1.auth, t.orgs.district, [1, 2, 2, 4, 5]);
    const b = await preliminary(d2.auth, t.orgs.otherDistrict, [1, 2, 3, 4]);
    const c = await preliminary(d1.auth, t.orgs.district, [1, 2], { publish: false });
    const final = await finalOf(
      [
        { eventId: a.eventId, topN: 2 },
        { eventId: b.eventId, topPercent: 50 },
        { eventId: c.eventId, topN: 1 },
      ],
      { capacity: 3 },
    );
    // B's winner registered on their own already (kept, one registration); two others fill the seats, one waits
    const [self1, self2, self3] = await makeWorkers(t, 3);
    expect((await register(final.eventId, b.workers[0]!.auth)).json().status).toBe('confirmed');
    expect((await register(final.eventId, self1!.auth)).json().status).toBe('confirmed');
    expect((await register(final.eventId, self2!.auth)).json().status).toBe('confirmed');
    expect((await register(final.eventId, self3!.auth)).json().status).toBe('waitlisted');

    const res = await advance(final.eventId);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      workerId: number;
      fromEventId: number;
      rank: number;
      registrationId: number;
      wasRegistered: boolean;
    }[];
    expect(items.map((i) => [i.workerId, i.fromEventId, i.rank, i.wasRegistered])).toEqual([
      [a.workers[0]!.id, a.eventId, 1, false],
      [a.workers[1]!.id, a.eventId, 2, false],
      [a.workers[2]!.id, a.eventId, 2, false],
      [b.workers[0]!.id, b.eventId, 1, true],
      [b.workers[1]!.id, b.eventId, 2, false],
    ]);
    const ownReg = (await desk(final.eventId)).find((r) => r.workerId === b.workers[0]!.id)!;
    expect(ownReg).toMatchObject({ status: 'confirmed', qualifiedFrom: { eventId: b.eventId, rank: 1 } });

    // seats: 3 self-registered + 4 new qualifiers confirmed, capacity grown to hold them, the waiting one still waits
    const ev = await deskEvent(final.eventId);
    expect({ capacity: ev.capacity, confirmed: ev.confirmed, waitlisted: ev.waitlisted, seatsLeft: ev.seatsLeft }).toEqual({
      capacity: 7,
      confirmed: 7,
      waitlisted: 1,
      seatsLeft: 0,
    });
    const rows = await desk(final.eventId);
    expect(rows.filter((r) => r.qualifiedFrom).map((r) => [r.workerId, r.status, r.qualifiedFrom!.eventId, r.qualifiedFrom!.rank])).toEqual(
      expect.arrayContaining(items.map((i) => [i.workerId, 'confirmed', i.fromEventId, i.rank])),
    );
    expect(rows.find((r) => r.workerId === self1!.id)!.qualifiedFrom).toBeNull();
    expect(rows.find((r) => r.workerId === a.workers[0]!.id)!.qualifiedFrom!.contestTitle).toMatch(/\S/);

    // the finalist sees 晋级决赛 with where from and the rank
    const mine = (await app.inject({ method: 'GET', url: '/api/me/registrations', headers: a.workers[2]!.auth })).json();
    expect(mine.find((r: { event: { id: number } }) => r.event.id === final.eventId).qualifiedFrom).toMatchObject({
      eventId: a.eventId,
      rank: 2,
    });
    expect(mine.find((r: { event: { id: number } }) => r.event.id === a.eventId).qualifiedFrom).toBeNull();

    // idempotent: nobody twice, even after a finalist declined
    const declined = items[1]!.registrationId;
    expect((await app.inject({ method: 'DELETE', url: `/api/registrations/${declined}`, headers: a.workers[1]!.auth })).statusCode).toBe(
      200,
    );
    const again = await advance(final.eventId);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ items: [] });
    const n = await database.read.get<{ n: number }>(sql`select count(*) as n from registrations where event_id = ${final.eventId}`);
    expect(n!.n).toBe(8);

    // the third preliminary publishes later: its winner advances on the next call, only them
    await moveContestTo(t, d1.auth, c.contestId, 'ended');
    await publishResults(database, c.eventId, [
      { workerId: c.workers[0]!.id, rank: 1, theory: 80, practical: 80, total: 80, passed: true },
      { workerId: c.workers[1]!.id, rank: 2, theory: 70, practical: 70, total: 70, passed: true },
    ]);
    const later = await advance(final.eventId);
    expect(later.json().items.map((i: { workerId: number }) => i.workerId)).toEqual([c.workers[0]!.id]);

    // audited: one record per finalist and one per call
    expect(await auditsOf(database, 'registration.advance', { entityId: items[0]!.registrationId })).toHaveLength(1);
    const calls = await auditsOf(database, 'event.advance', { entityId: final.eventId });
    expect(calls).toHaveLength(3);
    expect(calls[0]!.after).toMatchObject({ fromEventIds: [a.eventId, b.eventId] });
  });

  it('confirms a qualifier’s own waitlisted or pending registration instead of registering them twice', async () => {
    const a = await preliminary(d1.auth, t.orgs.district, [1, 2]);
    const final = await finalOf([{ eventId: a.eventId, topN: 2 }], { capacity: 1 });
    const [other] = await makeWorkers(t, 1);
    expect((await register(final.eventId, other!.auth)).json().status).toBe('confirmed');
    expect((await register(final.eventId, a.workers[1]!.auth)).json().status).toBe('waitlisted');
    const res = await advance(final.eventId);
    expect(res.json().items.map((i: { wasRegistered: boolean }) => i.wasRegistered)).toEqual([false, true]);
    const ev = await deskEvent(final.eventId);
    expect({ capacity: ev.capacity, confirmed: ev.confirmed, waitlisted: ev.waitlisted }).toEqual({
      capacity: 3,
      confirmed: 3,
      waitlisted: 0,
    });
    const n = await database.read.get<{ n: number }>(
      sql`select count(*) as n from registrations where event_id = ${final.eventId} and worker_id = ${a.workers[1]!.id}`,
    );
    expect(n!.n).toBe(1);
  });

  it('is 409 RESULTS_NOT_PUBLISHED while no preliminary is published (or none is named), 404 outside the subtree, 403 for a worker', async () => {
    const a = await preliminary(d1.auth, t.orgs.district, [1], { publish: false });
    const final = await finalOf([{ eventId: a.eventId, topN: 1 }]);
    expectError(await advance(final.eventId), 409, 'RESULTS_NOT_PUBLISHED');
    const plain = await makeContest(t, city.auth, { orgId: t.orgs.federation });
    expectError(await advance(plain.eventId), 409, 'RESULTS_NOT_PUBLISHED');
    expectError(await advance(final.eventId, d1.auth), 404, 'NOT_FOUND');
    const [w] = await makeWorkers(t, 1);
    expect((await advance(final.eventId, w!.auth)).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/api/events/${final.eventId}/advance` })).statusCode).toBe(401);
    expect(await auditsOf(database, 'event.advance', { entityId: final.eventId })).toHaveLength(0);
  });
});
