import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, langOf, statusText } from '../lib/errors';

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
    } else if (error.validation) {
      status = 400;
      code = 'VALIDATION';
      message = new AppError(400, 'VALIDATION', { detail: describeValidation(error) }).messageIn(lang);
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
