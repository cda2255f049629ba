import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jsonValue } from '../src/data/database';
import { buildTestApp, expectError } from './helper';
import { isoIn, makeContest, makeWorkers, moveContestTo } from './fixtures';

const t = await buildTestApp();
const { app, database } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
const register = (eventId: number, auth: { authorization: string }) => app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: auth });
const counters = async (eventId: number) =>
  (await database.read.get<Record<string, number>>(sql`select capacity, taken, confirmed_count as confirmed, waitlisted_count as waitlisted from events where id = ${eventId}`))!;

describe('capacity and the waiting list', () => {
  it('300 concurrent registrations for 50 seats: exactly 50 confirmed, 250 waitlisted at positions 1..250, no duplicates', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 50 });
    const workers = await makeWorkers(t, 300);
    const started = performance.now();
    const responses = await Promise.all(workers.map((w) => register(eventId, w.auth)));
    const ms = performance.now() - started;
    expect(responses.every((r) => r.statusCode === 201)).toBe(true);
    const bodies = responses.map((r) => r.json());
    expect(bodies.filter((b) => b.status === 'confirmed')).toHaveLength(50);
    const waitlisted = bodies.filter((b) => b.status === 'waitlisted');
    expect(waitlisted).toHaveLength(250);
    expect(waitlisted.map((b) => b.waitlistPosition).sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    const dupes = await database.read.all(sql`select worker_id, count(*) as n from registrations where event_id = ${eventId} group by worker_id having count(*) > 1`);
    expect(dupes).toEqual([]);
    expect(await counters(eventId)).toEqual({ capacity: 50, taken: 50, confirmed: 50, waitlisted: 250 });
    console.log(`300 registrations in ${ms.toFixed(0)} ms (${((300 / ms) * 1000).toFixed(0)}/s through inject)`);

    // cancelling a confirmed registration promotes waitlist position 1
    const first = bodies.find((b) => b.waitlistPosition === 1)!;
    const confirmedOne = bodies.find((b) => b.status === 'confirmed')!;
    const owner = workers[bodies.indexOf(confirmedOne)]!;
    const del = await app.inject({ method: 'DELETE', url: `/api/registrations/${confirmedOne.id}`, headers: owner.auth });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ status: 'cancelled', promoted: { id: first.id, status: 'confirmed' } });
    expect(await counters(eventId)).toEqual({ capacity: 50, taken: 50, confirmed: 50, waitlisted: 249 });
    // the promoted worker sees it, and everybody else moved up one place
    const promotedOwner = workers[bodies.indexOf(first)]!;
    const mine = (await app.inject({ method: 'GET', url: '/api/me/registrations', headers: promotedOwner.auth })).json();
    expect(mine[0]).toMatchObject({ id: first.id, status: 'confirmed', waitlistPosition: null });
    const second = bodies.find((b) => b.waitlistPosition === 2)!;
    const secondOwner = workers[bodies.indexOf(second)]!;
    expect((await app.inject({ method: 'GET', url: '/api/me/registrations', headers: secondOwner.auth })).json()[0].waitlistPosition).toBe(1);
  });

  it('a duplicate registration is refused with 409 ALREADY_REGISTERED, also when sent concurrently', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 5 });
    const [w] = await makeWorkers(t, 1);
    const results = await Promise.all([register(eventId, w!.auth), register(eventId, w!.auth), register(eventId, w!.auth)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expectError(results.find((r) => r.statusCode === 409)!, 409, 'ALREADY_REGISTERED');
    expect((await counters(eventId)).taken).toBe(1);
  });

  it('the database itself refuses a second live registration', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 5 });
    const [w] = await makeWorkers(t, 1);
    await register(eventId, w!.auth);
    const second = database.tx((tx) => tx.orm.insert(tx.s.registrations).values({ eventId, workerId: w!.id, status: 'waitlisted', ticketCode: 'dup' }));
    const refused = await second.then(() => null, (e: unknown) => e);
    expect(database.uniqueViolation(refused)).toBe('registrations_event_worker_live_uq');
  });

  it('after cancelling, a worker may register again (a new live registration)', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 5 });
    const [w] = await makeWorkers(t, 1);
    const r = (await register(eventId, w!.auth)).json();
    await app.inject({ method: 'DELETE', url: `/api/registrations/${r.id}`, headers: w!.auth });
    expect((await register(eventId, w!.auth)).statusCode).toBe(201);
    expect(await counters(eventId)).toMatchObject({ taken: 1, confirmed: 1 });
  });

  it('with approval: registrations are pending and hold their seat; approve confirms; reject promotes the first waiting (as pending)', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 2, requiresApproval: true });
    const ws = await makeWorkers(t, 3);
    // one after another: which of three simultaneous requests comes first is the database's choice (a pool on PostgreSQL)
    const answers = [];
    for (const w of ws) answers.push((await register(eventId, w.auth)).json());
    const [a, b, c] = answers;
    expect([a.status, b.status, c.status]).toEqual(['pending', 'pending', 'waitlisted']);

    const ok = await app.inject({ method: 'POST', url: `/api/registrations/${a.id}/approve`, headers: organizer.auth });
    expect(ok.json().status).toBe('confirmed');
    expectError(await app.inject({ method: 'POST', url: `/api/registrations/${b.id}/reject`, headers: organizer.auth, payload: {} }), 400, 'VALIDATION');
    const rej = await app.inject({ method: 'POST', url: `/api/registrations/${b.id}/reject`, headers: organizer.auth, payload: { reason: '资格审核未通过' } });
    expect(rej.json()).toMatchObject({ status: 'rejected', promoted: { id: c.id, status: 'pending' } });
    expect(await counters(eventId)).toEqual({ capacity: 2, taken: 2, confirmed: 1, waitlisted: 0 });
    expectError(await app.inject({ method: 'POST', url: `/api/registrations/${a.id}/approve`, headers: organizer.auth }), 409, 'INVALID_STATE');
    const audit = await database.read.all<{ action: string }>(sql`select action from audit_log where entity = 'registration' and entity_id = ${c.id} order by id`);
    expect(audit.map((x) => x.action)).toEqual(['registration.create', 'registration.promoted_from_waitlist']);
  });

  it('bulk approve is all-or-nothing', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 5, requiresApproval: true });
    const ws = await makeWorkers(t, 2);
    const regs = await Promise.all(ws.map(async (w) => (await register(eventId, w.auth)).json()));
    const bad = await app.inject({ method: 'POST', url: '/api/registrations/bulk', headers: organizer.auth, payload: { ids: [regs[0].id, 999999], decision: 'approve' } });
    expectError(bad, 404, 'NOT_FOUND');
    expect((await counters(eventId)).confirmed).toBe(0);
    const good = await app.inject({ method: 'POST', url: '/api/registrations/bulk', headers: organizer.auth, payload: { ids: regs.map((r) => r.id), decision: 'approve' } });
    expect(good.json().map((r: { status: string }) => r.status)).toEqual(['confirmed', 'confirmed']);
  });
});

