/** Helpers shared by form actions: reading text fields and turning API errors into `fail()`. */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { ApiError } from './api';

export type FieldErrors = Record<string, string>;

/** A trimmed text field ('' when absent or a file). */
export function text(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
}

/** A field exactly as typed ('' when absent or a file): a password's spaces are part of it. */
export function secret(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === 'string' ? v : '';
}

/** Whether the form's required confirmation box (components/ConfirmStep.svelte, name `confirm`) was ticked. */
export function confirmed(data: FormData): boolean {
  return data.get('confirm') === 'on';
}

/** A positive integer id from a query or form value, else null (absent, text, zero, fractions). */
export function positiveId(raw: string | null | undefined): number | null {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** A positive integer route parameter (/contests/[id]), else the 404 page: a malformed id names nothing. */
export function idParam(raw: string | undefined, message = m.error_not_found()): number {
  const id = positiveId(raw);
  if (id === null) error(404, message);
  return id;
}

/**
 * An API read whose 404 is the page's 404 (unknown, or outside the reader's scope: the API answers both alike);
 * `alsoForbidden`: a 403 reads as a 404 too, where the page must not tell that the thing exists.
 */
export async function orNotFound<T>(read: Promise<T>, { message = m.error_not_found(), alsoForbidden = false } = {}): Promise<T> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || (alsoForbidden && e.status === 403))) error(404, message);
    throw e;
  }
}

/** The status a form action answers an API refusal with: the API's own 4xx; anything else (down, failed) is a 503. */
export function refusalStatus(e: ApiError): number {
  return e.status >= 400 && e.status < 500 ? e.status : 503;
}

/**
 * A refused form's words: `message` next to the input `field` names, with the form's summary (请检查标出的内容) on top;
 * a refusal about no input is `message` on top.
 */
export function refusal(field: string | null, message: string) {
  return { message: field ? m.form_errors_summary() : message, errors: (field ? { [field]: message } : {}) as FieldErrors };
}

/**
 * A form action's answer to what an API call threw: a refusal fails with its status and the API's words, next to
 * `data` (which form, what was typed); anything else is thrown on.
 */
export function refused<D extends Record<string, unknown>>(e: unknown, data: D) {
  if (!(e instanceof ApiError)) throw e;
  return fail(refusalStatus(e), { ...data, message: e.message });
}

/** A form action's failure for an API error: 4xx keep their status and message; anything else is a 503. */
export function failFromApi<V extends Record<string, unknown>>(error: unknown, values: V, fieldOf?: (e: ApiError) => string | null) {
  if (!(error instanceof ApiError)) throw error;
  const field = fieldOf?.(error) ?? null;
  return fail(refusalStatus(error), {
    message: error.message,
    code: error.code,
    errors: (field ? { [field]: error.message } : {}) as FieldErrors,
    values,
  });
}

/** Only same-site paths are followed after login (no open redirects). */
export function safeRedirectTarget(raw: string | null | undefined, fallback = '/'): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  return raw;
}

/** Guard for pages that need a session: sends anonymous visitors to the login page and back. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>) {
  const user = event.locals.user;
  if (!user) {
    const back = event.url.pathname + event.url.search;
    redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

/** Guard for pages of some roles (judge; organizer or admin): a session holding none of them gets the 403 page. */
export function requireRole(event: Pick<RequestEvent, 'locals' | 'url'>, ...roles: Role[]) {
  const user = requireUser(event);
  if (!roles.some((role) => user.roles.includes(role))) error(403, m.error_forbidden());
  return user;
}
