import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, expect, test } from 'vitest';
import { buildApp } from '../src/app';
import { jsonValue } from '../src/data/database';
import type { Role } from '../src/data/schema';
import { seedDemo } from '../src/seed/demo';
import { freshDatabase } from './support/backend';

/**
 * Hostile input on every route of the OpenAPI document (GET /api/docs/json), as an anonymous caller, a
 * district organizer and an admin, over the demo data set (so ids point at real rows and deep code runs):
 * each path parameter, each query parameter and each field of a plausible JSON body in turn gets 1e309,
 * 99999999999999999999, ±2^31, -1, 0, '', a 20,000-character string, markup, wrong types, {} and extra fields. Whatever
 * else happens — 2xx, 4xx, the database changing under later requests — no answer is a 5xx.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: unknown };
interface Op {
  method: string;
  path: string;
  params: { name: string; in: string; schema?: Schema }[];
  body?: Schema;
}

const RAW = '\u0000raw:'; // marks a JSON literal JavaScript cannot hold (1e309) inside a body
const HUGE = 'x'.repeat(20_000);
const HOSTILE_TEXT = [
  '1e309',
  '-1e309',
  '99999999999999999999',
  '-99999999999999999999',
  '2147483648',
  '-1',
  '0',
  '',
  '1.5',
  'NaN',
  'abc',
  'true',
  HUGE.slice(0, 5000),
  '%00',
  '[]',
  '{}',
];
const HOSTILE_JSON: Json[] = [
  `${RAW}1e309`,
  `${RAW}-1e309`,
  `${RAW}99999999999999999999`,
  -1,
  0,
  '',
  HUGE,
  true,
  null,
  [],
  {},
  'abc',
  2147483648,
  -2147483649,
  1.5,
  '<script>alert(1)</script>',
];

/** A plausible value for a schema: enough for a body to reach the service with one field made hostile. */
function sample(schema: Schema | undefined, depth = 0): Json {
  if (!schema || depth > 6) return null;
  if ('const' in schema) return schema.const as Json;
  if (Array.isArray(schema.enum)) return schema.enum[0] as Json;
  for (const key of ['anyOf', 'oneOf']) {
    const variants = schema[key] as Schema[] | undefined;
    if (variants?.length) return sample(variants.find((v) => v.type !== 'null') ?? variants[0], depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: { [k: string]: Json } = {};
      for (const [k, v] of Object.entries((schema.properties as Record<string, Schema>) ?? {})) out[k] = sample(v, depth + 1);
      return out;
    }
    case 'array':
      return [sample(schema.items as Schema, depth + 1)];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (schema.format === 'date') return '2026-05-01';
      if (typeof schema.pattern === 'string' && schema.pattern.includes('1[3-9]')) return '13912345678';
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    default:
      return 'x';
  }
}

function encodeBody(body: Json): string {
  return JSON.stringify(body).replace(new RegExp(`"${RAW.replace('\u0000', '\\\\u0000')}([^"]*)"`, 'g'), '$1');
}

/** Every request of the walk for one operation (roles are applied by the caller). */
function requestsFor(op: Op): { url: string; body?: string }[] {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const query = op.params.filter((p) => p.in === 'query');
  const urlWith = (values: Record<string, string>) =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? (name === 'code' ? 'ABC123' : '1')));
  const out: { url: string; body?: string }[] = [];
  const body = op.body ? sample(op.body) : undefined;
  const plainBody = body === undefined ? undefined : encodeBody(body);
  out.push({ url: urlWith({}), body: plainBody });
  for (const p of pathParams) for (const v of HOSTILE_TEXT) out.push({ url: urlWith({ [p.name]: v }), body: plainBody });
  for (const p of query)
    for (const v of HOSTILE_TEXT) out.push({ url: `${urlWith({})}?${p.name}=${encodeURIComponent(v)}`, body: plainBody });
  if (op.body) {
    const base = urlWith({});
    for (const whole of ['{}', '[]', '"x"', '1e309', 'null', '{"__proto__":{"admin":true}}', '{"a":', HUGE.slice(0, 100)])
      out.push({ url: base, body: whole });
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      out.push({ url: base, body: encodeBody({ ...body, id: 1, status: 'published', createdBy: 1, extra: HUGE }) });
      for (const field of Object.keys(body))
        for (const v of HOSTILE_JSON) out.push({ url: base, body: encodeBody({ ...body, [field]: v }) });
    } else if (Array.isArray(body) && body[0] && typeof body[0] === 'object' && !Array.isArray(body[0])) {
      const item = body[0] as { [k: string]: Json };
      for (const field of Object.keys(item))
        for (const v of HOSTILE_JSON) out.push({ url: base, body: encodeBody([{ ...item, [field]: v }]) });
    }
  }
  return out;
}

const fresh = await freshDatabase();
await seedDemo(fresh.db, { history: false });
const app = await buildApp({
  database: fresh.db,
  checkResponses: true,
  config: { databasePath: fresh.file, seed: 'none', authRateLimit: 1_000_000 },
});
afterAll(async () => {
  await app.close();
  await fresh.dispose();
});

const tokenOf = async (phone: string) => {
  const u = await app.database.read.get<{ id: number; roles: unknown; orgId: number }>(
    sql`select id, roles, org_id as "orgId" from users where phone = ${phone}`,
  );
  return app.jwt.sign({ sub: u!.id, roles: jsonValue<Role[]>(u!.roles)!, orgId: u!.orgId, sv: 0, sid: `fuzz-${phone}` });
};

test('no 5xx for hostile input on any route, as anonymous, organizer and admin', { timeout: 120_000 }, async () => {
  const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
    paths: Record<string, Record<string, { parameters?: Op['params']; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  };
  const ops: Op[] = [];
  for (const [p, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods))
      ops.push({
        method: method.toUpperCase(),
        path: p,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      });
  expect(ops.length).toBeGreaterThan(70);

  const roles: [string, Record<string, string>][] = [
    ['anonymous', {}],
    ['organizer', { authorization: `Bearer ${await tokenOf('13900000003')}` }],
    ['admin', { authorization: `Bearer ${await tokenOf('13900000001')}` }],
  ];
  let sent = 0;
  const failures: string[] = [];
  const byStatus = new Map<number, number>();
  // writes after reads, so reads meet the data before the walk changes it; the sign-in routes (logout, logout-all,
  // refresh…) and the password change at the very end: a logout with the walk's token ends its session, and every
  // later request of that role would stop at 401 instead of reaching the route
  const stage = (op: Op) => (op.method === 'GET' ? 0 : op.path.startsWith('/api/auth/') || op.path === '/api/me/password' ? 2 : 1);
  ops.sort((a, b) => stage(a) - stage(b));
  for (const op of ops) {
    for (const { url, body } of requestsFor(op)) {
      for (const [role, headers] of roles) {
        const res: LightMyRequestResponse = await app.inject({
          method: op.method as 'GET',
          url,
          headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { payload: body }),
        });
        sent += 1;
        byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500)
          failures.push(
            `${role} ${op.method} ${url.slice(0, 120)} ${body?.slice(0, 160) ?? ''} → ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
      }
    }
  }
  console.log(
    `fuzz: ${sent} requests over ${ops.length} operations; ${failures.length} × 5xx; by status ${JSON.stringify(Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])))}`,
  );
  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(10_000);
});
