import { describe, expect, it } from 'vitest';
import { auditsOf } from './support/rows';
import { buildTestApp, expectError, PASSWORD } from './helper';

const t = await buildTestApp();
const { app } = t;
type Auth = { authorization: string };

const patch = (id: number, payload: unknown, auth: Auth) =>
  app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: auth, payload: payload as object });
const audits = (id: number) => auditsOf(t.database, 'user.update', { entityId: id });

describe('PATCH /api/users/:id', () => {
  it('disables an account: no login, no refresh, audited; re-enabling lets them back in', async () => {
    const organizer = await t.user(['organizer'], t.orgs.district);
    const judge = await t.user(['judge'], t.orgs.base);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: judge.phone, password: PASSWORD } });
    const refresh = login.cookies.find((c) => c.name === 'gj_refresh')!.value;

    const res = await patch(judge.id, { disabled: true }, organizer.auth);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ id: judge.id, disabled: true, roles: ['judge'] });
    expectError(
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: judge.phone, password: PASSWORD } }),
      401,
      'BAD_CREDENTIALS',
    );
    expectError(await app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { gj_refresh: refresh } }), 401, 'INVALID_REFRESH');
    const list = await app.inject({ method: 'GET', url: `/api/users?role=judge&q=${judge.phone.slice(-4)}`, headers: organizer.auth });
    expect(list.json().items.find((u: { id: number }) => u.id === judge.id)).toMatchObject({ disabled: true });
    expect((await audits(judge.id)).map((a) => [a.before, a.after])).toEqual([[{ disabled: false }, { disabled: true }]]);

    expect((await patch(judge.id, { disabled: false }, organizer.auth)).json().user.disabled).toBe(false);
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: judge.phone, password: PASSWORD } })).statusCode,
    ).toBe(200);
    // nothing changed, nothing recorded
    await patch(judge.id, { disabled: false }, organizer.auth);
    expect(await audits(judge.id)).toHaveLength(2);
  });

  it('changes roles within the rules: a judge becomes judge + worker; an organizer grants no admin; workers and judges sit in base unions', async () => {
    const organizer = await t.user(['organizer'], t.orgs.district);
    const judge = await t.user(['judge'], t.orgs.base);
    expect((await patch(judge.id, { roles: ['judge', 'worker'] }, organizer.auth)).json().user.roles).toEqual(['judge', 'worker']);
    expectError(await patch(judge.id, { roles: ['admin'] }, organizer.auth), 403, 'FORBIDDEN');
    const districtOrganizer = await t.user(['organizer'], t.orgs.district);
    expectError(await patch(districtOrganizer.id, { roles: ['judge'] }, organizer.auth), 400, 'VALIDATION');
    expect((await patch(districtOrganizer.id, { roles: ['organizer', 'judge'] }, organizer.auth)).statusCode).toBe(200);
  });

  it('404 outside the subtree, 403 on an admin account for organizers, 409 on oneself, 403 for judges, 400 for a bad body', async () => {
    const organizer = await t.user(['organizer'], t.orgs.district);
    const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
    const judge = await t.user(['judge'], t.orgs.base);
    const admin = await t.user(['admin'], t.orgs.district);
    expectError(await patch(judge.id, { disabled: true }, outsider.auth), 404, 'NOT_FOUND');
    expectError(await patch(999_999, { disabled: true }, organizer.auth), 404, 'NOT_FOUND');
    expectError(await patch(admin.id, { disabled: true }, organizer.auth), 403, 'FORBIDDEN');
    expectError(await patch(organizer.id, { disabled: true }, organizer.auth), 409, 'CANNOT_CHANGE_SELF');
    expectError(await patch(judge.id, { disabled: true }, judge.auth), 403, 'FORBIDDEN');
    for (const body of [{}, { disabled: 'yes' }, { roles: [] }, { roles: ['chef'] }, { phone: '13800000000' }]) {
      expectError(await patch(judge.id, body, organizer.auth), 400, 'VALIDATION');
    }
    expect((await patch(judge.id, { disabled: true }, admin.auth)).statusCode).toBe(200);
    expect(await audits(judge.id)).toHaveLength(1);
  });
});
