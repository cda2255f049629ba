/**
 * The web app's one way to the data: a small client for the HTTP API (conventions.md § Boundaries).
 * Server-only. It forwards the caller's access token and locale; API 4xx answers become `ApiError`,
 * which form actions turn into `fail()` (see `lib/server/forms.ts`).
 *
 * It uses the global fetch, not SvelteKit's `event.fetch`: in production the API shares the page's
 * origin, and `event.fetch` would route same-origin URLs back into SvelteKit instead of to Fastify.
 */
import { env } from '$env/dynamic/private';
import type { RequestEvent } from '@sveltejs/kit';
import {
  methodOf,
  pathOf,
  queryString,
  type CallInput,
  type ErrorOf,
  type FieldError,
  type Operations,
  type OperationName,
  type ResponseOf,
  type ValidationErrorBody,
} from '@gongjiang/contract';
import * as m from '$lib/paraglide/messages';
import { validationMessage } from './field-errors';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** what else the API said: `retryAfter` (429), `reason` (BAD_CODE) */
    readonly details: Pick<ValidationErrorBody, 'retryAfter' | 'reason'> = {},
    /** VALIDATION: the offending inputs, by JSON path (`idNumber`, `scoring.criteria.2.maxScore`) and stable code */
    readonly fields: FieldError[] = [],
    /** the whole error answer, for the operations that declare more (read it with `problemOf`) */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SendOptions {
  /** sent as JSON */
  body?: unknown;
  /** sent as it is, with `contentType` (an upload) */
  raw?: { bytes: Uint8Array<ArrayBuffer>; contentType: string };
  /** overrides the caller's access token (null: send none) */
  token?: string | null;
  headers?: Record<string, string>;
}

/** The part of a request the client needs: its locals, and the browser's address for the API's throttling. */
export type ApiContext = Pick<RequestEvent, 'locals' | 'getClientAddress'>;

export function apiBase(): string {
  return (env.API_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
}

function clientAddress(ctx: ApiContext): string | undefined {
  try {
    return ctx.getClientAddress();
  } catch {
    return undefined;
  }
}

/** Sends one request and returns the raw Response (for the few callers that read headers, e.g. Set-Cookie). */
export async function sendRaw(ctx: ApiContext, method: Method, path: string, opts: SendOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': ctx.locals.locale ?? 'zh-CN',
    ...opts.headers,
  };
  const token = opts.token === undefined ? ctx.locals.accessToken : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const forwardedFor = clientAddress(ctx);
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  // the API logs the call under the page request's id
  if (ctx.locals.requestId) headers['x-request-id'] = ctx.locals.requestId;
  // The site's own address, for the links the API writes into files (a certificate's /verify QR, a session's
  // check-in URL): the API is reached over loopback, which it trusts to forward these.
  const site = (ctx as Partial<Pick<RequestEvent, 'url'>>).url;
  if (site) {
    headers['x-forwarded-host'] = site.host;
    headers['x-forwarded-proto'] = site.protocol.replace(/:$/, '');
  }
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['content-type'] = opts.raw.contentType;
    body = opts.raw.bytes;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  try {
    return await fetch(`${apiBase()}/api${path}`, { method, headers, body, signal: AbortSignal.timeout(opts.raw ? 30_000 : 15_000) });
  } catch {
    throw new ApiError(503, 'UNAVAILABLE', m.error_unavailable());
  }
}

/** Maps a non-2xx Response to an ApiError carrying the API's code and (localized) message. */
export async function errorFrom(res: Response): Promise<ApiError> {
  let body: Partial<ValidationErrorBody> = {};
  try {
    body = (await res.json()) as Partial<ValidationErrorBody>;
  } catch {
    // not JSON (a proxy error page): fall through to the generic message
  }
  const fields = Array.isArray(body.fields) ? body.fields : [];
  const message =
    res.status >= 500 || !body.message
      ? m.error_unavailable()
      : body.code === 'VALIDATION' && fields.length
        ? validationMessage(fields, body.message)
        : body.message;
  return new ApiError(
    res.status,
    body.code ?? (res.status >= 500 ? 'UNAVAILABLE' : 'ERROR'),
    message,
    {
      retryAfter: typeof body.retryAfter === 'number' ? body.retryAfter : undefined,
      reason: typeof body.reason === 'string' ? body.reason : undefined,
    },
    fields,
    body,
  );
}

/**
 * The first offending input of a VALIDATION answer that is one of `names` (exactly, or a part of it:
 * `scoring.criteria` covers `scoring.criteria.2.maxScore`), the most specific name winning. Never read from the message.
 */
export function fieldOf(e: ApiError, names: readonly string[]): { name: string; error: FieldError } | null {
  if (e.code !== 'VALIDATION') return null;
  for (const error of e.fields) {
    const name = names.filter((n) => error.field === n || error.field.startsWith(`${n}.`)).sort((a, b) => b.length - a.length)[0];
    if (name !== undefined) return { name, error };
  }
  return null;
}

/** One API operation by its operationId, answered as the raw Response (for the callers that read headers: Set-Cookie, x-has-more). */
export function callRaw<K extends OperationName>(
  ctx: ApiContext,
  name: K,
  input: CallInput<K>,
  opts: Omit<SendOptions, 'body'> = {},
): Promise<Response> {
  const { params, query: q, body } = input as { params?: Record<string, string | number>; query?: Parameters<typeof queryString>[0]; body?: unknown };
  const path = pathOf(name, params) + (q ? queryString(q) : '');
  return sendRaw(ctx, methodOf(name), path, { ...opts, body });
}

/**
 * The answer of operation `name` in `res`: its success type from the contract, or an ApiError. This is the one place
 * an answer is trusted without a check — the API serialises every answer with the same operation's response schema.
 */
export async function answerOf<K extends OperationName>(name: K, res: Response): Promise<ResponseOf<K>> {
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as ResponseOf<K>;
  return (await res.json()) as ResponseOf<K>;
}

/**
 * One API operation by its operationId, typed end to end from @gongjiang/contract: the path is the operation's own
 * (parameters filled in), the body is checked against the operation's body type and the answer has its response type.
 */
export async function call<K extends OperationName>(
  ctx: ApiContext,
  name: K,
  input: CallInput<K>,
  opts: Omit<SendOptions, 'body'> = {},
): Promise<ResponseOf<K>> {
  return answerOf(name, await callRaw(ctx, name, input, opts));
}

/** The body of an error answer that operation `name` declares for `status` (`problemOf(e, 'submitScoreSheet', 409)?.missing`), or null. */
export function problemOf<K extends OperationName, S extends keyof Operations[K]['schema']['response'] & number>(
  e: ApiError,
  name: K,
  status: S,
): ErrorOf<K, S> | null {
  return e.status === status && e.body && typeof e.body === 'object' ? (e.body as ErrorOf<K, S>) : null;
}

