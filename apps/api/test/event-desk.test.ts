import { describe, expect, it } from 'vitest';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers, moveContestTo } from './fixtures';

const t = await buildTestApp();
const { app } = t;
const organizer = await t.user(['organizer'], t.orgs.district);

describe('GET /api/events/:id (the registration desk header)', () => {
  it('gives the event with its contest and seat counters, then the recorded draw; 404 outside the subtree and 403 for workers', async () => {
    const { eventId, contestId } = await makeContest(t, organizer.auth, { capacity: 2, requiresApproval: true });
    const ws = await makeWorkers(t, 3);
    for (const w of ws) await app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: w.auth });
    const get = (auth: { authorization: string }) => app.inject({ method: 'GET', url: `/api/events/${eventId}`, headers: auth });
    const before = await get(organizer.auth);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({
      id: eventId,
      contest: { id: contestId, title: expect.any(String), status: 'published' },
      capacity: 2,
      confirmed: 0,
      pending: 2,
      waitlisted: 1,
      seatsLeft: 0,
      requiresApproval: true,
      drawSeed: null,
      drawnAt: null,
    });
    await moveContestTo(t, organizer.auth, contestId, 'closed');
    await app.inject({ method: 'POST', url: `/api/events/${eventId}/draw`, headers: organizer.auth, payload: { seed: 'desk-seed' } });
    expect((await get(organizer.auth)).json()).toMatchObject({ drawSeed: 'desk-seed', drawnAt: expect.any(String) });

    const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
    expectError(await get(outsider.auth), 404, 'NOT_FOUND');
    expectError(await get(ws[0]!.auth), 403, 'FORBIDDEN');
    expectError(await app.inject({ method: 'GET', url: '/api/events/999999', headers: organizer.auth }), 404, 'NOT_FOUND');
  });
});
