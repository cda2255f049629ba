import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ENTITIES, components, operations } from '@gongjiang/contract';
import { AUDIT_ENTITIES as TRAIL_ENTITIES } from '../src/data/repos/audit-trail';
import { buildTestApp, type TestApp } from './helper';
import { isoIn, makeContest } from './fixtures';

let t: TestApp;
let organizer: { authorization: string };
beforeAll(async () => {
  t = await buildTestApp();
  organizer = (await t.user(['organizer'], t.orgs.district)).auth;
});
afterAll(() => t.app.close());

describe('the OpenAPI document', () => {
  it('is the contract: every operation under its operationId, the named schemas as components', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
      openapi: string;
      paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { description: string }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const served = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    const contract = Object.values(operations).map((o) => `${o.method} /api${o.path.replace(/:(\w+)/g, '{$1}')} ${o.schema.operationId}`);
    expect(served.sort()).toEqual(contract.sort());
    for (const c of components) expect(Object.keys(doc.components.schemas)).toContain((c as { $id: string }).$id);
    const undescribed = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).flatMap((op) => Object.values(op.responses).filter((r) => r.description === 'Default Response')),
    );
    expect(undescribed).toEqual([]);
  });

  it('filters the audit trail by the entities the data layer records', () => {
    expect([...AUDIT_ENTITIES].sort()).toEqual([...TRAIL_ENTITIES].sort());
  });
});

describe('VALIDATION answers name the offending inputs in `fields`', () => {
  const contest = (over: Record<string, unknown>) => ({
    title: '大赛',
    tier: 'city',
    orgId: t.orgs.district,
    inPlan: true,
    registrationOpensAt: isoIn(-1),
    registrationClosesAt: isoIn(10),
    startsAt: isoIn(20),
    endsAt: isoIn(21),
    ...over,
  });

  it('from the schema: a JSON path, a stable code and words in the caller’s language', async () => {
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/contests',
      headers: organizer,
      payload: contest({ title: undefined }),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'title', code: 'required', message: 'title：必填' }] });

    const long = await t.app.inject({
      method: 'POST',
      url: '/api/contests',
      headers: { ...organizer, 'accept-language': 'en' },
      payload: contest({ title: 'x'.repeat(121) }),
    });
    expect(long.json().fields).toEqual([{ field: 'title', code: 'too_long', message: 'title is too long (at most 120)' }]);

    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/contests',
      headers: organizer,
      payload: contest({ status: 'published' }),
    });
    expect(unknown.json().fields).toEqual([expect.objectContaining({ field: 'status', code: 'unknown_field' })]);

    const { contestId } = await makeContest(t, organizer, { publish: false });
    const nested = await t.app.inject({
      method: 'POST',
      url: `/api/contests/${contestId}/events`,
      headers: organizer,
      payload: {
        tradeId: t.trades.electrician,
        capacity: 10,
        scoring: {
          criteria: [
            { name: 'a', maxScore: 50, kind: 'score' },
            { name: 'b', maxScore: -1, kind: 'score' },
          ],
        },
      },
    });
    expect(nested.json().fields).toEqual([expect.objectContaining({ field: 'scoring.criteria.1.maxScore', code: 'range' })]);
  });

  it("from the services' own rules: the field and the rule's code", async () => {
    const order = await t.app.inject({
      method: 'POST',
      url: '/api/contests',
      headers: organizer,
      payload: contest({ registrationClosesAt: isoIn(-2) }),
    });
    expect(order.statusCode).toBe(400);
    expect(order.json().fields).toEqual([expect.objectContaining({ field: 'registrationClosesAt', code: 'order' })]);

    const { contestId } = await makeContest(t, organizer, { publish: false });
    const sum = await t.app.inject({
      method: 'POST',
      url: `/api/contests/${contestId}/events`,
      headers: organizer,
      payload: { tradeId: t.trades.electrician, capacity: 10, scoring: { criteria: [{ name: 'a', maxScore: 50, kind: 'score' }] } },
    });
    expect(sum.json()).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'scoring.criteria', code: 'sum' }] });

    const worker = await t.user(['worker'], t.orgs.base);
    const id = await t.app.inject({
      method: 'PUT',
      url: '/api/me/profile',
      headers: worker.auth,
      payload: {
        name: '王建国',
        idNumber: '11010519491231002Y',
        employerOrgId: t.orgs.base,
        tradeId: t.trades.fitter,
        skillLevel: null,
        unionMember: true,
      },
    });
    expect(id.json().fields).toEqual([expect.objectContaining({ field: 'idNumber' })]);
    const checksum = await t.app.inject({
      method: 'PUT',
      url: '/api/me/profile',
      headers: worker.auth,
      payload: {
        name: '王建国',
        idNumber: '110105194912310020',
        employerOrgId: t.orgs.base,
        tradeId: t.trades.fitter,
        skillLevel: null,
        unionMember: true,
      },
    });
    expect(checksum.json().fields).toEqual([expect.objectContaining({ field: 'idNumber', code: 'checksum' })]);
  });
});
