/**
 * @gongjiang/contract — the HTTP API contract (api-contract.md) as TypeBox schemas: every operation's params, query,
 * body and responses, the named resource schemas ($id: the OpenAPI document's components) and their Static types.
 * The API validates and serialises with these schemas; the web client and the e2e helpers take their types from them.
 */
import * as appeals from './operations/appeals';
import * as audit from './operations/audit';
import * as auth from './operations/auth';
import * as certificates from './operations/certificates';
import * as checkInCodes from './operations/check-in-codes';
import * as contests from './operations/contests';
import * as eventEdit from './operations/event-edit';
import * as judging from './operations/judging';
import * as me from './operations/me';
import * as nominations from './operations/nominations';
import * as notifications from './operations/notifications';
import * as orgs from './operations/orgs';
import * as phoneCodes from './operations/phone-codes';
import * as promotions from './operations/promotions';
import * as registrationDocuments from './operations/registration-documents';
import * as registrations from './operations/registrations';
import * as results from './operations/results';
import * as sessionTimes from './operations/session-times';
import * as sharing from './operations/sharing';
import * as rosters from './operations/rosters';
import * as statsReport from './operations/stats-report';
import * as stages from './operations/stages';
import * as stats from './operations/stats';
import * as system from './operations/system';
import * as trainingCompletion from './operations/training-completion';
import * as trainings from './operations/trainings';
import * as users from './operations/users';
import * as workerIdentity from './operations/worker-identity';
import type { TSchema } from 'typebox';
import type { Operation } from './operation';

export * from './common';
export * from './operation';
export * from './tags';
export { AUDIT_ENTITIES } from './operations/audit';
export { IMPORT_LIMITS } from './operations/results';
export { ROSTER_COLUMNS, type RosterField } from './operations/rosters';
export { NOTIFICATION_TYPES } from './operations/notifications';

type OnlyOperations<T> = { [K in keyof T as T[K] extends Operation ? K : never]: T[K] };
const pick = <T extends object>(mod: T) =>
  Object.fromEntries(
    Object.entries(mod).filter(([, v]) => v && typeof v === 'object' && 'method' in v && 'schema' in v),
  ) as OnlyOperations<T>;

/** Every operation of the API by its operationId. */
export const operations = {
  ...pick(auth),
  ...pick(phoneCodes),
  ...pick(me),
  ...pick(users),
  ...pick(workerIdentity),
  ...pick(orgs),
  ...pick(contests),
  ...pick(eventEdit),
  ...pick(registrations),
  ...pick(registrationDocuments),
  ...pick(trainings),
  ...pick(trainingCompletion),
  ...pick(sessionTimes),
  ...pick(checkInCodes),
  ...pick(promotions),
  ...pick(certificates),
  ...pick(stats),
  ...pick(statsReport),
  ...pick(audit),
  ...pick(system),
  ...pick(judging),
  ...pick(results),
  ...pick(stages),
  ...pick(appeals),
  ...pick(nominations),
  ...pick(rosters),
  ...pick(notifications),
  ...pick(sharing),
};
export type Operations = typeof operations;
export type OperationId = keyof Operations;

import { ErrorBody, FieldError, ValidationErrorBody } from './common';

function collectNamed(schema: unknown, into: Map<string, TSchema>, seen = new Set<object>()): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  const id = (schema as { $id?: unknown }).$id;
  if (typeof id === 'string') {
    const known = into.get(id);
    if (known && known !== schema) throw new Error(`two different schemas are named ${id}`);
    into.set(id, schema as TSchema);
  }
  for (const v of Object.values(schema)) collectNamed(v, into, seen);
}

const named = new Map<string, TSchema>();
for (const s of [FieldError, ErrorBody, ValidationErrorBody]) collectNamed(s, named);
for (const op of Object.values(operations)) collectNamed(op.schema, named);

/** The named schemas ($id), every one an operation uses: the OpenAPI document's components. */
export const components: TSchema[] = [...named.values()];

export * from './client';
export type * from './types';
