import { describe, expect, it } from 'vitest';
import { buildTestApp } from './helper';
import { makeContest, makeWorkers, moveContestTo } from './fixtures';

/**
 * Bodies a request may leave out (api-contract.md: draw `{seed}`, approve/reject `{reason}`; cancel `{reason}`; refresh and
 * logout `{refreshToken}`) are declared in the contract like every other body: no body at all is fine, the listed fields
 * are read, and anything else is refused with 400 VALIDATION naming the field — never silently ignored.
 */
const t = await buildTestApp();
const { app } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
const json = { 'content-type': 'application/json' };

describe('optional request bodies', () => {
  it('approve and reject: no body, {reason}, and an unknown field refused', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { requiresApproval: true });
    const [a, b, c] = await makeWorkers(t, 3);
    const ids: number[] = [];
    for (const w of [a!, b!, c!]) {
      const r = await app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: w.auth });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json().id);
    }
    const none = await app.inject({ method: 'POST', url: `/api/registrations/${ids[0]}/approve`, headers: organizer.auth });
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json().status).toBe('confirmed');

    const extra = await app.inject({
      method: 'POST',
      url: `/api/registrations/${ids[1]}/reject`,
      headers: { ...organizer.auth, ...json },
      payload: { reason: '资格不符', note: 'x' },
    });
    expect(extra.statusCode, extra.body).toBe(400);
    expect(extra.json()).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'note', code: 'unknown_field' }] });

    const tooLong = await app.inject({
      method: 'POST',
      url: `/api/registrations/${ids[1]}/reject`,
      headers: { ...organizer.auth, ...json },
      payload: { reason: '长'.repeat(501) },
    });
    expect(tooLong.statusCode, tooLong.body).toBe(400);
    expect(tooLong.json().fields[0]).toMatchObject({ field: 'reason', code: 'too_long' });

    const rejected = await app.inject({
      method: 'POST',
      url: `/api/registrations/${ids[1]}/reject`,
      headers: { ...organizer.auth, ...json },
      payload: { reason: '资格不符' },
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().status).toBe('rejected');

    // cancel: no body, or {reason}; nothing else
    const cancelExtra = await app.inject({
      method: 'DELETE',
      url: `/api/registrations/${ids[2]}`,
      headers: { ...c!.auth, ...json },
      payload: { why: 'x' },
    });
    expect(cancelExtra.statusCode, cancelExtra.body).toBe(400);
    const cancelled = await app.inject({ method: 'DELETE', url: `/api/registrations/${ids[2]}`, headers: c!.auth });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
  });

  it('draw: the same seed gives the same draw; no body draws with a recorded seed; a number for a seed is refused', async () => {
    const draws: string[][] = [];
    for (const body of [{ seed: '第九届' }, { seed: '第九届' }, null]) {
      const { contestId, eventId } = await makeContest(t, organizer.auth);
      for (const w of await makeWorkers(t, 4)) {
        const r = await app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: w.auth });
        expect(r.statusCode, r.body).toBe(201);
      }
      await moveContestTo(t, organizer.auth, contestId, 'closed');
      if (body) {
        const bad = await app.inject({
          method: 'POST',
          url: `/api/events/${eventId}/draw`,
          headers: { ...organizer.auth, ...json },
          payload: { seed: 42 },
        });
        expect(bad.statusCode, bad.body).toBe(400);
        expect(bad.json().fields[0]).toMatchObject({ field: 'seed' });
      }
      const res = await app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/draw`,
        headers: body ? { ...organizer.auth, ...json } : organizer.auth,
        ...(body ? { payload: body } : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
      const out = res.json() as { seed: string; assignments: { registrationId: number; bib: string }[] };
      if (body) expect(out.seed).toBe(body.seed);
      else expect(out.seed.length).toBeGreaterThan(0);
      // the order of bibs over the registrations in the order they came
      draws.push(out.assignments.sort((x, y) => x.registrationId - y.registrationId).map((x) => x.bib));
    }
    expect(draws[0]).toEqual(draws[1]);
  });
});
