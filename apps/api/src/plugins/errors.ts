import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, langOf, statusText, type FieldCode, type Lang } from '../lib/errors';

/** Fastify's own 4xx error codes → contract codes. Anything 4xx without a mapping is VALIDATION (bad input). */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_RATE_LIMIT_EXCEEDED: 'RATE_LIMITED',
};

function describeValidation(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const where = error.validationContext ?? 'body';
  const { missingProperty: missing, additionalProperty: extra } = first.params as { missingProperty?: string; additionalProperty?: string };
  const field = [first.instancePath.replace(/^\//, '').replace(/\//g, '.'), missing ?? extra].filter(Boolean).join('.');
  const name = field ? `${where}.${field}` : where;
  return missing
    ? `${name} is required`
    : extra !== undefined
      ? `${name} is not a field of this request`
      : `${name} ${first.message ?? 'is invalid'}`;
}

type AjvIssue = NonNullable<FastifyError['validation']>[number] & { keyword?: string };

const KEYWORD_CODES: Record<string, FieldCode> = {
  required: 'required',
  minProperties: 'required',
  additionalProperties: 'unknown_field',
  type: 'type',
  minLength: 'too_short',
  minItems: 'too_short',
  maxLength: 'too_long',
  maxItems: 'too_long',
  pattern: 'format',
  format: 'format',
  minimum: 'range',
  maximum: 'range',
  exclusiveMinimum: 'range',
  exclusiveMaximum: 'range',
  multipleOf: 'range',
  finite: 'range',
  enum: 'enum',
  const: 'enum',
  anyOf: 'enum',
};

/** What `fields[].message` says for a schema failure, by code: {limit} is the schema's bound. */
const FIELD_TEXTS: Record<FieldCode, { zh: string; en: string }> = {
  required: { zh: '必填', en: 'is required' },
  unknown_field: { zh: '不是此请求的字段', en: 'is not a field of this request' },
  type: { zh: '类型不对', en: 'has the wrong type' },
  too_short: { zh: '太短（至少 {limit}）', en: 'is too short (at least {limit})' },
  too_long: { zh: '太长（最多 {limit}）', en: 'is too long (at most {limit})' },
  format: { zh: '格式不对', en: 'has the wrong format' },
  range: { zh: '超出允许范围', en: 'is out of range' },
  enum: { zh: '不是可选的值', en: 'is not one of the allowed values' },
  checksum: { zh: '校验码不对', en: 'checksum does not match' },
  date: { zh: '日期无效', en: 'is not a valid date' },
  weak: { zh: '太弱', en: 'is too weak' },
  unknown_ref: { zh: '不存在', en: 'does not exist' },
  order: { zh: '先后顺序不对', en: 'is out of order' },
  sum: { zh: '合计不对', en: 'does not add up' },
  step: { zh: '不是允许的步长', en: 'is off the allowed step' },
  invalid: { zh: '无效', en: 'is invalid' },
};

/** `fields` of a schema failure: each offending input by its JSON path (`scoring.criteria.2.maxScore`), code and words. */
function schemaFields(error: FastifyError, lang: Lang): { field: string; code: FieldCode; message: string }[] {
  return (error.validation ?? []).map((issue: AjvIssue) => {
    const params = issue.params as { missingProperty?: string; additionalProperty?: string; limit?: number };
    const path = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean);
    const last = params.missingProperty ?? params.additionalProperty;
    if (last !== undefined) path.push(last);
    const field = path.join('.');
    const code = KEYWORD_CODES[issue.keyword ?? ''] ?? 'invalid';
    const text = FIELD_TEXTS[code][lang].replace('{limit}', String(params.limit ?? ''));
    return { field, code, message: field ? `${field}${lang === 'zh' ? '：' : ' '}${text}` : text };
  });
}

/**
 * One error handler for the whole API: every error leaves as `{statusCode, error, code, message}`;
 * a 5xx never leaks its message (fastify/demo's rule).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const error = err as FastifyError & { code?: string };
    const lang = langOf(request.headers['accept-language']);
    let status: number;
    let code: string;
    let message: string;
    let extra: Record<string, unknown> = {};
    if (error instanceof AppError) {
      status = error.statusCode;
      code = error.code;
      message = error.messageIn(lang);
      extra = error.extra;
      if (error.fields.length) {
        extra = {
          ...extra,
          fields: error.fields.map((f) => ({ field: f.field, code: f.code, message: f.text?.[lang] ?? message })),
        };
      }
    } else if (error.validation) {
      status = 400;
      code = 'VALIDATION';
      message = new AppError(400, 'VALIDATION', { detail: describeValidation(error) }).messageIn(lang);
      extra = { fields: schemaFields(error, lang) };
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      const mapped = FASTIFY_CODES[error.code ?? ''];
      status = mapped || error.statusCode === 401 || error.statusCode === 429 ? error.statusCode : 400;
      code = mapped ?? (status === 401 ? 'UNAUTHORIZED' : status === 429 ? 'RATE_LIMITED' : 'VALIDATION');
      const detail = error.message;
      message = new AppError(status, code, { detail }).messageIn(lang);
    } else if (app.database.isStorageFailure(error)) {
      // the database cannot be written or read just now (read-only file, full disk, I/O error, a lock held
      // too long): the request may succeed later, so 503 — and a read-only connection is replaced when it can be
      request.log.error({ err: error }, 'database unavailable');
      app.database.recoverFrom(error);
      status = 503;
      code = 'UNAVAILABLE';
      message = new AppError(503, 'UNAVAILABLE').messageIn(lang);
      reply.header('retry-after', '5');
    } else {
      request.log.error({ err: error }, 'unhandled error');
      status = 500;
      code = 'INTERNAL';
      message = new AppError(500, 'INTERNAL').messageIn(lang);
    }
    if (status === 429) {
      // every 429 says how long to wait, in the Retry-After header and as `retryAfter` in the body
      if (typeof extra.retryAfter === 'number') reply.header('retry-after', String(extra.retryAfter));
      else if (!reply.getHeader('retry-after')) reply.header('retry-after', '60');
      extra = { ...extra, retryAfter: Number(reply.getHeader('retry-after')) || 60 };
    }
    return reply.status(status).send({ statusCode: status, error: statusText(status), code, message, ...extra });
  });

  app.setNotFoundHandler((request, reply) => {
    const lang = langOf(request.headers['accept-language']);
    return reply.status(404).send({
      statusCode: 404,
      error: statusText(404),
      code: 'NOT_FOUND',
      message: new AppError(404, 'NOT_FOUND', { entity: 'route' }).messageIn(lang),
    });
  });
}
