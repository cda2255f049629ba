import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jsonValue } from '../src/data/database';
import { buildTestApp, expectError } from './helper';
import { isoIn, makeContest, makeWorkers, moveContestTo } from './fixtures';
import { auditsOf } from './support/rows';

const t = await buildTestApp();
const { app, database } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
type Auth = { authorization: string };

const patch = (eventId: number, payload: unknown, auth: Auth = organizer.auth) =>
  app.inject({ method: 'PATCH', url: `/api/events/${eventId}`, headers: auth, payload: payload as object });
const register = (eventId: number, w: { auth: Auth }) =>
  app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: w.auth });
const statusOf = async (registrationId: number) =>
  (await database.read.get<{ status: string }>(sql`select status from registrations where id = ${registrationId}`))!.status;
const statusesOf = (registrationIds: number[]) => Promise.all(registrationIds.map(statusOf));
const auditRows = (action: string, entityId: number) => auditsOf(database, action, { entityId });
const eventRow = async (eventId: number) =>
  (await database.read.get<{ capacity: number; taken: number; confirmed: number; waitlisted: number; venue: string | null }>(
    sql`select capacity, taken, confirmed_count as confirmed, waitlisted_count as waitlisted, venue from events where id = ${eventId}`,
  ))!;
const auditCount = () => database.read.get<{ n: number }>(sql`select count(*) as n from audit_log`);

/** An event of `capacity` seats and `n` registrations in arrival order; returns their registration ids. */
async function filledEvent(capacity: number, n: number, opts: { requiresApproval?: boolean } = {}) {
  const { contestId, eventId, event } = await makeContest(t, organizer.auth, { capacity, requiresApproval: opts.requiresApproval });
  const regs: number[] = [];
  for (const w of await makeWorkers(t, n)) {
    const r = await register(eventId, w);
    expect(r.statusCode, r.body).toBe(201);
    regs.push(r.json().id);
  }
  /** time moves on, as the organizer sets the dates: registration closes (the draw), the contest starts (marks) */
  const move = (phase: 'closed' | 'started') => moveContestTo(t, organizer.auth, contestId, phase);
  return { contestId, eventId, event, regs, move };
}

describe('PATCH /api/events/:id — capacity', () => {
  it('raising capacity gives the new seats to the waiting list in arrival order, in one audited change', async () => {
    const { eventId, regs } = await filledEvent(2, 5);
    expect(await statusesOf(regs)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted', 'waitlisted']);
    const res = await patch(eventId, { capacity: 4 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: eventId,
      capacity: 4,
      confirmed: 4,
      pending: 0,
      waitlisted: 1,
      seatsLeft: 0,
      promotedFromWaitlist: 2,
    });
    expect(await statusesOf(regs)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'waitlisted']);
    expect(await eventRow(eventId)).toMatchObject({ capacity: 4, taken: 4, confirmed: 4, waitlisted: 1 });
    // the one still waiting is now first in line, and a newcomer does not jump the queue
    const desk = await app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/registrations?status=waitlisted`,
      headers: organizer.auth,
    });
    expect(desk.json().items.map((r: { id: number; waitlistPosition: number }) => [r.id, r.waitlistPosition])).toEqual([[regs[4], 1]]);
    const [late] = await makeWorkers(t, 1);
    expect((await register(eventId, late!)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });

    const [edit] = await auditRows('event.update', eventId);
    expect(edit!.actorId).toBe(organizer.id);
    expect(edit!.before).toEqual({ capacity: 2 });
    expect(edit!.after).toEqual({ capacity: 4, promotedFromWaitlist: [regs[2], regs[3]] });
    for (const id of [regs[2]!, regs[3]!]) {
      expect(await auditRows('registration.promoted_from_waitlist', id)).toEqual([
        expect.objectContaining({ actorId: organizer.id, after: { status: 'confirmed' }, reason: 'capacity raised' }),
      ]);
    }
  });

  it('promoted registrations wait for approval when the event needs it; more seats than waiting promotes everyone', async () => {
    const { eventId, regs } = await filledEvent(1, 3, { requiresApproval: true });
    const res = await patch(eventId, { capacity: 10 });
    expect(res.json()).toMatchObject({ capacity: 10, confirmed: 0, pending: 3, waitlisted: 0, seatsLeft: 7, promotedFromWaitlist: 2 });
    expect(await statusesOf(regs)).toEqual(['pending', 'pending', 'pending']);
  });

  it('capacity may not go below confirmed + pending seats, and a refused change writes nothing', async () => {
    const { eventId, regs } = await filledEvent(3, 3, { requiresApproval: true });
    await app.inject({ method: 'POST', url: `/api/registrations/${regs[0]}/approve`, headers: organizer.auth });
    const auditBefore = await auditCount();
    const res = await patch(eventId, { capacity: 2, venue: '新场馆' });
    expectError(res, 409, 'CAPACITY_BELOW_TAKEN');
    expect(res.json().message).toContain('3');
    const en = await app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}`,
      headers: { ...organizer.auth, 'accept-language': 'en' },
      payload: { capacity: 1 },
    });
    expect(en.json().message).toMatch(/below the seats already held/);
    expect(await eventRow(eventId)).toMatchObject({ capacity: 3, taken: 3, venue: null });
    expect(await auditCount()).toEqual(auditBefore);
    // down to exactly the seats taken is fine
    expect((await patch(eventId, { capacity: 3, venue: '新场馆' })).json()).toMatchObject({ capacity: 3, venue: '新场馆' });
  });
});