describe('eligibility — every rule refuses with its code', () => {
  it('refuses outside the window', async () => {
    const notOpen = await makeContest(t, organizer.auth, { opensIn: 2, closesIn: 5 });
    const closed = await makeContest(t, organizer.auth, { opensIn: -5, closesIn: -1 });
    const [w] = await makeWorkers(t, 1);
    expectError(await register(notOpen.eventId, w!.auth), 409, 'REGISTRATION_CLOSED');
    expectError(await register(closed.eventId, w!.auth), 409, 'REGISTRATION_CLOSED');
  });

  it('refuses an incomplete profile', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const [w] = await makeWorkers(t, 1, { complete: false });
    expectError(await register(eventId, w!.auth), 409, 'PROFILE_INCOMPLETE');
  });

  it.each([
    ['level below', { eligibility: { minLevel: 'senior' } }, { level: 'intermediate' as const }, /技能等级低于要求/],
    ['no certificate', { eligibility: { minLevel: 'junior' } }, { level: null }, /技能等级低于要求/],
    ['level above', { eligibility: { maxLevel: 'junior' } }, { level: 'intermediate' as const }, /技能等级高于上限/],
    ['too young', { eligibility: { minAge: 30 } }, { birth: '20050101' }, /年龄低于要求/],
    ['too old', { eligibility: { maxAge: 45 } }, { birth: '19700101' }, /年龄超过上限/],
    ['not a member', { eligibility: { unionMemberOnly: true } }, { unionMember: false }, /仅限工会会员/],
  ])('%s → 409 NOT_ELIGIBLE naming the rule', async (_name, event, worker, message) => {
    const { eventId } = await makeContest(t, organizer.auth, { event });
    const [w] = await makeWorkers(t, 1, worker);
    const res = await register(eventId, w!.auth);
    expectError(res, 409, 'NOT_ELIGIBLE');
    expect(res.json().message).toMatch(message);
  });

  it('an eligible worker at the boundaries is accepted', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { event: { eligibility: { minLevel: 'intermediate', maxLevel: 'intermediate', minAge: 18, maxAge: 60 } } });
    const [w] = await makeWorkers(t, 1, { level: 'intermediate' });
    expect((await register(eventId, w!.auth)).statusCode).toBe(201);
  });

  it('a draft contest cannot be registered for (404)', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { publish: false });
    const [w] = await makeWorkers(t, 1);
    expectError(await register(eventId, w!.auth), 404, 'NOT_FOUND');
  });
});

