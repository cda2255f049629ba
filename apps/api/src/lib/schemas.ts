/**
 * The schemas live in @gongjiang/contract; the API's own helpers for reading what schemas cannot state stay here.
 */
import { validation } from './errors';

export { ErrorBody, FieldError, MAX_ID, ValidationErrorBody } from '@gongjiang/contract';

/**
 * A string field of an optional JSON body. Routes whose body may be absent read it this way:
 * Fastify validates a missing body against an object schema and refuses it.
 */
export function optionalString(body: unknown, field: string, maxLength = 500): string | null {
  if (body == null || typeof body !== 'object') return null;
  const v = (body as Record<string, unknown>)[field];
  if (v == null) return null;
  if (typeof v !== 'string' || v.length > maxLength)
    throw validation(`body.${field} must be a string of at most ${maxLength} characters`, field, 'too_long');
  return v;
}
