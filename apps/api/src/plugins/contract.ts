import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { components, operations } from '@gongjiang/contract';

type Schema = Record<string, unknown>;
const NAMED = new Set(components.map((c) => (c as { $id: string }).$id));

/**
 * A copy of a schema in which every named schema of the contract below the top (one with a `$id`) is a reference to the
 * shared schema of that name: the OpenAPI document shows it once, as a component, and the serializer compiles it once.
 */
function referencing(schema: unknown, top = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => referencing(s, false));
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  if (!top && typeof s.$id === 'string' && NAMED.has(s.$id)) return { $ref: s.$id };
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) out[k] = k === 'default' || k === 'const' || k === 'enum' ? v : referencing(v, false);
  return out;
}

const SUCCESS: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: nothing more to say',
  204: 'Done: no content',
  503: 'The database cannot be written just now',
};

/** Every response says what it is in the document (not "Default Response"). */
function described(responses: Record<string, Schema>): Record<string, Schema> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, s]) => [status, s.description ? s : { ...s, description: SUCCESS[status] ?? 'Error' }]),
  );
}

/** A copy without `$id`s: request schemas are compiled whole, each by itself (plugins/validation.ts). */
function anonymous(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anonymous);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) if (k !== '$id') out[k] = k === 'default' || k === 'const' ? v : anonymous(v);
  return out;
}

/**
 * The contract is what the API serves: every route's schema is an operation of @gongjiang/contract, registered at the
 * operation's method and path (a route without an operation, or at another path, stops the start), and the contract's
 * named schemas are the app's shared schemas.
 */
export function registerContract(app: FastifyInstance, opts: { checkResponses?: boolean } = {}, prefix = '/api'): void {
  for (const c of components) app.addSchema(referencing(c) as Schema);
  if (opts.checkResponses) checkResponses(app);
  const byId = new Map(Object.values(operations).map((o) => [o.schema.operationId, o]));
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Schema | undefined;
    // the API's own routes; the document's (Swagger UI, /api/docs/json) are not operations of the API
    if (!route.url.startsWith(`${prefix}/`) || route.url.startsWith(`${prefix}/docs`) || schema?.hide) return;
    const id = schema?.operationId as string | undefined;
    const op = id ? byId.get(id) : undefined;
    // Fastify adds a HEAD route for every GET one, with the same schema
    const methods = ([] as string[]).concat(route.method).map((m) => (m === 'HEAD' ? 'GET' : m));
    if (!op || `${prefix}${op.path}` !== route.url || !methods.includes(op.method)) {
      throw new Error(
        `${methods.join(',')} ${route.url}: its schema is not the contract's operation for this method and path (${id ?? 'none'})`,
      );
    }
    const { response, ...request } = op.schema as unknown as Schema;
    route.schema = { ...(anonymous(request) as Schema), response: described(referencing(response, true) as Record<string, Schema>) };
  });
}

/**
 * Tests: every answer must match its response schema exactly — a field the schema does not list, or a listed one
 * missing or of another type, fails the request (500) instead of being dropped silently by the serializer.
 * CONTRACT_MISMATCH_LOG=<file>: note mismatches there and let the answer through.
 */
function checkResponses(app: FastifyInstance): void {
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const c of components) ajv.addSchema(referencing(c) as Schema, (c as { $id: string }).$id);
  const compiled = new WeakMap<object, ValidateFunction>();
  const log = process.env.CONTRACT_MISMATCH_LOG;
  app.addHook('preSerialization', async (request, reply, payload) => {
    const responses = (request.routeOptions.schema as Schema | undefined)?.response as Record<string, Schema> | undefined;
    const schema = responses?.[String(reply.statusCode)];
    if (!schema || 'content' in schema) return payload;
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(JSON.parse(JSON.stringify(schema)) as Schema)));
    const data = JSON.parse(JSON.stringify(payload)) as unknown;
    if (validate(data)) return payload;
    const id = (request.routeOptions.schema as Schema).operationId as string;
    const problems = (validate.errors ?? []).map((e) => {
      const at = `${e.instancePath}${e.params && 'additionalProperty' in e.params ? `/${String(e.params.additionalProperty)}` : ''}`;
      let value: unknown = data;
      for (const k of at.split('/').filter(Boolean)) value = (value as Record<string, unknown> | undefined)?.[k];
      return {
        at,
        message: e.message,
        type: value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value,
        sample: JSON.stringify(value)?.slice(0, 200),
      };
    });
    if (log) {
      fs.appendFileSync(log, JSON.stringify({ id, status: reply.statusCode, problems }) + '\n');
      return payload;
    }
    throw new Error(`${id} ${reply.statusCode}: the answer does not match the contract: ${JSON.stringify(problems)}`);
  });
}
