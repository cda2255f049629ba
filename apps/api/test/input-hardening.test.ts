import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp, expectError } from './helper';
import { isoIn, makeContest } from './fixtures';

/**
 * The findings of the fuzzing and mass-assignment checks, each as it was reported: numbers that are not
 * finite or do not fit (1e309 is Infinity in JSON, 99999999999999999999 does not fit SQLite's integer) are
 * 400 everywhere, write bodies take only their listed fields, and a status changes only through its action.
 */
const t = await buildTestApp();
const { app } = t;
const admin = await t.user(['admin'], t.orgs.federation);
const organizer = await t.user(['organizer'], t.orgs.district);
type Auth = { authorization: string };

const rawJson = (method: 'POST' | 'PUT' | 'PATCH', url: string, auth: Auth, json: string) =>
  app.inject({ method, url, headers: { ...auth, 'content-type': 'application/json' }, payload: json });

describe('numbers out of range are 400, never 500', () => {
  it('?page=1e309 and ?page=99999999999999999999 on every paged list', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const lists = ['/api/contests', '/api/trainings', '/api/users', '/api/promotions', `/api/events/${eventId}/registrations`];
    for (const list of lists) {
      for (const page of ['1e309', '99999999999999999999', '100001', '-1', '0', 'NaN', 'Infinity', '1.5']) {
        const res = await app.inject({ method: 'GET', url: `${list}?page=${page}`, headers: admin.auth });
        expectError(res, 400, 'VALIDATION');
        expect(res.json().message, `${list}?page=${page}`).toMatch(/querystring\.page/);
      }
      for (const pageSize of ['1e309', '201', '0'])
        expectError(await app.inject({ method: 'GET', url: `${list}?pageSize=${pageSize}`, headers: admin.auth }), 400, 'VALIDATION');
      expect((await app.inject({ method: 'GET', url: `${list}?page=100000&pageSize=200`, headers: admin.auth })).statusCode).toBe(200);
    }
  });

  it('ids beyond 2^31 − 1 in paths and queries', async () => {
    for (const url of [
      '/api/contests/99999999999999999999',
      '/api/contests/2147483648',
      '/api/contests/1e309',
      '/api/events/1e309/registrations',
    ]) {
      expectError(await app.inject({ method: 'GET', url, headers: admin.auth }), 400, 'VALIDATION');
    }
    expectError(await app.inject({ method: 'GET', url: '/api/contests/2147483647', headers: admin.auth }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: '/api/contests?orgId=99999999999999999999' }), 400, 'VALIDATION');
  });

  it('criterionId: 1e309 in a score batch', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const judge = await t.user(['judge'], t.orgs.base);
    expect(
      (await app.inject({ method: 'POST', url: `/api/events/${eventId}/judges`, headers: organizer.auth, payload: { userId: judge.id } }))
        .statusCode,
    ).toBe(201);
    for (const body of [
      '[{"bib":"A001","criterionId":1e309,"score":5}]',
      '[{"bib":"A001","criterionId":99999999999999999999,"score":5}]',
      '[{"bib":"A001","criterionId":1,"score":1e309}]',
      '[{"bib":"A001","criterionId":1,"score":-1e309}]',
    ]) {
      expectError(await rawJson('PUT', `/api/judging/events/${eventId}/scores/batch`, judge.auth, body), 400, 'VALIDATION');
    }
  });
});

