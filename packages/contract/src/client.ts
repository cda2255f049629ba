/**
 * Types for clients: what each operation takes and answers, from its schemas. The web app's `send()` and the e2e
 * helpers are typed by these (`ResponseOf<'getContest'>`), so a change in the contract is a type error in the client.
 */
import type { Static, TSchema } from 'typebox';
import { operations } from './index';

type Ops = typeof operations;
export type OperationName = keyof Ops;
type SchemaOf<K extends OperationName> = Ops[K]['schema'];
type StaticOf<S> = S extends TSchema ? Static<S> : never;
type Success = 200 | 201 | 202 | 204;

/** The path parameters (`:id` …) of an operation; `never` when it has none. */
export type ParamsOf<K extends OperationName> = SchemaOf<K> extends { params: infer P } ? StaticOf<P> : never;
/** The query string of an operation; `never` when it has none. */
export type QueryOf<K extends OperationName> = SchemaOf<K> extends { querystring: infer Q } ? StaticOf<Q> : never;
/** The JSON body of an operation; `never` when it takes none. */
export type BodyOf<K extends OperationName> = SchemaOf<K> extends { body: infer B } ? StaticOf<B> : never;
/** What a successful answer holds (undefined for 204). */
export type ResponseOf<K extends OperationName> = {
  [S in keyof SchemaOf<K>['response'] & Success]: S extends 204 ? undefined : StaticOf<SchemaOf<K>['response'][S]>;
}[keyof SchemaOf<K>['response'] & Success];

/** What a call needs besides the operation: its path parameters, query and body, as the contract types them. */
export type CallInput<K extends OperationName> = ([ParamsOf<K>] extends [never] ? { params?: undefined } : { params: ParamsOf<K> }) &
  ([QueryOf<K>] extends [never] ? { query?: undefined } : { query?: Partial<QueryOf<K>> }) &
  // no body, or one the contract describes only as content types (a file upload: sent as raw bytes)
  ([BodyOf<K>] extends [never]
    ? { body?: undefined }
    : unknown extends BodyOf<K>
      ? { body?: undefined }
      : // a body the request may leave out (OptionalBody)
        null extends BodyOf<K>
        ? { body?: BodyOf<K> }
        : { body: BodyOf<K> });

/** A query string (with its `?`) from the defined, non-empty values; '' when there are none. */
export function queryString(params: Record<string, unknown> = {}): string {
  const pairs = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

/** The operation's path under /api with its parameters filled in (each URI-encoded). */
export function pathOf(name: OperationName, params: Record<string, string | number> = {}): string {
  return operations[name].path.replace(/:(\w+)/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) throw new Error(`${String(name)}: the path needs :${k}`);
    return encodeURIComponent(String(v));
  });
}

/** The status of an operation's successful answer (the first it declares of 200, 201, 202, 204). */
export function successOf(name: OperationName): Success {
  const declared = operations[name].schema.response as Record<number, unknown>;
  const status = ([200, 201, 202, 204] as const).find((s) => s in declared);
  if (status === undefined) throw new Error(`${String(name)} declares no successful answer`);
  return status;
}

/** The HTTP method of an operation. */
export const methodOf = (name: OperationName) => operations[name].method;

/** An error answer an operation declares beside the standard ErrorBody (`ErrorOf<'submitScoreSheet', 409>`: its `missing`, `spreads`). */
export type ErrorOf<K extends OperationName, S extends keyof SchemaOf<K>['response']> = StaticOf<SchemaOf<K>['response'][S]>;
