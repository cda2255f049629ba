import type { FastifyInstance } from 'fastify';
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Two Ajv instances: bodies are validated strictly (no type coercion: "12" is not a number, true is not 1 —
 * engineering-notes.md warns that coercion accepts surprising spellings); querystrings and params, which
 * arrive as text, are coerced.
 */
export function registerValidation(app: FastifyInstance): void {
  const base: Options = { removeAdditional: true, useDefaults: true, allErrors: false, strict: false };
  const strict = new Ajv({ ...base, coerceTypes: false });
  const coercing = new Ajv({ ...base, coerceTypes: 'array' });
  for (const ajv of [strict, coercing]) {
    (addFormats as unknown as (a: Ajv) => void)(ajv);
  }
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(schema) as never;
  });
}