describe('PATCH /api/contests/:id: no mass assignment, a status only through its action', () => {
  it('{} and {"orgId": 1e309} are 400', async () => {
    const { contestId } = await makeContest(t, organizer.auth, { publish: false });
    const url = `/api/contests/${contestId}`;
    expectError(await rawJson('PATCH', url, organizer.auth, '{}'), 400, 'VALIDATION');
    expectError(await rawJson('PATCH', url, organizer.auth, '{"orgId":1e309}'), 400, 'VALIDATION');
    expectError(await rawJson('PATCH', url, organizer.auth, '{"orgId":99999999999999999999}'), 400, 'VALIDATION');
  });

  it('status, id, createdBy and createdAt are refused by name and nothing is written', async () => {
    const { contestId, eventId } = await makeContest(t, organizer.auth, { publish: false });
    await app.inject({ method: 'DELETE', url: `/api/events/${eventId}`, headers: organizer.auth });
    const url = `/api/contests/${contestId}`;
    const row = () => t.database.read.get(sql`select * from contests where id = ${contestId}`);
    const before = await row();
    for (const [field, value] of [
      ['status', 'published'],
      ['id', 999_999],
      ['createdBy', admin.id],
      ['createdAt', '2000-01-01T00:00:00.000Z'],
      ['updatedAt', '2000-01-01T00:00:00.000Z'],
    ] as const) {
      const res = await app.inject({ method: 'PATCH', url, headers: organizer.auth, payload: { title: '改过的标题', [field]: value } });
      expectError(res, 400, 'VALIDATION');
      expect(res.json().message).toContain(`body.${field} is not a field of this request`);
    }
    expect(await row()).toEqual(before);
    // a real edit still works and leaves the status alone
    const ok = await app.inject({ method: 'PATCH', url, headers: organizer.auth, payload: { title: '改过的标题' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ id: contestId, title: '改过的标题', status: 'draft', createdBy: organizer.id });
  });

  it('a cancelled contest is not revived by an edit, and publishing still goes through its checks', async () => {
    const { contestId } = await makeContest(t, organizer.auth);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/contests/${contestId}/cancel`,
          headers: organizer.auth,
          payload: { reason: '场地取消' },
        })
      ).statusCode,
    ).toBe(200);
    expectError(
      await app.inject({ method: 'PATCH', url: `/api/contests/${contestId}`, headers: organizer.auth, payload: { status: 'published' } }),
      400,
      'VALIDATION',
    );
    expect(await t.database.read.get(sql`select status from contests where id = ${contestId}`)).toEqual({ status: 'cancelled' });
  });

  it('POST /api/contests does not take an id (or a status) from the body', async () => {
    const payload = {
      title: '不能指定编号的比赛',
      tier: 'district',
      orgId: t.orgs.district,
      inPlan: true,
      registrationOpensAt: isoIn(1),
      registrationClosesAt: isoIn(5),
      startsAt: isoIn(10),
      endsAt: isoIn(11),
    };
    for (const extra of [{ id: 777_777 }, { status: 'published' }, { createdBy: admin.id }]) {
      expectError(
        await app.inject({ method: 'POST', url: '/api/contests', headers: organizer.auth, payload: { ...payload, ...extra } }),
        400,
        'VALIDATION',
      );
    }
    expect(await t.database.read.get(sql`select count(*) as n from contests where id = 777777`)).toEqual({ n: 0 });
    const ok = await app.inject({ method: 'POST', url: '/api/contests', headers: organizer.auth, payload });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'draft', createdBy: organizer.id });
  });
});

describe('every write body lists its fields', () => {
  it('an unknown top-level field is refused by name on other write routes too', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const cases: [string, string, Auth, Record<string, unknown>][] = [
      ['POST', '/api/auth/login', { authorization: '' }, { login: '13700000000', password: 'x', admin: true }],
      ['PATCH', `/api/events/${eventId}`, organizer.auth, { capacity: 60, taken: 0 }],
      ['POST', '/api/orgs', admin.auth, { name: '新单位', kind: 'base', parentId: t.orgs.district, path: '/1/' }],
      ['PUT', `/api/events/${eventId}/theory-scores`, organizer.auth, { rows: [] }],
    ];
    for (const [method, url, auth, payload] of cases) {
      const headers = auth.authorization ? auth : {};
      const res = await app.inject({ method: method as 'POST', url, headers, payload });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(400);
    }
  });

  it('a sub-object sent back as it was read (with fields the write does not take) is accepted', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const event = (await app.inject({ method: 'GET', url: `/api/events/${eventId}`, headers: organizer.auth })).json();
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}`,
      headers: organizer.auth,
      payload: { promotionRules: event.promotionRules, capacity: 51 },
    });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('a judge of the panel who is not its chief', () => {
  it('gets 403 (not 404) on POST /api/events/:id/unlock — the event is in their scope, the role is wrong', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const chief = await t.user(['judge'], t.orgs.base);
    const member = await t.user(['judge'], t.orgs.otherBase);
    const outsider = await t.user(['judge'], t.orgs.otherBase);
    for (const [j, isChief] of [
      [chief, true],
      [member, false],
    ] as const) {
      const r = await app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/judges`,
        headers: organizer.auth,
        payload: { userId: j.id, chief: isChief },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const unlock = (auth: Auth) =>
      app.inject({ method: 'POST', url: `/api/events/${eventId}/unlock`, headers: auth, payload: { judgeId: chief.id, reason: '复核' } });
    expectError(await unlock(member.auth), 403, 'FORBIDDEN');
    expectError(await unlock(outsider.auth), 404, 'NOT_FOUND');
    expectError(await unlock(chief.auth), 409, 'SHEET_NOT_LOCKED');
  });
});
