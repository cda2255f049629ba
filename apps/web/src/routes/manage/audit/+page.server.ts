import { ApiError, answerOf, callRaw } from '$lib/server/api';
import { pageParam } from '$lib/server/catalogue';
import { AUDIT_ENTITIES } from '@gongjiang/contract';
import type { AuditEntry } from '$lib/audit';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 30;

/** GET /api/audit, newest first, by kind and number (and one event's history with ?eventId=); the API says in `x-has-more` whether an older page follows. */
export const load: PageServerLoad = async (event) => {
  const sp = event.url.searchParams;
  const entity = AUDIT_ENTITIES.find((e) => e === sp.get('entity')) ?? '';
  const rawId = Number(sp.get('entityId'));
  const entityId = entity && Number.isInteger(rawId) && rawId > 0 ? rawId : null;
  const rawEvent = Number(sp.get('eventId'));
  const eventId = Number.isInteger(rawEvent) && rawEvent > 0 ? rawEvent : null;
  const page = pageParam(event.url);
  let entries: AuditEntry[] = [];
  let hasMore = false;
  let unavailable = false;
  try {
    const res = await callRaw(event, 'listAuditEntries', {
      query: { entity: entity || undefined, entityId: entityId ?? undefined, eventId: eventId ?? undefined, page, pageSize: PAGE_SIZE },
    });
    entries = await answerOf('listAuditEntries', res);
    hasMore = res.headers.get('x-has-more') === 'true';
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    unavailable = true;
  }
  return { filters: { entity, entityId: entityId ? String(entityId) : '', eventId }, page, entries, hasMore, unavailable };
};
