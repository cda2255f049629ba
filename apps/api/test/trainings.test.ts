import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp, expectError } from './helper';
import { isoIn, makeWorkers } from './fixtures';

const t = await buildTestApp();
const { app } = t;
const organizer = await t.user(['organizer'], t.orgs.district);

async function makeClass(over: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/trainings',
    headers: organizer.auth,
    payload: {
      title: '数控车工（高级）技能提升班',
      tradeId: t.trades.fitter,
      targetLevel: 'senior',
      orgId: t.orgs.base,
      capacity: 2,
      enrolOpensAt: isoIn(-1),
      enrolClosesAt: isoIn(5),
      sessions: [
        { startsAt: isoIn(12), endsAt: isoIn(12.1) },
        { startsAt: isoIn(10), endsAt: isoIn(10.1) },
      ],
      ...over,
    },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}

describe('training classes', () => {
  it('creates a class with its sessions sorted; the first session dates it', async () => {
    const c = await makeClass();
    expect(c).toMatchObject({ status: 'published', capacity: 2, seatsLeft: 2, attendanceRequired: 0.8, passMark: 60 });
    const detail = (await app.inject({ method: 'GET', url: `/api/trainings/${c.id}`, headers: organizer.auth })).json();
    expect(detail.sessions).toHaveLength(2);
    expect(detail.firstSessionAt).toBe(detail.sessions[0].startsAt);
    expect(new Date(detail.sessions[0].startsAt).getTime()).toBeLessThan(new Date(detail.sessions[1].startsAt).getTime());
    // the anonymous public sees it, without the check-in secrets
    const pub = (await app.inject({ method: 'GET', url: `/api/trainings/${c.id}` })).json();
    expect(pub.sessions[0].checkInToken).toBeUndefined();
    const list = (await app.inject({ method: 'GET', url: '/api/trainings?open=true' })).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(c.id);
  });

  it('validates the schedule and scope', async () => {
    const create = (auth: { authorization: string }, enrol: { opens: number; closes: number }) =>
      app.inject({
        method: 'POST',
        url: '/api/trainings',
        headers: auth,
        payload: {
          title: 'x',
          tradeId: t.trades.fitter,
          targetLevel: 'senior',
          orgId: t.orgs.base,
          capacity: 1,
          enrolOpensAt: isoIn(enrol.opens),
          enrolClosesAt: isoIn(enrol.closes),
          sessions: [{ startsAt: isoIn(3), endsAt: isoIn(4) }],
        },
      });
    // enrolment closing before it opens
    expectError(await create(organizer.auth, { opens: 1, closes: 0 }), 400, 'VALIDATION');
    // an organisation outside the organizer's subtree
    const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
    expectError(await create(outsider.auth, { opens: -1, closes: 1 }), 404, 'NOT_FOUND');
  });

  it('enrols up to capacity, waitlists the rest, and a cancellation promotes the first waiting', async () => {
    const c = await makeClass();
    const ws = await makeWorkers(t, 4);
    const results = await Promise.all(
      ws.map(async (w) => (await app.inject({ method: 'POST', url: `/api/trainings/${c.id}/enrolments`, headers: w.auth })).json()),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['enrolled', 'enrolled', 'waitlisted', 'waitlisted']);
    const waiting = results.filter((r) => r.status === 'waitlisted').sort((a, b) => a.waitlistPosition - b.waitlistPosition);
    expect(waiting.map((r) => r.waitlistPosition)).toEqual([1, 2]);
    const enrolled = results.find((r) => r.status === 'enrolled')!;
    const owner = ws[results.indexOf(enrolled)]!;
    expectError(
      await app.inject({ method: 'POST', url: `/api/trainings/${c.id}/enrolments`, headers: owner.auth }),
      409,
      'ALREADY_ENROLLED',
    );
    const del = await app.inject({ method: 'DELETE', url: `/api/enrolments/${enrolled.id}`, headers: owner.auth });
    expect(del.json()).toMatchObject({ status: 'cancelled', promoted: { id: waiting[0].id, status: 'enrolled' } });
    const row = await t.database.read.get(sql`select taken, waitlisted_count as w from training_classes where id = ${c.id as number}`);
    expect(row).toEqual({ taken: 2, w: 1 });
    const other = ws.find((_, i) => results[i].id === waiting[1].id)!;
    const mine = (await app.inject({ method: 'GET', url: '/api/me/enrolments', headers: other.auth })).json();
    expect(mine[0]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(mine[0].sessions).toHaveLength(2);
    // another worker cannot cancel it
    expectError(await app.inject({ method: 'DELETE', url: `/api/enrolments/${waiting[1].id}`, headers: owner.auth }), 404, 'NOT_FOUND');
  });

  it('refuses enrolment outside the window and with an incomplete profile', async () => {
    const closed = await makeClass({ enrolOpensAt: isoIn(-3), enrolClosesAt: isoIn(-1) });
    const [w] = await makeWorkers(t, 1);
    expectError(
      await app.inject({ method: 'POST', url: `/api/trainings/${closed.id}/enrolments`, headers: w!.auth }),
      409,
      'ENROLMENT_CLOSED',
    );
    const open = await makeClass();
    const [blank] = await makeWorkers(t, 1, { complete: false });
    expectError(
      await app.inject({ method: 'POST', url: `/api/trainings/${open.id}/enrolments`, headers: blank!.auth }),
      409,
      'PROFILE_INCOMPLETE',
    );
  });
});
