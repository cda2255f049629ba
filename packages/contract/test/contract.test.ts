import { describe, expect, it } from 'vitest';
import { components, operations } from '../src';

type Schema = Record<string, unknown>;

/** Every object schema below `schema` that lets unlisted fields through. */
function openObjects(schema: unknown, at: string, out: string[] = [], seen = new Set<object>()): string[] {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return out;
  seen.add(schema);
  const s = schema as Schema;
  if (s.type === 'object' && !s.patternProperties && s.additionalProperties !== false && s.properties) out.push(at);
  for (const [k, v] of Object.entries(s)) if (v && typeof v === 'object') openObjects(v, `${at}/${k}`, out, seen);
  return out;
}

describe('the contract', () => {
  it('names every operation by its operationId, once, with a summary, tags and 4xx responses', () => {
    const seen = new Set<string>();
    for (const [key, op] of Object.entries(operations)) {
      expect(op.schema.operationId).toBe(key);
      const route = `${op.method} ${op.path}`;
      expect(seen.has(route), route).toBe(false);
      seen.add(route);
      expect(op.schema.summary.length, key).toBeGreaterThan(0);
      expect(op.schema.tags.length, key).toBeGreaterThan(0);
    }
    expect(seen.size).toBeGreaterThan(80);
  });

  it('answers with exact objects only: no response lets an unlisted field through', () => {
    const open = Object.entries(operations).flatMap(([key, op]) => openObjects(op.schema.response, key));
    expect(open).toEqual([]);
  });

  it('gives each named schema one definition', () => {
    const ids = components.map((c) => (c as { $id?: string }).$id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(['User', 'Profile', 'Contest', 'ContestSummary', 'Event', 'ErrorBody', 'ValidationErrorBody']),
    );
  });
});
