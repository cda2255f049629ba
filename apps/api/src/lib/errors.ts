/**
 * Errors the API returns: `{statusCode, error, code, message}` (api-contract.md § Conventions).
 * Messages exist in zh and en; the error handler picks one by Accept-Language.
 */
import coreMessages from '../messages/errors.json' with { type: 'json' };

export type Lang = 'zh' | 'en';
type Text = { zh: string; en: string };

const MESSAGES: Record<string, Text> = { ...coreMessages };

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? 'Error';
}

/** Adds message texts for a feature's own codes (each feature registers its codes at import time). */
export function defineMessages(messages: Record<string, Text>): void {
  Object.assign(MESSAGES, messages);
}

/**
 * One offending input of a VALIDATION answer (api-contract.md § Conventions; `fields` in the body): `field` is its JSON
 * path (`idNumber`, `scoring.criteria.2.maxScore`, `` for the body as a whole), `code` a stable short code the web app
 * maps to its own words, `text` what to say (a catalogue text in both languages, or the detail the message carries).
 */
export interface FieldIssue {
  field: string;
  code: FieldCode;
  text?: Text;
}

/** The stable codes of `fields[].code`. */
export type FieldCode =
  | 'required'
  | 'unknown_field'
  | 'type'
  | 'too_short'
  | 'too_long'
  | 'format'
  | 'range'
  | 'enum'
  | 'checksum'
  | 'date'
  | 'weak'
  | 'unknown_ref'
  | 'order'
  | 'sum'
  | 'step'
  | 'invalid';

export class AppError extends Error {
  /** VALIDATION: the offending inputs */
  fields: FieldIssue[];
  readonly statusCode: number;
  readonly code: string;
  readonly params: Record<string, string | number>;
  /** a ready message used when the code has no catalogue entry */
  readonly fallback?: string;
  /** further fields of the error body (e.g. `retryAfter`) */
  readonly extra: Record<string, unknown>;

  constructor(
    statusCode: number,
    code: string,
    params: Record<string, string | number> = {},
    fallback?: string,
    extra: Record<string, unknown> = {},
  ) {
    // A refusal (4xx) is an answer, not a bug: no stack trace is captured for it — capturing one cost ~25 µs, the
    // largest single item of a 409 in the registration rush's profile.
    const limit = Error.stackTraceLimit;
    if (statusCode < 500) Error.stackTraceLimit = 0;
    super(fallback ?? code);
    Error.stackTraceLimit = limit;
    this.fields = [];
    this.statusCode = statusCode;
    this.code = code;
    this.params = params;
    this.fallback = fallback;
    this.extra = extra;
  }

  messageIn(lang: Lang): string {
    // a code may say more precisely what went wrong with a `reason` (BAD_CODE:expired, BAD_CODE:used …)
    const text = MESSAGES[`${this.code}:${String(this.params.reason ?? '')}`] ?? MESSAGES[this.code];
    if (!text) return this.fallback ?? this.code;
    return text[lang].replace(/\{(\w+)\}/g, (_, k: string) => {
      if (k === 'what') {
        const entity = String(this.params.entity ?? '');
        return ENTITY_NAMES[entity]?.[lang] ?? entity;
      }
      return String(this.params[k] ?? '');
    });
  }
}

/** A leading `field: ` or `body.field ` of a detail names the input (the form every caller used before `field` existed). */
const LEADING_FIELD = /^(?:body\.)?([A-Za-z][\w]*(?:\.[\w]+)*)(?::| is | must )/;

/**
 * 400 VALIDATION: `detail` says what is wrong (it is in the message), `field` which input (its JSON path; `''` for the
 * body as a whole) and `code` how (a FieldCode). Without `field`, a detail that starts with `name: ` names it.
 */
export function validation(detail: string, field?: string, code: FieldCode = 'invalid'): AppError {
  const error = new AppError(400, 'VALIDATION', { detail });
  const name = field ?? LEADING_FIELD.exec(detail)?.[1];
  if (name !== undefined) error.fields = [{ field: name === 'body' ? '' : name, code }];
  return error;
}
const ENTITY_NAMES: Record<string, Text> = {
  user: { zh: '用户', en: 'User' },
  organisation: { zh: '组织', en: 'Organisation' },
  trade: { zh: '工种', en: 'Trade' },
  contest: { zh: '比赛', en: 'Contest' },
  event: { zh: '赛项', en: 'Event' },
  registration: { zh: '报名记录', en: 'Registration' },
  training: { zh: '培训班', en: 'Training class' },
  enrolment: { zh: '报名记录', en: 'Enrolment' },
  certificate: { zh: '证书', en: 'Certificate' },
  appeal: { zh: '申诉', en: 'Appeal' },
  route: { zh: '接口', en: 'Route' },
};

/** 404: unknown, or outside the caller's scope (the contract never tells the two apart). */
export const notFound = (entity: keyof typeof ENTITY_NAMES | string) => new AppError(404, 'NOT_FOUND', { entity });
export const forbidden = () => new AppError(403, 'FORBIDDEN');
export const conflict = (code: string, params: Record<string, string | number> = {}) => new AppError(409, code, params);
/** 429 with `retryAfter` (seconds) in the body; the error handler also sends it as the Retry-After header. */
export const tooManyRequests = (code: string, retryAfter: number, params: Record<string, string | number> = {}) =>
  new AppError(429, code, params, undefined, { retryAfter });

export function langOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
