import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, expectError, type TestApp } from './helper';
import { makeContest, makeWorkers } from './fixtures';
import { yearRows } from './support/year';
import { annualReport, sevenOf } from './support/annual';

/**
 * GET /api/stats/annual on a small year built by hand, every figure checked exactly (domain.md § The annual report).
 *
 * Tree: federation ─┬─ district (d1) ─┬─ base (b1)
 *                   │                 └─ otherBase (b2)
 *                   └─ otherDistrict (d2) ── baseInOther (b3)
 */
describe('annual statistics', () => {
  let t: TestApp;
  let w: number[];
  let cityOrganizer: { authorization: string };
  let d1Organizer: { authorization: string };
  let admin: { authorization: string };
  let tradeOther: number;

  const { insert, contest, event, registration, training, enrolment, promotion } = yearRows(() => t.database);

  const annual = (auth: { authorization: string }, query: string) => annualReport(t.app, auth, query);
  const seven = sevenOf;

  beforeAll(async () => {
    t = await buildTestApp();
    const { fitter, electrician } = t.trades;
    const { federation, district, otherDistrict, base, otherBase, baseInOther } = t.orgs;
    cityOrganizer = (await t.user(['organizer'], federation)).auth;
    d1Organizer = (await t.user(['organizer'], district)).auth;
    admin = (await t.user(['admin'], null)).auth;
    tradeOther = await insert(
      sql`insert into trades (code, name, name_en) values ('4-10-01-01', '育婴员', 'Childcare worker') returning id`,
    );
    w = [0, ...(await makeWorkers(t, 9)).map((x) => x.id)]; // w[1]..w[9]

    // Contests. C1 (b1, March 2025): fitter + electrician. C5 (b3 in d2, June 2025): fitter.
    const c1 = await contest(base, 'published', '2025-03-10T01:00:00Z');
    const e1 = await event(c1, fitter);
    const e2 = await event(c1, electrician);
    const c5 = await contest(baseInOther, 'published', '2025-06-15T01:00:00Z');
    const e5 = await event(c5, fitter);
    // Not in 2025: cancelled, draft, 2025-12-31T17:00Z is 2026-01-01 in Beijing, and one of 2024.
    await event(await contest(district, 'cancelled', '2025-05-01T01:00:00Z'), tradeOther);
    await event(await contest(district, 'draft', '2025-05-01T01:00:00Z'), tradeOther);
    const newYear = await contest(otherDistrict, 'published', '2025-12-31T17:00:00Z');
    await registration(await event(newYear, tradeOther), w[9]!, 'confirmed');
    await event(await contest(federation, 'published', '2024-06-01T01:00:00Z'), fitter);

    // Only confirmed registrations are participants.
    await registration(e1, w[1]!, 'confirmed');
    await registration(e1, w[2]!, 'confirmed');
    await registration(e1, w[3]!, 'cancelled');
    await registration(e1, w[4]!, 'waitlisted');
    await registration(e1, w[5]!, 'rejected');
    await registration(e1, w[6]!, 'pending');
    await registration(e2, w[1]!, 'confirmed');
    await registration(e2, w[7]!, 'confirmed');
    await registration(e5, w[8]!, 'confirmed');

    // Classes. T1 (b2, electrician, April 2025), T2 (federation itself, fitter, September, completed); a cancelled and a draft one.
    const t1 = await training(otherBase, electrician, 'published', '2025-04-02T01:00:00Z');
    await enrolment(t1, w[1]!, 'enrolled');
    await enrolment(t1, w[2]!, 'enrolled');
    await enrolment(t1, w[3]!, 'cancelled');
    await enrolment(t1, w[4]!, 'waitlisted');
    const t2 = await training(federation, fitter, 'completed', '2025-09-01T01:00:00Z');
    await enrolment(t2, w[5]!, 'enrolled');
    await enrolment(t2, w[6]!, 'enrolled');
    await enrolment(await training(district, fitter, 'cancelled', '2025-04-02T01:00:00Z'), w[7]!, 'cancelled');
    await training(district, fitter, 'draft', '2025-04-02T01:00:00Z');

    // Promotions. w1: intermediate → senior by T1 (into high-skill), then senior → technician by C1 (not into high-skill).
    // worker, from, to, source, its id, the owning organisation, trade, date, into high-skill
    const promotions: Array<[number, string | null, string, 'contest' | 'training', number, number, number, string, boolean]> = [
      [w[1]!, 'intermediate', 'senior', 'training', t1, otherBase, electrician, '2025-04-30', true],
      [w[1]!, 'senior', 'technician', 'contest', e1, base, fitter, '2025-05-10', false],
      [w[2]!, 'senior', 'technician', 'contest', e1, base, fitter, '2025-05-10', false],
      [w[8]!, null, 'senior', 'contest', e5, baseInOther, fitter, '2025-06-20', true],
      [w[5]!, 'intermediate', 'senior', 'training', t2, federation, fitter, '2025-09-30', true],
      [w[7]!, 'junior', 'intermediate', 'contest', e1, federation, fitter, '2024-06-10', false],
    ];
    for (const [worker, from, to, source, sourceId, org, trade, on, high] of promotions)
      await promotion({ worker, from, to, source, sourceId, org, trade, on, high });
  });

  it('counts the seven figures of the city exactly, with the previous year beside them', async () => {
    const r = await annual(cityOrganizer, 'year=2025');
    expect(r.orgId).toBe(t.orgs.federation);
    // w1 promoted twice: two person-times, one person into high-skill; w2's senior → technician is not "into high-skill".
    expect(seven(r)).toEqual({
      contests: 2,
      trades: 2,
      participants: 5,
      trainingClasses: 2,
      trainees: 4,
      promotions: 5,
      highSkillPromotions: 3,
    });
    expect(r.previous).toEqual({
      year: 2024,
      contests: 1,
      trades: 1,
      participants: 0,
      trainingClasses: 0,
      trainees: 0,
      promotions: 1,
      highSkillPromotions: 0,
    });
    // a contest starting 2025-12-31T17:00Z is held on 2026-01-01 in Beijing
    expect(seven(await annual(cityOrganizer, 'year=2026'))).toEqual({
      contests: 1,
      trades: 1,
      participants: 1,
      trainingClasses: 0,
      trainees: 0,
      promotions: 0,
      highSkillPromotions: 0,
    });
  });

  it('breaks the year down by child organisation (with what the chosen one owns directly), trade and month', async () => {
    const r = await annual(cityOrganizer, 'year=2025');
    const byOrg = Object.fromEntries(r.byOrg.map((o: { orgId: number }) => [o.orgId, seven(o)]));
    expect(byOrg).toEqual({
      [t.orgs.district]: {
        contests: 1,
        trades: 2,
        participants: 4,
        trainingClasses: 1,
        trainees: 2,
        promotions: 3,
        highSkillPromotions: 1,
      },
      [t.orgs.otherDistrict]: {
        contests: 1,
        trades: 1,
        participants: 1,
        trainingClasses: 0,
        trainees: 0,
        promotions: 1,
        highSkillPromotions: 1,
      },
    });
    expect(seven(r.direct)).toEqual({
      contests: 0,
      trades: 0,
      participants: 0,
      trainingClasses: 1,
      trainees: 2,
      promotions: 1,
      highSkillPromotions: 1,
    });

    const byTrade = Object.fromEntries(
      r.byTrade.map(({ tradeId, code: _c, name: _n, nameEn: _e, ...f }: { tradeId: number } & Record<string, unknown>) => [tradeId, f]),
    );
    expect(byTrade).toEqual({
      [t.trades.fitter]: { contests: 2, participants: 3, trainingClasses: 1, trainees: 2, promotions: 4, highSkillPromotions: 2 },
      [t.trades.electrician]: { contests: 1, participants: 2, trainingClasses: 1, trainees: 2, promotions: 1, highSkillPromotions: 1 },
    });
    expect(byTrade[tradeOther]).toBeUndefined(); // only the cancelled and draft contests had it

    const zero = { contests: 0, participants: 0, trainingClasses: 0, trainees: 0, promotions: 0, highSkillPromotions: 0 };
    const months = Object.fromEntries(r.byMonth.map(({ month, ...f }: { month: number }) => [month, f]));
    expect(Object.keys(months)).toHaveLength(12);
    expect(months).toEqual({
      ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i + 1, zero])),
      3: { ...zero, contests: 1, participants: 4 },
      4: { ...zero, trainingClasses: 1, trainees: 2, promotions: 1, highSkillPromotions: 1 },
      5: { ...zero, promotions: 2 },
      6: { ...zero, contests: 1, participants: 1, promotions: 1, highSkillPromotions: 1 },
      9: { ...zero, trainingClasses: 1, trainees: 2, promotions: 1, highSkillPromotions: 1 },
    });
  });

  it('shows an organizer their own subtree by default, drills down, and refuses organisations outside it', async () => {
    const own = await annual(d1Organizer, 'year=2025');
    expect(own.orgId).toBe(t.orgs.district);
    expect(seven(own)).toEqual({
      contests: 1,
      trades: 2,
      participants: 4,
      trainingClasses: 1,
      trainees: 2,
      promotions: 3,
      highSkillPromotions: 1,
    });
    // children of the district: base unions with activity only
    expect(own.byOrg.map((o: { orgId: number }) => o.orgId).sort()).toEqual([t.orgs.base, t.orgs.otherBase].sort());
    const b2 = await annual(d1Organizer, `year=2025&orgId=${t.orgs.otherBase}`);
    expect(seven(b2)).toEqual({
      contests: 0,
      trades: 0,
      participants: 0,
      trainingClasses: 1,
      trainees: 2,
      promotions: 1,
      highSkillPromotions: 1,
    });

    expectError(
      await t.app.inject({ method: 'GET', url: `/api/stats/annual?year=2025&orgId=${t.orgs.otherDistrict}`, headers: d1Organizer }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.app.inject({ method: 'GET', url: `/api/stats/annual?year=2025&orgId=${t.orgs.federation}`, headers: d1Organizer }),
      404,
      'NOT_FOUND',
    );
    expectError(await t.app.inject({ method: 'GET', url: '/api/stats/annual?year=2025' }), 401, 'UNAUTHORIZED');
    const worker = (await makeWorkers(t, 1))[0]!;
    expectError(await t.app.inject({ method: 'GET', url: '/api/stats/annual?year=2025', headers: worker.auth }), 403, 'FORBIDDEN');
    expectError(await t.app.inject({ method: 'GET', url: '/api/stats/annual?year=banana', headers: d1Organizer }), 400, 'VALIDATION');
    // an admin without an organisation gets the whole city
    expect((await annual(admin, 'year=2025')).orgId).toBe(t.orgs.federation);
  });

  it('stays correct as registrations, cancellations and contest changes go through the API, and equals a rebuild from the raw tables', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const organizer = d1Organizer;
    const before = seven(await annual(cityOrganizer, `year=${year}`));
    const { contestId, eventId } = await makeContest(t, organizer, { capacity: 1, orgId: t.orgs.base });
    // the fixture's contest starts 20 days from now: near the year's end it belongs to the next year
    const startYear = new Date(Date.now() + 20 * 86400_000 + 8 * 3600_000).getUTCFullYear();
    const q = `year=${startYear}`;
    const base = startYear === year ? before : seven(await annual(cityOrganizer, q));

    const [a, b] = await makeWorkers(t, 2, { orgId: t.orgs.base });
    const ra = await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: a!.auth });
    const rb = await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: b!.auth });
    expect([ra.json().status, rb.json().status]).toEqual(['confirmed', 'waitlisted']);
    let now = seven(await annual(cityOrganizer, q));
    expect(now).toEqual({
      ...base,
      contests: (base.contests as number) + 1,
      trades: (base.trades as number) + 1,
      participants: (base.participants as number) + 1,
    });

    // a cancellation promotes the waitlisted one: still one participant
    expect((await t.app.inject({ method: 'DELETE', url: `/api/registrations/${ra.json().id}`, headers: a!.auth })).statusCode).toBe(200);
    expect(seven(await annual(cityOrganizer, q))).toEqual(now);
    // a rebuild from the raw tables gives the same answer as the triggers kept
    const full = await annual(cityOrganizer, q);
    await t.app.services.stats.rebuild();
    expect(await annual(cityOrganizer, q)).toEqual(full);

    // cancelling the contest takes it and its participant out
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/contests/${contestId}/cancel`,
      headers: organizer,
      payload: { reason: '场地调整' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    now = seven(await annual(cityOrganizer, q));
    expect(now).toEqual(base);
  });
});
