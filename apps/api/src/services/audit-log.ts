import { maskResidentId } from '@gongjiang/domain';
import type { Database } from '../data/database';
import { jsonValue } from '../data/database';
import { AUDIT_ENTITIES, eventOwner, subtreeEventShare, trailPage, type AuditRow, type TrailFilter } from '../data/repos/audit-trail';
import { notFound } from '../lib/errors';
import { maskPhone } from './accounts';
import type { Caller, Scope } from './scope';

/** A subtree owning less than 1/NARROW_SHARE of the events has its trail read event by event (see list). */
const NARROW_SHARE = 100;

export { AUDIT_ENTITIES };

export type { AuditRow };

interface Filter {
  entity?: string;
  entityId?: number;
  /** one contest event's history: the event, its registrations, judges, marks, sheets, theory scores, promotions */
  eventId?: number;
  page: number;
  pageSize: number;
}

/**
 * GET /api/audit. Newest first. An admin reads the whole trail; an organizer the entries whose entity belongs to an
 * organisation in their subtree (trade-catalogue entries are admin-only). With entity + entityId the read is an
 * index range (audit_entity_idx); a page is read one row beyond its end to tell whether another follows.
 */
export class AuditLogService {
  constructor(
    private readonly db: Database,
    private readonly scope: Scope,
  ) {}

  async list(user: Caller, f: Filter): Promise<{ items: AuditRow[]; hasMore: boolean }> {
    const h = this.db.read;
    const q: TrailFilter = { entity: f.entity, entityId: f.entityId, limit: f.pageSize + 1, offset: (f.page - 1) * f.pageSize };
    if (f.eventId != null) {
      // audit_event_idx; the event's owner is checked once instead of each entry's
      const owner = await eventOwner(h, f.eventId);
      if (owner === undefined || !(await this.scope.contains(user, owner))) throw notFound('event');
      q.eventId = f.eventId;
    } else if (!user.roles.includes('admin')) {
      const prefix = await this.scope.prefixFor(user);
      if (!prefix) return { items: [], hasMore: false };
      const last = prefix.charCodeAt(prefix.length - 1);
      const lo = prefix;
      const hi = prefix.slice(0, -1) + String.fromCharCode(last + 1);
      const { mine, total } = await subtreeEventShare(h, lo, hi);
      q.subtree = { lo, hi, narrow: mine * NARROW_SHARE < total };
    }
    const rows = await trailPage(h, q);
    const parse = (v: unknown) => maskPersonal(jsonValue<unknown>(v));
    const items = rows.slice(0, f.pageSize).map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) }));
    return { items, hasMore: rows.length > f.pageSize };
  }
}

/** Phones and resident IDs recorded in an entry (an opened account's values) are read back masked, as in every list. */
function maskPersonal(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  if (typeof out.phone === 'string') out.phone = maskPhone(out.phone);
  if (typeof out.idNumber === 'string') out.idNumber = maskResidentId(out.idNumber);
  return out;
}
