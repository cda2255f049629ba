import type { Handle } from '../data/database';
import { eventWithContest } from '../data/repos/events';
import { notFound } from '../lib/errors';
import type { Caller, Scope } from './scope';

/** An organizer's event with its contest: in their subtree, else 404 (read through `h`: a transaction or the reader). */
export async function managedEvent(h: Handle, scope: Scope, eventId: number, user: Caller) {
  const row = await eventWithContest(h, eventId);
  if (!row || !(await scope.manages(user, row.c.orgId))) throw notFound('event');
  return row;
}
