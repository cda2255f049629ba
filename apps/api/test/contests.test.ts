import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jsonValue } from '../src/data/database';
import { buildTestApp, expectError } from './helper';
import { isoIn, makeContest } from './fixtures';

const t = await buildTestApp();
const { app } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
const other = await t.user(['organizer'], t.orgs.otherDistrict);

const contestBody = (over: Record<string, unknown> = {}) => ({
  title: '梁溪区第五届职工职业技能竞赛',
  tier: 'district',
  orgId: t.orgs.district,
  inPlan: true,
  registrationOpensAt: isoIn(-1),
  registrationClosesAt: isoIn(5),
  startsAt: isoIn(10),
  endsAt: isoIn(11),
  ...over,
});

describe('contests', () => {
  it('creates a draft that only organizers in scope can see until it is published', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/contests', headers: organizer.auth, payload: contestBody() });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'draft' });
    const id = res.json().id;
    expectError(await app.inject({ method: 'GET', url: `/api/contests/${id}` }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/contests/${id}`, headers: other.auth }), 404, 'NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: `/api/contests/${id}`, headers: organizer.auth })).statusCode).toBe(200);
    const mine = (await app.inject({ method: 'GET', url: '/api/contests?status=draft', headers: organizer.auth })).json();
    expect(mine.items.map((c: { id: number }) => c.id)).toContain(id);
    const theirs = (await app.inject({ method: 'GET', url: '/api/contests?status=draft', headers: other.auth })).json();
    expect(theirs.items.map((c: { id: number }) => c.id)).not.toContain(id);
    // no events yet → cannot publish
    expectError(await app.inject({ method: 'POST', url: `/api/contests/${id}/publish`, headers: organizer.auth }), 409, 'NO_EVENTS');
  });

  it('refuses an organisation outside the subtree and inconsistent dates', async () => {
    expectError(
      await app.inject({
        method: 'POST',
        url: '/api/contests',
        headers: organizer.auth,
        payload: contestBody({ orgId: t.orgs.otherDistrict }),
      }),
      404,
      'NOT_FOUND',
    );
    const bad = await app.inject({
      method: 'POST',
      url: '/api/contests',
      headers: organizer.auth,
      payload: contestBody({ registrationClosesAt: isoIn(-2) }),
    });
    expectError(bad, 400, 'VALIDATION');
    expect(bad.json().message).toMatch(/registrationClosesAt/);
    expectError(
      await app.inject({ method: 'POST', url: '/api/contests', headers: organizer.auth, payload: contestBody({ tier: 'galactic' }) }),
      400,
      'VALIDATION',
    );
    expectError(
      await app.inject({ method: 'POST', url: '/api/contests', headers: organizer.auth, payload: contestBody({ inPlan: 'yes' }) }),
      400,
      'VALIDATION',
    );
  });

  it('validates the scoring scheme: maxima sum to 100 and weights to 1', async () => {
    const c = (await app.inject({ method: 'POST', url: '/api/contests', headers: organizer.auth, payload: contestBody() })).json();
    const add = (payload: object) => app.inject({ method: 'POST', url: `/api/contests/${c.id}/events`, headers: organizer.auth, payload });
    const sum90 = await add({
      tradeId: t.trades.fitter,
      capacity: 10,
      scoring: {
        criteria: [
          { name: '精度', maxScore: 60, kind: 'score' },
          { name: '安全', maxScore: 30, kind: 'judgement' },
        ],
      },
    });
    expectError(sum90, 400, 'VALIDATION');
    expect(sum90.json().message).toMatch(/scoring\.criteria/);
    const weights = await add({ tradeId: t.trades.fitter, capacity: 10, scoring: { theoryWeight: 0.5, practicalWeight: 0.6 } });
    expectError(weights, 400, 'VALIDATION');
    expect(weights.json().message).toMatch(/Weight/);
    expectError(await add({ tradeId: t.trades.fitter, capacity: 0 }), 400, 'VALIDATION');
    expectError(
      await add({ tradeId: t.trades.fitter, capacity: 10, eligibility: { minLevel: 'senior', maxLevel: 'junior' } }),
      400,
      'VALIDATION',
    );
    expectError(
      await add({
        tradeId: t.trades.fitter,
        capacity: 10,
        promotionRules: [{ fromRank: 1, toRank: 3, topPercent: 30, targetLevel: 'senior', capLevel: 'senior' }],
      }),
      400,
      'VALIDATION',
    );
  });

  it("takes prize quotas by count or percent (default 1/2/3 places) and answers with the contract's criteria list", async () => {
    const c = (await app.inject({ method: 'POST', url: '/api/contests', headers: organizer.auth, payload: contestBody() })).json();
    const add = (payload: object) => app.inject({ method: 'POST', url: `/api/contests/${c.id}/events`, headers: organizer.auth, payload });
    const plain = await add({ tradeId: t.trades.fitter, capacity: 10 });
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json().scoring.awards).toEqual({ mode: 'count', first: 1, second: 2, third: 3 });
    // api-contract.md: 201 {id, criteria: [{id, ...}]}
    expect(plain.json().criteria.map((k: { id: number }) => k.id)).toEqual(plain.json().scoring.criteria.map((k: { id: number }) => k.id));
    expect(plain.json().criteria.every((k: { id: unknown }) => Number.isInteger(k.id))).toBe(true);

    const over = await add({
      tradeId: t.trades.electrician,
      capacity: 10,
      scoring: { awards: { mode: 'percent', first: 50, second: 30, third: 30 } },
    });
    expectError(over, 400, 'VALIDATION');
    expect(over.json().message).toMatch(/scoring\.awards/);
    expectError(
      await add({ tradeId: t.trades.electrician, capacity: 10, scoring: { awards: { mode: 'count', first: 1.5, second: 2, third: 3 } } }),
      400,
      'VALIDATION',
    );
    expectError(
      await add({ tradeId: t.trades.electrician, capacity: 10, scoring: { awards: { mode: 'ranked', first: 1, second: 2, third: 3 } } }),
      400,
      'VALIDATION',
    );
    const pct = await add({
      tradeId: t.trades.electrician,
      capacity: 10,
      scoring: { awards: { mode: 'percent', first: 10, second: 20, third: 20 } },
    });
    expect(pct.statusCode, pct.body).toBe(201);
    expect(pct.json().scoring.awards).toEqual({ mode: 'percent', first: 10, second: 20, third: 20 });
    const stored = await t.database.read.get<{ awards: unknown }>(sql`select awards from events where id = ${pct.json().id as number}`);
    expect(jsonValue(stored!.awards)).toEqual({ mode: 'percent', first: 10, second: 20, third: 20 });
    // an edit changes the quotas (before any score) and says so in the audit log
    const edit = await app.inject({
      method: 'PATCH',
      url: `/api/events/${pct.json().id}`,
      headers: organizer.auth,
      payload: { scoring: { awards: { mode: 'count', first: 2, second: 3, third: 5 } } },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const detail = (await app.inject({ method: 'GET', url: `/api/contests/${c.id}`, headers: organizer.auth })).json();
    expect(detail.events.find((e: { id: number }) => e.id === pct.json().id).scoring.awards).toEqual({
      mode: 'count',
      first: 2,
      second: 3,
      third: 5,
    });
  });

  it('prefills promotion rules from the tier template and refuses a second event for the same trade', async () => {
    const city = await makeContest(t, organizer.auth, { tier: 'city', publish: false });
    expect(city.event.promotionRules).toEqual([
      expect.objectContaining({ fromRank: 1, toRank: 3, targetLevel: 'technician', capLevel: 'senior_technician', title: '市技术能手' }),
      expect.objectContaining({ fromRank: 4, toRank: 10, targetLevel: 'senior', capLevel: 'technician' }),
    ]);
    expect(city.event.scoring.criteria.reduce((s: number, c: { maxScore: number }) => s + c.maxScore, 0)).toBe(100);
    const ent = await makeContest(t, organizer.auth, { tier: 'enterprise', publish: false });
    expect(ent.event.promotionRules).toEqual([
      expect.objectContaining({ topPercent: 30, targetLevel: 'intermediate', capLevel: 'senior' }),
    ]);
    const again = await app.inject({
      method: 'POST',
      url: `/api/contests/${city.contestId}/events`,
      headers: organizer.auth,
      payload: { tradeId: t.trades.fitter, capacity: 5 },
    });
    expectError(again, 409, 'EVENT_EXISTS');
  });

  it('lists published contests to anyone with filters and pagination; seats left per event', async () => {
    const a = await makeContest(t, organizer.auth, { capacity: 7 });
    const res = await app.inject({ method: 'GET', url: `/api/contests?tradeId=${t.trades.fitter}&open=true&pageSize=200` });
    const body = res.json();
    expect(body.page).toBe(1);
    const found = body.items.find((c: { id: number }) => c.id === a.contestId);
    expect(found.events[0]).toMatchObject({ capacity: 7, seatsLeft: 7, confirmed: 0 });
    expect(
      (await app.inject({ method: 'GET', url: '/api/contests?tradeId=' + t.trades.electrician + '&pageSize=200' }))
        .json()
        .items.map((c: { id: number }) => c.id),
    ).not.toContain(a.contestId);
    expect((await app.inject({ method: 'GET', url: `/api/contests?orgId=${t.orgs.otherDistrict}` })).json().total).toBe(0);
    expectError(await app.inject({ method: 'GET', url: '/api/contests?pageSize=500' }), 400, 'VALIDATION');
    expectError(await app.inject({ method: 'GET', url: '/api/contests?page=0' }), 400, 'VALIDATION');
    const detail = (await app.inject({ method: 'GET', url: `/api/contests/${a.contestId}` })).json();
    expect(detail.events[0]).toMatchObject({ id: a.eventId, capacity: 7, seatsLeft: 7, waitlisted: 0 });
  });

  it('is for organizers: workers get 403', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    expectError(await app.inject({ method: 'POST', url: '/api/contests', headers: w.auth, payload: contestBody() }), 403, 'FORBIDDEN');
  });
});
