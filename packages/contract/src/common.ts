/**
 * Building blocks every operation shares: ids, pages, the error bodies (api-contract.md § Conventions).
 */
import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import {
  AGGREGATIONS,
  ATTENDANCE_STATUSES,
  AWARDS,
  CONTEST_STATUSES,
  CONTEST_TIERS,
  CRITERION_KINDS,
  ENROLMENT_STATUSES,
  ORG_KINDS,
  PROMOTION_SOURCES,
  REGISTRATION_STATUSES,
  ROLES,
  SKILL_LEVELS,
  TRAINING_STATUSES,
} from '@gongjiang/domain';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * A JSON body a request may leave out: exactly these fields (each optional), or no body at all (Fastify validates a
 * missing body as null). Anything else is refused with 400 VALIDATION like every other body.
 */
export const OptionalBody = <P extends TProperties>(properties: P) =>
  Type.Union([Type.Object(properties, { additionalProperties: false }), Type.Null()], { description: 'optional: the body may be left out' });

/** String enums: their values are declared once, in packages/domain. */

export const ContestTier = Type.Enum(CONTEST_TIERS);
export const ContestStatus = Type.Enum(CONTEST_STATUSES);
export const TrainingStatus = Type.Enum(TRAINING_STATUSES);
export const RegistrationStatus = Type.Enum(REGISTRATION_STATUSES);
export const EnrolmentStatus = Type.Enum(ENROLMENT_STATUSES);
export const AttendanceStatus = Type.Enum(ATTENDANCE_STATUSES);
export const Role = Type.Enum(ROLES);
export const OrgKind = Type.Enum(ORG_KINDS);
export const Award = Type.Enum(AWARDS);
export const PromotionSource = Type.Enum(PROMOTION_SOURCES);
export const Aggregation = Type.Enum(AGGREGATIONS);
export const CriterionKind = Type.Enum(CRITERION_KINDS);

/** One entry of a VALIDATION answer's `fields`: which input, what is wrong with it (a stable code), and a readable message. */
export const FieldError = Type.Object(
  {
    field: Type.String({ description: 'JSON path of the input, e.g. `idNumber` or `scoring.criteria.2.maxScore`; `` for the whole body' }),
    code: Type.String({
      description:
        'stable short code: required, unknown_field, type, too_short, too_long, format, range, enum, checksum, date, weak, unknown_ref, order, sum, step, invalid',
    }),
    message: Type.String({ description: 'zh or en by Accept-Language' }),
  },
  { $id: 'FieldError', additionalProperties: false },
);

/**
 * 409 TOO_EARLY (api-contract.md: dates are enforced; the time check comes before every other state check): the
 * instant from which the action is allowed.
 */
export function AllowedFrom() {
  return Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'TOO_EARLY only: the instant (ISO) from which the action is allowed; null when a class has no session yet',
  });
}

/** The sentence every timed operation's description carries. */
export const tooEarlyNote = (when: string) =>
  `409 TOO_EARLY (with \`allowedFrom\`) before ${when}; the time check comes before every other state check.`;

const errorFields = {
  statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
  error: Type.String(),
  code: Type.String({ description: 'stable machine-readable code, e.g. VALIDATION, NOT_FOUND, PHONE_TAKEN' }),
  message: Type.String({ description: 'human-readable, zh or en by Accept-Language' }),
  reason: Type.Optional(Type.String({ description: 'BAD_CODE only: wrong, expired, used, voided or superseded' })),
  retryAfter: Type.Optional(
    Type.Integer({ minimum: 0, description: '429 only: seconds to wait before trying again (also the Retry-After header)' }),
  ),
  allowedFrom: Type.Optional(AllowedFrom()),
  checkedInAt: Type.Optional(Type.String({ format: 'date-time', description: 'ALREADY_CHECKED_IN only: when the first check-in was' })),
};

/** Every error the API answers: `{statusCode, error, code, message}`. */
export const ErrorBody = Type.Object(errorFields, { $id: 'ErrorBody', additionalProperties: false });

/** A 400: with `code: "VALIDATION"` it names the offending inputs in `fields` (a file import also lists `rows`). */
export const ValidationErrorBody = Type.Object(
  {
    ...errorFields,
    fields: Type.Optional(Type.Array(FieldError, { description: 'VALIDATION: the offending inputs, the first one also in `message`' })),
    rows: Type.Optional(
      Type.Array(
        Type.Object(
          {
            row: Type.Integer({ minimum: 0 }),
            field: Type.Optional(Type.String()),
            column: Type.Optional(Type.String()),
            message: Type.String(),
          },
          { additionalProperties: false },
        ),
        { description: 'file imports: the offending rows (data rows count from 1)' },
      ),
    ),
  },
  { $id: 'ValidationErrorBody', additionalProperties: false },
);

export type ErrorBody = Static<typeof ErrorBody>;
export type FieldError = Static<typeof FieldError>;
export type ValidationErrorBody = Static<typeof ValidationErrorBody>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (VALIDATION, with `fields`) or a bad code',
  401: 'Not logged in, or the session has ended',
  403: 'Not allowed for your role',
  404: 'Unknown, or outside your scope',
  409: 'State conflict (the code says which)',
  413: 'Request body too large',
  415: 'Unsupported content type',
  429: 'Too many requests: `retryAfter` seconds',
  503: 'The database cannot be written just now',
};

/** Standard error responses of an operation, each described and shaped by ErrorBody (400: ValidationErrorBody). */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, Type.Ref(s === 400 ? 'ValidationErrorBody' : 'ErrorBody', { description: ERROR_DESCRIPTIONS[s] ?? 'Error' })]),
  );

/** Ids are database ids we hand out: 1 … 2^31 − 1 (a larger number is a 400, never a 500). */
export const MAX_ID = 2_147_483_647;
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
export const IdParams = Type.Object({ id: Id });
export const SkillLevelSchema = Type.Enum(SKILL_LEVELS, { description: 'skill level code (domain.md § Skill levels)' });
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

/** A binary response (a PDF, an image, a spreadsheet) for the OpenAPI document. */
export const binary = (mime: string, description: string) => ({
  description,
  content: { [mime]: { schema: { type: 'string', format: 'binary' } } },
});

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
