import type { FastifyInstance } from 'fastify';
import { Ajv, type FuncKeywordDefinition, type Options } from 'ajv';
import addFormats from 'ajv-formats';

/** The ranges every input gets unless its schema states a narrower one (README § API input rules). */
export const INPUT_LIMITS = {
  /** integers: ids and counts fit SQLite's and JavaScript's safe range with room to spare */
  intMin: -2_147_483_648,
  intMax: 2_147_483_647,
  /** other numbers (scores, hours, percentages) */
  numberAbsMax: 1_000_000_000,
  /** any string without its own maxLength */
  stringMax: 10_000,
} as const;

type Schema = Record<string, unknown>;
const SUBSCHEMA = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems'];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/**
 * A copy of a request schema with the house limits filled in where the schema says nothing (the route's
 * own schema object is left alone: it is shared with the OpenAPI document and, sometimes, responses):
 * - numbers are finite (`1e309` in JSON or a query is Infinity), integers between −2^31 and 2^31 − 1, other
 *   numbers within ±10^9 (99999999999999999999 is an integer to JavaScript but SQLite cannot bind it);
 * - strings at most 10,000 characters;
 * - objects list their fields: unknown fields are refused in bodies (no mass assignment) and dropped from
 *   query strings;
 * - a PATCH body changes at least one field.
 */
export function withInputLimits(schema: unknown, opts: { patch?: boolean } = {}, depth = 0): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withInputLimits(s, {}, depth + 1));
  if (!schema || typeof schema !== 'object') return schema;
  const src = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(src)) {
    if (SUBSCHEMA.includes(key) && value && typeof value === 'object') out[key] = withInputLimits(value, {}, depth + 1);
    else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) out[key] = value.map((s) => withInputLimits(s, {}, depth + 1));
    else if (SUBSCHEMA_MAPS.includes(key) && value && typeof value === 'object')
      out[key] = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, withInputLimits(s, {}, depth + 1)]));
    else out[key] = value;
  }
  const types = ([] as unknown[]).concat(out.type ?? []);
  const fixed = 'const' in out || 'enum' in out;
  if (types.includes('integer') || types.includes('number')) out.finite = true;
  if (types.includes('integer') && !fixed) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INPUT_LIMITS.intMax;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = INPUT_LIMITS.intMin;
  } else if (types.includes('number') && !fixed) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INPUT_LIMITS.numberAbsMax;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -INPUT_LIMITS.numberAbsMax;
  }
  if (types.includes('string') && !fixed && out.maxLength === undefined) out.maxLength = INPUT_LIMITS.stringMax;
  const isObject = types.includes('object') || (out.type === undefined && 'properties' in out);
  if (isObject && out.additionalProperties === undefined && out.patternProperties === undefined) out.additionalProperties = false;
  if (isObject && opts.patch && depth === 0 && out.minProperties === undefined) out.minProperties = 1;
  return out;
}

/** The field names a body schema's top level accepts (null: not an object body, or any name goes). */
function topLevelFields(schema: Schema): Set<string> | null {
  const variants = Array.isArray(schema.anyOf)
    ? (schema.anyOf as Schema[])
    : Array.isArray(schema.oneOf)
      ? (schema.oneOf as Schema[])
      : [schema];
  const names = new Set<string>();
  for (const v of variants) {
    // an optional body (OptionalBody): the object, or none at all
    if (v && typeof v === 'object' && v.type === 'null') continue;
    if (!v || typeof v !== 'object' || !v.properties || v.additionalProperties === true || v.patternProperties) return null;
    for (const k of Object.keys(v.properties as Schema)) names.add(k);
  }
  return names;
}

/**
 * `finite: true` — the number is not ±Infinity or NaN. strictNumbers alone is not enough for query strings:
 * Ajv coerces "1e309" to Infinity after its type check and then skips minimum/maximum for non-finite
 * numbers, so `?page=1e309` passed every check.
 */
const finite: FuncKeywordDefinition = {
  keyword: 'finite',
  schemaType: 'boolean',
  errors: true,
  validate: function check(on: boolean, data: unknown, _parent?: unknown, where?: { instancePath: string }) {
    if (!on || typeof data !== 'number' || Number.isFinite(data)) return true;
    (check as unknown as Validate).errors = [
      { keyword: 'finite', instancePath: where?.instancePath ?? '', params: {}, message: 'must be a finite number' },
    ];
    return false;
  },
};

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

/**
 * A body validator that refuses unknown top-level fields by name (`{"status": "published"}` on a PATCH is a
 * 400, not a silent no-op) before Ajv drops unknown fields inside nested objects — a client may send back a
 * sub-object as it read it.
 */
function refusingUnknownFields(schema: Schema, validate: Validate): Validate {
  const fields = topLevelFields(schema);
  if (!fields) return validate;
  const check: Validate = (data) => {
    if (data && typeof data === 'object' && !Array.isArray(data) && !Buffer.isBuffer(data)) {
      const unknown = Object.keys(data).find((k) => !fields.has(k));
      if (unknown !== undefined) {
        check.errors = [
          {
            instancePath: '',
            keyword: 'additionalProperties',
            params: { additionalProperty: unknown },
            message: 'is not a field of this request',
          },
        ];
        return false;
      }
    }
    const ok = validate(data);
    check.errors = validate.errors;
    return ok;
  };
  return check;
}

/**
 * Two Ajv instances: bodies are validated strictly (no type coercion: "12" is not a number, true is not 1 —
 * engineering-notes.md warns that coercion accepts surprising spellings; unknown top-level fields are an
 * error); querystrings and params, which arrive as text, are coerced. Unknown fields inside are dropped.
 * Both refuse NaN and Infinity (strictNumbers), and every schema gets the limits of `withInputLimits`.
 */
export function registerValidation(app: FastifyInstance): void {
  const base: Options = { useDefaults: true, allErrors: false, strict: false, strictNumbers: true, removeAdditional: true };
  const strict = new Ajv({ ...base, coerceTypes: false });
  const coercing = new Ajv({ ...base, coerceTypes: 'array' });
  for (const ajv of [strict, coercing]) {
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    ajv.addKeyword(finite);
  }
  // one compiled validator per schema object and kind (routes share schemas such as IdParams)
  const compiled = new Map<string, WeakMap<object, unknown>>();
  app.setValidatorCompiler(({ schema, httpPart, method }) => {
    const body = httpPart === 'body';
    const patch = body && method === 'PATCH';
    const kind = `${body}:${patch}`;
    let cache = compiled.get(kind);
    if (!cache) compiled.set(kind, (cache = new WeakMap()));
    let validate = cache.get(schema);
    if (!validate) {
      const limited = withInputLimits(schema, { patch }) as Schema;
      validate = body ? refusingUnknownFields(limited, strict.compile(limited)) : coercing.compile(limited);
      cache.set(schema, validate);
    }
    return validate as never;
  });
}
