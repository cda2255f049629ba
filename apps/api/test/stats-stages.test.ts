import { describe, expect, it } from 'vitest';
import { buildTestApp } from './helper';
import { makeContest, makeWorkers, minutesFromNow, moveContestTo } from './fixtures';
import { annualReport, sevenOf } from './support/annual';
import { publishResults } from './support/rows';

/**
 * The annual report with stages (issue 16 item 7; domain.md § The annual report): preliminaries feeding a final. A
 * finalist is a participant of the final too — two person-times, preliminary and final — and an advanced registration
 * counts like any confirmed one; cancelled and waitlisted ones do not. The figures the triggers keep equal a rebuild.
 */
const t = await buildTestApp();
const { app, database } = t;
const city = await t.user(['organizer'], t.orgs.federation);
const d1 = await t.user(['organizer'], t.orgs.district);
const d2 = await t.user(['organizer'], t.orgs.otherDistrict);
type Auth = { authorization: string };

const annual = (query: string) => annualReport(app, city.auth, query);
const seven = sevenOf;
const minutes = minutesFromNow;
const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 200) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r;
};

/** A district preliminary (in the plan): one self-registration cancelled, then `n` contestants' results published, ranks 1…n. */
async function preliminary(auth: Auth, orgId: number, employer: number, n: number) {
  const { contestId, eventId } = await makeContest(t, auth, { orgId, tier: 'district' });
  const [quitter] = await makeWorkers(t, 1, { orgId: employer });
  const reg = await ok(app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: quitter!.auth }), 201);
  await ok(app.inject({ method: 'DELETE', url: `/api/registrations/${JSON.parse(reg.body).id}`, headers: quitter!.auth }));
  const workers = await makeWorkers(t, n, { orgId: employer });
  await moveContestTo(t, auth, contestId, 'ended');
  await publishResults(
    database,
    eventId,
    workers.map((w, i) => ({ workerId: w.id, rank: i + 1, theory: 90 - i, practical: 90 - i, total: 90 - i, passed: true })),
  );
  return { contestId, eventId, workers };
}

describe('the annual report with preliminaries and a final', () => {
  it('counts a finalist in the preliminary and in the final, advanced like self-registered, without the cancelled and waitlisted', async () => {
    // A (梁溪) 4 contestants, B (滨湖) 3; each also had one registration cancelled
    const a = await preliminary(d1.auth, t.orgs.district, t.orgs.base, 4);
    const b = await preliminary(d2.auth, t.orgs.otherDistrict, t.orgs.baseInOther, 3);
    // A's four are promoted (district band rank 1–6 → senior): into high-skill status
    const applied = await ok(app.inject({ method: 'POST', url: `/api/events/${a.eventId}/promotions`, headers: d1.auth }));
    expect(JSON.parse(applied.body)).toHaveLength(4);

    // the city final, starting within hours: capacity 3; two self-registered, one cancelled, one waitlisted behind them
    const final = await makeContest(t, city.auth, {
      orgId: t.orgs.federation,
      capacity: 3,
      event: {
        qualifiesFrom: [
          { eventId: a.eventId, topN: 2 },
          { eventId: b.eventId, topN: 1 },
        ],
      },
    });
    await ok(
      app.inject({
        method: 'PATCH',
        url: `/api/contests/${final.contestId}`,
        headers: city.auth,
        payload: { registrationOpensAt: minutes(-1440), registrationClosesAt: minutes(60), startsAt: minutes(120), endsAt: minutes(180) },
      }),
    );
    const year = new Date(Date.now() + 120 * 60_000 + 8 * 3600_000).getUTCFullYear();
    const [s1, s2, s3, s4] = await makeWorkers(t, 4);
    const reg = async (w: { auth: Auth }) =>
      JSON.parse((await ok(app.inject({ method: 'POST', url: `/api/events/${final.eventId}/registrations`, headers: w.auth }), 201)).body);
    await reg(s1!);
    await reg(s2!);
    const cancelled = await reg(s3!);
    await ok(app.inject({ method: 'DELETE', url: `/api/registrations/${cancelled.id}`, headers: s3!.auth }));
    await reg(s4!);
    // s4 took the freed seat: three self-registered seat holders; a fifth waits
    const [s5] = await makeWorkers(t, 1);
    expect((await reg(s5!)).status).toBe('waitlisted');

    // A's top two and B's winner advance (capacity grows to 6): each counts at once; one of A's declines, which lets the waiting one in
    const adv = JSON.parse(
      (await ok(app.inject({ method: 'POST', url: `/api/events/${final.eventId}/advance`, headers: city.auth }))).body,
    );
    expect(adv.items).toHaveLength(3);
    expect(await annual(`year=${year}`).then(seven)).toMatchObject({ participants: 4 + 3 + 3 + 3 });
    await ok(app.inject({ method: 'DELETE', url: `/api/registrations/${adv.items[1].registrationId}`, headers: a.workers[1]!.auth }));

    // the final: s1, s2, s4, A's winner, B's winner and s5 (moved up into the declined seat)
    const ev = JSON.parse((await ok(app.inject({ method: 'GET', url: `/api/events/${final.eventId}`, headers: city.auth }))).body);
    expect({ confirmed: ev.confirmed, waitlisted: ev.waitlisted, capacity: ev.capacity }).toEqual({
      confirmed: 6,
      waitlisted: 0,
      capacity: 6,
    });
    // contests 3 · trades 1 (all fitters) · participants A 4 + B 3 + final 6 (two of them counted in their preliminary too)
    const expected = {
      contests: 3,
      trades: 1,
      participants: 4 + 3 + 6,
      trainingClasses: 0,
      trainees: 0,
      promotions: 4,
      highSkillPromotions: 4,
    };
    const kept = await annual(`year=${year}`);
    expect(seven(kept)).toEqual(expected);
    // the district's own subtree: its preliminary only
    expect(seven(await annual(`year=${year}&orgId=${t.orgs.district}`))).toEqual({ ...expected, contests: 1, participants: 4 });

    // the summaries the triggers kept equal a rebuild from the raw tables
    await app.services.stats.rebuild();
    expect(await annual(`year=${year}`)).toEqual(kept);
  });
});