describe('PATCH /api/events/:id — scheme, eligibility and locks', () => {
  it('edits eligibility, approval and the scheme, validated like a new event; unchanged fields are not changes', async () => {
    const { eventId, event, regs } = await filledEvent(5, 1);
    const scoring = { ...event.scoring, criteria: event.scoring.criteria.map(({ id: _id, ...c }: { id: number }) => c) };
    // the whole form sent back unchanged is no change at all
    const same = await patch(eventId, { capacity: 5, eligibility: event.eligibility, scoring, promotionRules: event.promotionRules });
    expect(same.statusCode, same.body).toBe(200);
    expect(await auditRows('event.update', eventId)).toHaveLength(0);

    expectError(await patch(eventId, { scoring: { criteria: [{ name: '实操', maxScore: 90, kind: 'score' }] } }), 400, 'VALIDATION');
    expectError(await patch(eventId, { scoring: { theoryWeight: 0.5 } }), 400, 'VALIDATION');
    expectError(await patch(eventId, { eligibility: { minLevel: 'senior', maxLevel: 'junior' } }), 400, 'VALIDATION');
    expectError(
      await patch(eventId, { promotionRules: [{ fromRank: 1, toRank: 3, topPercent: 10, targetLevel: 'senior', capLevel: 'senior' }] }),
      400,
      'VALIDATION',
    );

    const res = await patch(eventId, {
      requiresApproval: true,
      eligibility: { minLevel: 'intermediate' },
      scoring: { theoryWeight: 0.4, practicalWeight: 0.6, criteria: [{ name: '实操', maxScore: 100, kind: 'score' }] },
      promotionRules: [{ fromRank: 1, toRank: 1, targetLevel: 'technician', capLevel: 'technician', title: '技术能手' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const detail = (await app.inject({ method: 'GET', url: `/api/contests/${event.contestId}`, headers: organizer.auth })).json().events[0];
    expect(detail).toMatchObject({
      requiresApproval: true,
      eligibility: { minLevel: 'intermediate', maxLevel: null, unionMemberOnly: true },
      scoring: { theoryWeight: 0.4, practicalWeight: 0.6, criteria: [{ name: '实操', maxScore: 100, kind: 'score' }] },
      promotionRules: [{ fromRank: 1, toRank: 1, targetLevel: 'technician', title: '技术能手' }],
    });
    // approval applies to future registrations only: the confirmed one stays, the next one waits for approval
    expect(await statusOf(regs[0]!)).toBe('confirmed');
    const [next] = await makeWorkers(t, 1);
    expect((await register(eventId, next!)).json().status).toBe('pending');
    const [edit] = await auditRows('event.update', eventId);
    expect(Object.keys(edit!.before!).sort()).toEqual(['eligibility', 'promotionRules', 'requiresApproval', 'scoring']);
  });

  it('the scoring scheme is locked once a judge has entered a mark; other fields still change', async () => {
    const { eventId, event, move } = await filledEvent(5, 2);
    await move('closed');
    await app.inject({ method: 'POST', url: `/api/events/${eventId}/draw`, headers: organizer.auth, payload: { seed: 's' } });
    await move('started');
    const judge = await t.user(['judge'], t.orgs.baseInOther);
    await app.inject({ method: 'POST', url: `/api/events/${eventId}/judges`, headers: organizer.auth, payload: { userId: judge.id } });
    const criterion = event.scoring.criteria[0];
    const mark = await app.inject({
      method: 'PUT',
      url: `/api/judging/events/${eventId}/scores`,
      headers: judge.auth,
      payload: { bib: 'A001', criterionId: criterion.id, score: criterion.maxScore },
    });
    expect(mark.statusCode, mark.body).toBe(200);
    expectError(await patch(eventId, { scoring: { passMark: 70 } }), 409, 'SCORING_LOCKED');
    expectError(await patch(eventId, { scoring: { criteria: [{ name: '实操', maxScore: 100, kind: 'score' }] } }), 409, 'SCORING_LOCKED');
    expect((await patch(eventId, { scoring: { passMark: event.scoring.passMark }, capacity: 6 })).json()).toMatchObject({ capacity: 6 });
  });

  it('after results are published only the venue changes; promotion rules are locked once promotions were applied', async () => {
    const { eventId, event } = await filledEvent(5, 1);
    await database.tx((tx) => tx.run(sql`update events set results_published_at = '2026-01-01T00:00:00Z' where id = ${eventId}`));
    expectError(await patch(eventId, { capacity: 8 }), 409, 'RESULTS_PUBLISHED');
    expectError(await patch(eventId, { eligibility: { unionMemberOnly: false } }), 409, 'RESULTS_PUBLISHED');
    expect((await patch(eventId, { venue: '二号车间', capacity: 5 })).json()).toMatchObject({ venue: '二号车间', capacity: 5 });

    await database.tx((tx) => tx.run(sql`update events set promotions_applied_at = '2026-01-02T00:00:00Z' where id = ${eventId}`));
    const rules = [{ topPercent: 10, targetLevel: 'senior', capLevel: 'senior', title: null }];
    expect(rules).not.toEqual(event.promotionRules);
    expectError(await patch(eventId, { promotionRules: rules }), 409, 'PROMOTION_RULES_LOCKED');
  });
});

describe('seats given after the blind-number draw', () => {
  const bibs = (eventId: number) =>
    database.read.all<{ id: number; status: string; bib: string | null }>(
      sql`select id, status, bib from registrations where event_id = ${eventId} order by id`,
    );

  it('get the next numbers in arrival order — a capacity raise, a rejection, a late registration — never reusing one, and reach the judges', async () => {
    const { contestId, eventId, regs, move } = await filledEvent(2, 5);
    await move('closed');
    const draw = await app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/draw`,
      headers: organizer.auth,
      payload: { seed: 'late' },
    });
    expect(draw.statusCode, draw.body).toBe(200);
    expect((await bibs(eventId)).map((r) => r.bib)).toEqual([
      expect.stringMatching(/^A00[12]$/),
      expect.stringMatching(/^A00[12]$/),
      null,
      null,
      null,
    ]);

    // two more seats: the first two in line are confirmed and numbered A003, A004 in arrival order
    expect((await patch(eventId, { capacity: 4 })).statusCode).toBe(200);
    expect((await bibs(eventId)).slice(2).map((r) => [r.status, r.bib])).toEqual([
      ['confirmed', 'A003'],
      ['confirmed', 'A004'],
      ['waitlisted', null],
    ]);
    const [late] = await auditRows('event.draw_late', eventId);
    expect(late!.actorId).toBe(organizer.id);
    expect(late!.after).toEqual({
      assignments: [
        { registrationId: regs[2], bib: 'A003' },
        { registrationId: regs[3], bib: 'A004' },
      ],
    });

    // a drawn contestant is rejected: the last in line moves up and gets A005 — A00x of the rejected one is not reused
    const rejected = (await bibs(eventId))[0]!;
    const rej = await app.inject({
      method: 'POST',
      url: `/api/registrations/${rejected.id}/reject`,
      headers: organizer.auth,
      payload: { reason: '证件不符' },
    });
    expect(rej.statusCode, rej.body).toBe(200);
    expect((await bibs(eventId)).map((r) => [r.status, r.bib])).toEqual([
      ['rejected', rejected.bib],
      ['confirmed', expect.stringMatching(/^A00[12]$/)],
      ['confirmed', 'A003'],
      ['confirmed', 'A004'],
      ['confirmed', 'A005'],
    ]);

    // the organizer reopens registration after the draw: a newcomer who finds a free seat is numbered at once
    const reopened = await app.inject({
      method: 'PATCH',
      url: `/api/contests/${contestId}`,
      headers: organizer.auth,
      payload: { registrationClosesAt: isoIn(0.5) },
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((await patch(eventId, { capacity: 5 })).statusCode).toBe(200);
    const [newcomer] = await makeWorkers(t, 1);
    expect((await register(eventId, newcomer!)).json().status).toBe('confirmed');
    expect((await bibs(eventId)).at(-1)).toMatchObject({ status: 'confirmed', bib: 'A006' });

    // every seat holder is on a judge's sheet
    const judge = await t.user(['judge'], t.orgs.baseInOther);
    await app.inject({ method: 'POST', url: `/api/events/${eventId}/judges`, headers: organizer.auth, payload: { userId: judge.id } });
    const sheet = (await app.inject({ method: 'GET', url: `/api/judging/events/${eventId}/sheet`, headers: judge.auth })).json();
    const holders = (await bibs(eventId)).filter((r) => r.status === 'confirmed');
    expect(sheet.contestants.map((c: { bib: string }) => c.bib).sort()).toEqual(holders.map((r) => r.bib).sort());
  });

  it('with approval: a seat that moves up waits for approval, and the approval numbers it', async () => {
    const { eventId, regs, move } = await filledEvent(1, 2, { requiresApproval: true });
    await app.inject({ method: 'POST', url: `/api/registrations/${regs[0]}/approve`, headers: organizer.auth });
    await move('closed');
    await app.inject({ method: 'POST', url: `/api/events/${eventId}/draw`, headers: organizer.auth, payload: { seed: 'ap' } });
    expect((await patch(eventId, { capacity: 2 })).statusCode).toBe(200);
    expect((await bibs(eventId)).map((r) => [r.status, r.bib])).toEqual([
      ['confirmed', 'A001'],
      ['pending', null],
    ]);
    expect(await auditRows('event.draw_late', eventId)).toEqual([]);
    const ok = await app.inject({ method: 'POST', url: `/api/registrations/${regs[1]}/approve`, headers: organizer.auth });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await bibs(eventId))[1]).toMatchObject({ status: 'confirmed', bib: 'A002' });
  });
});

describe('PATCH /api/events/:id — who and what', () => {
  it('404 outside the subtree or unknown, 403 for workers and judges, 401 anonymous, 400 VALIDATION for a bad body', async () => {
    const { eventId } = await filledEvent(5, 0);
    const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
    expectError(await patch(eventId, { capacity: 9 }, outsider.auth), 404, 'NOT_FOUND');
    expectError(await patch(999999, { capacity: 9 }), 404, 'NOT_FOUND');
    const [worker] = await makeWorkers(t, 1);
    expectError(await patch(eventId, { capacity: 9 }, worker!.auth), 403, 'FORBIDDEN');
    const judge = await t.user(['judge'], t.orgs.base);
    expectError(await patch(eventId, { capacity: 9 }, judge.auth), 403, 'FORBIDDEN');
    expect((await app.inject({ method: 'PATCH', url: `/api/events/${eventId}`, payload: { capacity: 9 } })).statusCode).toBe(401);
    for (const body of [
      {},
      { capacity: 0 },
      { capacity: '9' },
      { capacity: 2.5 },
      { scoring: { aggregation: 'max' } },
      { eligibility: { minAge: 10 } },
    ]) {
      expectError(await patch(eventId, body), 400, 'VALIDATION');
    }
    expect((await eventRow(eventId)).capacity).toBe(5);
    // an admin may edit anywhere
    const admin = await t.user(['admin'], t.orgs.federation);
    expect((await patch(eventId, { capacity: 9 }, admin.auth)).json().capacity).toBe(9);
  });
});

describe('DELETE /api/events/:id/judges/:userId', () => {
  it('takes a judge without marks off the panel (audited); a judge with marks stays', async () => {
    const { eventId, event, move } = await filledEvent(5, 2);
    await move('closed');
    await app.inject({ method: 'POST', url: `/api/events/${eventId}/draw`, headers: organizer.auth, payload: { seed: 'j' } });
    await move('started');
    const wrong = await t.user(['judge'], t.orgs.baseInOther);
    const scoring = await t.user(['judge'], t.orgs.baseInOther);
    for (const j of [wrong, scoring]) {
      await app.inject({ method: 'POST', url: `/api/events/${eventId}/judges`, headers: organizer.auth, payload: { userId: j.id } });
    }
    const criterion = event.scoring.criteria[0];
    await app.inject({
      method: 'PUT',
      url: `/api/judging/events/${eventId}/scores`,
      headers: scoring.auth,
      payload: { bib: 'A002', criterionId: criterion.id, score: 0 },
    });
    const del = (userId: number, auth: Auth = organizer.auth) =>
      app.inject({ method: 'DELETE', url: `/api/events/${eventId}/judges/${userId}`, headers: auth });

    const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
    expectError(await del(wrong.id, outsider.auth), 404, 'NOT_FOUND');
    expectError(await del(wrong.id, wrong.auth), 403, 'FORBIDDEN');

    const ok = await del(wrong.id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ eventId, judgeId: wrong.id, removed: true });
    const roster = await app.inject({ method: 'GET', url: `/api/events/${eventId}/judges`, headers: organizer.auth });
    expect(roster.json().judges.map((j: { judgeId: number }) => j.judgeId)).toEqual([scoring.id]);
    expectError(await app.inject({ method: 'GET', url: `/api/judging/events/${eventId}/sheet`, headers: wrong.auth }), 404, 'NOT_FOUND');
    const removal = await database.read.all<{ actorId: number; before: unknown }>(
      sql`select actor_id as "actorId", before from audit_log where action = 'judge.remove'`,
    );
    expect(removal.map((r) => ({ ...r, before: jsonValue(r.before) }))).toEqual([
      { actorId: organizer.id, before: expect.objectContaining({ judgeId: wrong.id }) },
    ]);
    expectError(await del(wrong.id), 404, 'JUDGE_NOT_ASSIGNED');

    expectError(await del(scoring.id), 409, 'JUDGE_HAS_SCORES');
    expect(roster.json().judges).toHaveLength(1);
    // a removed judge can be assigned again
    const again = await app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/judges`,
      headers: organizer.auth,
      payload: { userId: wrong.id },
    });
    expect(again.statusCode).toBe(201);
  });

  it('400 for a bad id in the path', async () => {
    expectError(await app.inject({ method: 'DELETE', url: '/api/events/1/judges/abc', headers: organizer.auth }), 400, 'VALIDATION');
  });
});