describe('who may act on what', () => {
  it('a worker cannot cancel or see another worker’s registration (404)', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const [a, b] = await makeWorkers(t, 2);
    const r = (await register(eventId, a!.auth)).json();
    expectError(await app.inject({ method: 'DELETE', url: `/api/registrations/${r.id}`, headers: b!.auth }), 404, 'NOT_FOUND');
  });

  it('a worker cannot cancel after registration closes; the organizer can', async () => {
    const { eventId, contestId } = await makeContest(t, organizer.auth);
    const [a] = await makeWorkers(t, 1);
    const r = (await register(eventId, a!.auth)).json();
    await database.tx((tx) => tx.run(sql`update contests set registration_closes_at = ${isoIn(-0.001)} where id = ${contestId}`));
    expectError(await app.inject({ method: 'DELETE', url: `/api/registrations/${r.id}`, headers: a!.auth }), 409, 'REGISTRATION_CLOSED');
    expect((await app.inject({ method: 'DELETE', url: `/api/registrations/${r.id}`, headers: organizer.auth })).statusCode).toBe(200);
  });

  it('an organizer outside the subtree gets 404 on the desk, approvals, draw and cancel', async () => {
    const { eventId } = await makeContest(t, organizer.auth, { requiresApproval: true });
    const [a] = await makeWorkers(t, 1);
    const r = (await register(eventId, a!.auth)).json();
    const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
    expectError(await app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations`, headers: outsider.auth }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'POST', url: `/api/registrations/${r.id}/approve`, headers: outsider.auth }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'POST', url: `/api/events/${eventId}/draw`, headers: outsider.auth, payload: { seed: 'x' } }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'DELETE', url: `/api/registrations/${r.id}`, headers: outsider.auth }), 404, 'NOT_FOUND');
    // a worker cannot use organizer routes at all
    expectError(await app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations`, headers: a!.auth }), 403, 'FORBIDDEN');
  });

  it('the desk lists registrations with masked resident IDs and searches them', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const ws = await makeWorkers(t, 3);
    for (const w of ws) await register(eventId, w.auth);
    const res = await app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations?pageSize=2`, headers: organizer.auth });
    const body = res.json();
    expect(body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(body.items).toHaveLength(2);
    for (const item of body.items) expect(item.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(body)).not.toMatch(/\d{17}[\dX]/);
    const name = body.items[0].name;
    const found = await app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations?q=${encodeURIComponent(name)}`, headers: organizer.auth });
    expect(found.json().items.map((i: { name: string }) => i.name)).toContain(name);
  });
});

