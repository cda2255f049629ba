/**
 * One operation of the API: its method, its path under `/api`, and the Fastify route schema (operationId, summary, tags,
 * params, querystring, body, responses). The API registers its routes with these schemas; the web client takes its
 * types from them.
 */
import type { TSchema } from 'typebox';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface OperationSchema {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Array<Record<string, string[]>>;
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema | Record<string, unknown>;
  consumes?: string[];
  produces?: string[];
  response: Record<number, TSchema | Record<string, unknown>>;
  hide?: boolean;
}

export interface Operation<M extends Method = Method, P extends string = string, S extends OperationSchema = OperationSchema> {
  method: M;
  path: P;
  schema: S;
}

/**
 * Response objects are exact: an object schema that does not say otherwise gets `additionalProperties: false`, so the
 * document tells clients every field there is, and nothing else leaves the API (the serializer drops undeclared fields).
 */
export function closeObjects(schema: unknown, seen = new Set<object>()): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  const s = schema as Record<string, unknown>;
  if (s.type === 'object' && s.properties && s.additionalProperties === undefined && s.patternProperties === undefined) {
    s.additionalProperties = false;
  }
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && v && typeof v === 'object') for (const p of Object.values(v)) closeObjects(p, seen);
    else if (Array.isArray(v)) for (const p of v) closeObjects(p, seen);
    else if (v && typeof v === 'object' && ['items', 'additionalProperties', 'not', 'if', 'then', 'else'].includes(k))
      closeObjects(v, seen);
  }
}

export function operation<const M extends Method, const P extends string, S extends OperationSchema>(
  method: M,
  path: P,
  schema: S,
): Operation<M, P, S> {
  for (const r of Object.values(schema.response)) closeObjects(r);
  // an operation without `security` is public, and says so (security: [])
  return { method, path, schema: { ...schema, security: schema.security ?? [] } };
}

/** What an operation says for itself; its tag and its security come from `taggedOperations`. */
type OwnSchema = Omit<OperationSchema, 'tags' | 'security'>;

/**
 * The operations of one tag (one section of the document): `authed` ones need a login (a bearer token), `open` ones are
 * public.
 */
export function taggedOperations(tag: string) {
  const build =
    (security: OperationSchema['security']) =>
    <const M extends Method, const P extends string, S extends OwnSchema>(method: M, path: P, schema: S) =>
      operation(method, path, { ...schema, tags: [tag], security });
  return { authed: build([{ bearer: [] }]), open: build(undefined) };
}
