import { Type, type TSchema } from 'typebox';
import { validation } from './errors';
import { SKILL_LEVELS, type SkillLevel } from '@gongjiang/domain';

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    code: Type.String({ description: 'stable machine-readable code, e.g. VALIDATION, NOT_FOUND, PHONE_TAKEN' }),
    message: Type.String({ description: 'human-readable, zh or en by Accept-Language' }),
    reason: Type.Optional(Type.String({ description: 'BAD_CODE only: wrong, expired, used, voided or superseded' })),
    retryAfter: Type.Optional(Type.Integer({ description: '429 only: seconds to wait before trying again (also the Retry-After header)' })),
  },
  { $id: 'Error' },
);

/** Ids are SQLite rowids we hand out: 1 … 2^31 − 1 (a larger number is a 400, never a 500). */
export const MAX_ID = 2_147_483_647;
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
export const IdParams = Type.Object({ id: Id });
export const SkillLevelSchema = Type.Unsafe<SkillLevel>({
  type: 'string',
  enum: [...SKILL_LEVELS],
  description: 'skill level code (domain.md § Skill levels)',
});
export const NullableSkillLevel = Type.Union([SkillLevelSchema, Type.Null()]);
export const IsoDateTime = Type.String({ format: 'date-time' });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

/** A page whose total is counted only up to a cap (lists that can hold millions of rows). */
export const CappedPage = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ description: 'the number of matches, counted up to the cap' }),
    totalCapped: Type.Boolean({ description: 'true when there are more matches than `total`' }),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

/** Standard error responses for a route's OpenAPI description. */
export const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Type.Ref('Error')]));

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * A string field of an optional JSON body. Routes whose body may be absent read it this way:
 * Fastify validates a missing body against an object schema and refuses it.
 */
export function optionalString(body: unknown, field: string, maxLength = 500): string | null {
  if (body == null || typeof body !== 'object') return null;
  const v = (body as Record<string, unknown>)[field];
  if (v == null) return null;
  if (typeof v !== 'string' || v.length > maxLength) throw validation(`body.${field} must be a string of at most ${maxLength} characters`);
  return v;
}