describe('blind-number draw and check-in', () => {
  it('draws A001… reproducibly from the seed, once', async () => {
    const one = await makeContest(t, organizer.auth, { capacity: 10 });
    const two = await makeContest(t, organizer.auth, { capacity: 10 });
    const ws = await makeWorkers(t, 6);
    // same arrival order in both events, so the same seed must give the same permutation
    for (const w of ws) await register(one.eventId, w.auth);
    for (const w of ws) await register(two.eventId, w.auth);
    // registration closes: the draw is allowed from then on
    await moveContestTo(t, organizer.auth, one.contestId, 'closed');
    await moveContestTo(t, organizer.auth, two.contestId, 'closed');
    const d1 = (await app.inject({ method: 'POST', url: `/api/events/${one.eventId}/draw`, headers: organizer.auth, payload: { seed: '2026-技能大赛' } })).json();
    const d2 = (await app.inject({ method: 'POST', url: `/api/events/${two.eventId}/draw`, headers: organizer.auth, payload: { seed: '2026-技能大赛' } })).json();
    expect(d1.seed).toBe('2026-技能大赛');
    expect(d1.assignments.map((a: { bib: string }) => a.bib).sort()).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006']);
    const order = (d: { assignments: { registrationId: number; bib: string }[] }, base: number) => d.assignments.map((a) => a.registrationId - base);
    expect(order(d2, Math.min(...d2.assignments.map((a: { registrationId: number }) => a.registrationId)))).toEqual(order(d1, Math.min(...d1.assignments.map((a: { registrationId: number }) => a.registrationId))));
    expectError(await app.inject({ method: 'POST', url: `/api/events/${one.eventId}/draw`, headers: organizer.auth, payload: { seed: 'again' } }), 409, 'ALREADY_DRAWN');
    const audit = await database.read.get<{ after: unknown }>(sql`select after from audit_log where action = 'event.draw' and entity_id = ${one.eventId}`);
    expect(jsonValue<{ seed: string }>(audit!.after)!.seed).toBe('2026-技能大赛');
    // the worker now sees the bib
    const mine = (await app.inject({ method: 'GET', url: '/api/me/registrations', headers: ws[0]!.auth })).json();
    expect(mine.find((m: { event: { id: number } }) => m.event.id === one.eventId).bib).toMatch(/^A00\d$/);
  });

  it('checks in from the ticket QR link, GJT1: or the bare code, once; a second scan is 409 ALREADY_CHECKED_IN with the time', async () => {
    const { contestId, eventId } = await makeContest(t, organizer.auth);
    const ws = await makeWorkers(t, 3);
    const regs = [];
    for (const w of ws) regs.push((await register(eventId, w.auth)).json() as { id: number });
    await moveContestTo(t, organizer.auth, contestId, 'closed');
    await app.inject({ method: 'POST', url: `/api/events/${eventId}/draw`, headers: organizer.auth, payload: { seed: 's' } });
    const codeOf = async (id: number) => (await database.read.get<{ c: string }>(sql`select ticket_code as c from registrations where id = ${id}`))!.c;
    const [link, legacy, bare] = [await codeOf(regs[0]!.id), await codeOf(regs[1]!.id), await codeOf(regs[2]!.id)];
    const checkIn = (code: string, lang = 'zh-CN') =>
      app.inject({ method: 'POST', url: '/api/registrations/check-in', headers: { ...organizer.auth, 'accept-language': lang }, payload: { code } });
    // what the ticket QR holds now: the venue check-in page on the site, which a staff phone camera opens
    const url = `https://gongjiang.example.org/manage/check-in?code=${encodeURIComponent(`GJT1:${link}`)}`;
    const ok = await checkIn(` ${url}\n`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ name: expect.any(String), bib: expect.stringMatching(/^A00\d$/), event: { id: eventId } });
    // tickets printed before carry GJT1:<code>; the code alone (核验码) is typed
    expect((await checkIn(`GJT1:${legacy}`)).statusCode).toBe(200);
    expect((await checkIn(bare)).statusCode).toBe(200);
    // a second check-in of the same ticket, however it comes, is refused with when the first was
    const again = await checkIn(`GJT1:${link}`);
    expectError(again, 409, 'ALREADY_CHECKED_IN');
    expect(again.json().checkedInAt).toBe(ok.json().checkedInAt);
    const hhmm = new Date(ok.json().checkedInAt).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
    expect(again.json().message).toBe(`该选手已于 ${hhmm} 检录`);
    expect((await checkIn(url, 'en')).json().message).toBe(`This contestant already checked in at ${hhmm}`);
    expectError(await checkIn(legacy), 409, 'ALREADY_CHECKED_IN');
    // forged codes, other pages and a link without its code are unknown tickets
    for (const junk of ['forged', 'GJT1:forged', 'https://gongjiang.example.org/verify/abc', 'https://gongjiang.example.org/manage/check-in', '签到 码'])
      expectError(await checkIn(junk), 404, 'UNKNOWN_TICKET');
    const list = (await app.inject({ method: 'GET', url: `/api/events/${eventId}/check-ins`, headers: organizer.auth })).json();
    expect(list).toHaveLength(3);
  });
});
