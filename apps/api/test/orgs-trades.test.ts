import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp, expectError } from './helper';

const t = await buildTestApp();
const { app } = t;

describe('organisations', () => {
  it('lists the tree to any logged-in user, flat with parent links', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    const res = await app.inject({ method: 'GET', url: '/api/orgs', headers: w.auth });
    expect(res.statusCode).toBe(200);
    const list = res.json() as { id: number; name: string; kind: string; parentId: number | null }[];
    expect(list.find((o) => o.kind === 'federation')).toMatchObject({ name: '无锡市总工会', parentId: null });
    expect(
      list
        .filter((o) => o.parentId === t.orgs.district)
        .map((o) => o.id)
        .sort(),
    ).toEqual([t.orgs.base, t.orgs.otherBase].sort());
    expectError(await app.inject({ method: 'GET', url: '/api/orgs' }), 401, 'UNAUTHORIZED');
  });

  it('filters by parent', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    const res = await app.inject({ method: 'GET', url: `/api/orgs?parentId=${t.orgs.otherDistrict}`, headers: w.auth });
    expect(res.json().map((o: { id: number }) => o.id)).toEqual([t.orgs.baseInOther]);
    expectError(await app.inject({ method: 'GET', url: '/api/orgs?parentId=abc', headers: w.auth }), 400, 'VALIDATION');
  });

  it('searches for a picker: a subtree, kinds, a name fragment taken literally, a limit; one organisation by id', async () => {
    const w = await t.user(['worker'], t.orgs.base);
    const get = async (qs: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/orgs?${qs}`, headers: w.auth });
      expect(res.statusCode).toBe(200);
      return res.json() as { id: number; name: string; kind: string; parentId: number | null }[];
    };
    const all = await get('');
    const ids = (list: { id: number }[]) => list.map((o) => o.id).sort((a, b) => a - b);
    const byIds = (...want: number[]) => [...want].sort((a, b) => a - b);

    // under: the organisation itself and everything below it, nothing from the next district
    expect(ids(await get(`under=${t.orgs.district}`))).toEqual(byIds(t.orgs.district, t.orgs.base, t.orgs.otherBase));
    expect(ids(await get(`under=${t.orgs.district}&kind=base`))).toEqual(byIds(t.orgs.base, t.orgs.otherBase));
    expect(await get(`under=${t.orgs.federation}`)).toHaveLength(all.length);
    expect(ids(await get('kind=federation,district'))).toEqual(ids(all.filter((o) => o.kind !== 'base')));

    // q: a fragment of the name; % and _ are letters, not wildcards
    const base = all.find((o) => o.id === t.orgs.base)!;
    const fragment = [...base.name].slice(2, 5).join('');
    expect((await get(`q=${encodeURIComponent(fragment)}`)).map((o) => o.id)).toContain(base.id);
    expect(await get(`q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await get(`q=${encodeURIComponent('_')}`)).toEqual([]);

    // limit keeps the tree order
    expect(await get('limit=2')).toEqual(all.slice(0, 2));
    expect(await get('under=999999')).toEqual([]);

    for (const bad of ['kind=galaxy', 'kind=base,', 'limit=0', 'limit=5000', 'under=x']) {
      expectError(await app.inject({ method: 'GET', url: `/api/orgs?${bad}`, headers: w.auth }), 400, 'VALIDATION');
    }

    const one = await app.inject({ method: 'GET', url: `/api/orgs/${t.orgs.base}`, headers: w.auth });
    expect(one.json()).toEqual(base);
    expectError(await app.inject({ method: 'GET', url: '/api/orgs/999999', headers: w.auth }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/orgs/${t.orgs.base}` }), 401, 'UNAUTHORIZED');
  });

  it('refuses a second organisation of the same name under the same parent (409 ORG_NAME_TAKEN), allows it elsewhere', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const post = (parentId: number) =>
      app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: admin.auth,
        payload: { name: ' 无锡华光环保能源集团股份有限公司工会 ', kind: 'base', parentId },
      });
    expect((await post(t.orgs.district)).statusCode).toBe(201);
    expectError(await post(t.orgs.district), 409, 'ORG_NAME_TAKEN');
    expect((await post(t.orgs.otherDistrict)).statusCode).toBe(201);
  });

  it('lets an admin add a base union under a district, keeping the subtree path', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const res = await app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: admin.auth,
      payload: { name: '无锡地铁集团有限公司工会', kind: 'base', parentId: t.orgs.district },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ kind: 'base', parentId: t.orgs.district });
    const row = await t.database.read.get<{ path: string }>(sql`select path from organisations where id = ${created.id as number}`);
    expect(row!.path).toBe(`/${t.orgs.federation}/${t.orgs.district}/${created.id}/`);
    // the district organizer now reaches it
    const organizer = await t.user(['organizer'], t.orgs.district);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/users',
          headers: organizer.auth,
          payload: { phone: '13512345678', name: '新裁判', password: 'Passw0rd!', roles: ['judge'], orgId: created.id },
        })
      ).statusCode,
    ).toBe(201);
  });

  it('enforces the shape of the tree', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const post = (payload: object) => app.inject({ method: 'POST', url: '/api/orgs', headers: admin.auth, payload });
    expectError(await post({ name: '另一个总工会', kind: 'federation', parentId: null }), 400, 'VALIDATION');
    expectError(await post({ name: '区', kind: 'district', parentId: t.orgs.base }), 400, 'VALIDATION');
    expectError(await post({ name: '无父', kind: 'base', parentId: null }), 400, 'VALIDATION');
    expectError(await post({ name: '未知', kind: 'base', parentId: 424242 }), 400, 'VALIDATION');
    expectError(await post({ name: 'x', kind: 'galaxy', parentId: t.orgs.district }), 400, 'VALIDATION');
  });

  it('is admin-only to create', async () => {
    const organizer = await t.user(['organizer'], t.orgs.federation);
    expectError(
      await app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: organizer.auth,
        payload: { name: 'x', kind: 'base', parentId: t.orgs.district },
      }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('trades', () => {
  it('lists trades to anyone, searchable by name and code', async () => {
    const all = await app.inject({ method: 'GET', url: '/api/trades' });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toHaveLength(2);
    const q = await app.inject({ method: 'GET', url: `/api/trades?q=${encodeURIComponent('钳')}` });
    expect(q.json()).toEqual([{ id: t.trades.fitter, code: '6-20-01-01', name: '钳工', nameEn: 'Fitter' }]);
    const byEn = await app.inject({ method: 'GET', url: '/api/trades?q=electric' });
    expect(byEn.json().map((x: { name: string }) => x.name)).toEqual(['电工']);
  });

  it('lets an admin add a trade; a taken code is 409 CODE_TAKEN', async () => {
    const admin = await t.user(['admin'], t.orgs.federation);
    const post = (payload: object) => app.inject({ method: 'POST', url: '/api/trades', headers: admin.auth, payload });
    const res = await post({ code: '6-18-02-04', name: '焊工', nameEn: 'Welder' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: '6-18-02-04', name: '焊工' });
    expectError(await post({ code: '6-18-02-04', name: '焊工二', nameEn: 'Welder 2' }), 409, 'CODE_TAKEN');
    expectError(await post({ code: '', name: '空', nameEn: 'x' }), 400, 'VALIDATION');
    const worker = await t.user(['worker'], t.orgs.base);
    expectError(
      await app.inject({ method: 'POST', url: '/api/trades', headers: worker.auth, payload: { code: '1-1', name: 'x', nameEn: 'x' } }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('system', () => {
  it('reports health', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toEqual({ ok: true, db: t.backend, writable: true, demo: false });
  });

  it('serves an OpenAPI 3 document covering the contract routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/auth/register',
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/me',
      '/api/me/profile',
      '/api/users',
      '/api/orgs',
      '/api/trades',
      '/api/health',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const ui = await app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('answers an unknown API route with a JSON 404', async () => {
    expectError(await app.inject({ method: 'GET', url: '/api/nope' }), 404, 'NOT_FOUND');
  });

  it.skipIf(t.backend !== 'sqlite')(
    'runs SQLite in WAL mode with foreign keys on (the writing connection and the reading one)',
    async () => {
      expect(await t.database.read.get(sql`pragma journal_mode`)).toEqual({ journal_mode: 'wal' });
      expect(await t.database.read.get(sql`pragma foreign_keys`)).toEqual({ foreign_keys: 1 });
      expect(await t.database.tx((tx) => tx.get(sql`pragma foreign_keys`))).toEqual({ foreign_keys: 1 });
    },
  );
});
