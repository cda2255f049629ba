import { maskResidentId } from '@gongjiang/domain';
import type { Db } from '../db';
import { notFound } from '../lib/errors';
import { maskPhone } from './accounts';
import type { AuthUser, OrgScope } from '../plugins/auth';

/** Every entity the audit trail records, with the SQL that finds the organisation owning one (for subtree scope). */
const OWNER_ORG: Record<string, string> = {
  organisation: 'a.entity_id',
  user: 'select org_id from users where id = a.entity_id',
  contest: 'select org_id from contests where id = a.entity_id',
  event: 'select c.org_id from events e join contests c on c.id = e.contest_id where e.id = a.entity_id',
  registration:
    'select c.org_id from registrations r join events e on e.id = r.event_id join contests c on c.id = e.contest_id where r.id = a.entity_id',
  // a cleared mark's row is gone; its entry carries the event
  score:
    "select c.org_id from events e join contests c on c.id = e.contest_id where e.id = json_extract(coalesce(a.after, a.before), '$.eventId')",
  theory_score:
    'select c.org_id from theory_scores s join events e on e.id = s.event_id join contests c on c.id = e.contest_id where s.id = a.entity_id',
  training: 'select org_id from training_classes where id = a.entity_id',
  training_session: 'select c.org_id from training_sessions s join training_classes c on c.id = s.class_id where s.id = a.entity_id',
  enrolment: 'select c.org_id from enrolments n join training_classes c on c.id = n.class_id where n.id = a.entity_id',
  promotion: 'select org_id from promotions where id = a.entity_id',
  trade: 'select null',
};
export const AUDIT_ENTITIES = Object.keys(OWNER_ORG);

/** A subtree owning less than 1/NARROW_SHARE of the events has its trail read event by event (see list). */
const NARROW_SHARE = 100;

const ownerOrgSql = `case a.entity ${Object.entries(OWNER_ORG)
  .map(([entity, q]) => `when '${entity}' then ${q.startsWith('select') ? `(${q})` : q}`)
  .join(' ')} end`;

export interface AuditRow {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

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
    private readonly db: Db,
    private readonly scope: OrgScope,
  ) {}

  list(user: AuthUser, f: Filter): { items: AuditRow[]; hasMore: boolean } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: f.pageSize + 1, offset: (f.page - 1) * f.pageSize };
    if (f.entity) {
      where.push('a.entity = @entity');
      params.entity = f.entity;
    }
    if (f.entityId != null) {
      where.push('a.entity_id = @entityId');
      params.entityId = f.entityId;
    }
    if (f.eventId != null) {
      // audit_event_idx; the event's owner is checked once instead of each entry's
      const owner = this.db.$client
        .prepare('select c.org_id as orgId from events e join contests c on c.id = e.contest_id where e.id = ?')
        .get(f.eventId) as { orgId: number } | undefined;
      if (!owner || !(user.roles.includes('admin') || this.scope.contains(user, owner.orgId))) throw notFound('event');
      where.push('a.event_id = @eventId');
      params.eventId = f.eventId;
    } else if (!user.roles.includes('admin')) {
      const prefix = this.scope.prefixFor(user);
      if (!prefix) return { items: [], hasMore: false };
      const last = prefix.charCodeAt(prefix.length - 1);
      params.lo = prefix;
      params.hi = prefix.slice(0, -1) + String.fromCharCode(last + 1);
      const inScope = `exists (select 1 from organisations o where o.id = ${ownerOrgSql} and o.path >= @lo and o.path < @hi)`;
      // A narrow subtree (a base union, a quiet district) owns a sliver of the events: read their entries through
      // audit_event_idx and check the owner only of entries about no event (the index keeps those together too). A
      // broader one owns enough of the trail that newest-first with the owner checked per entry fills a page soon.
      const scopeEvents = `select e.id from events e join contests c on c.id = e.contest_id
                             join organisations o on o.id = c.org_id where o.path >= @lo and o.path < @hi`;
      const { mine, total } = this.db.$client
        .prepare(`select (select count(*) from (${scopeEvents})) as mine, (select count(*) from events) as total`)
        .get({ lo: params.lo, hi: params.hi }) as { mine: number; total: number };
      if (mine * NARROW_SHARE < total) {
        where.push(`(a.event_id in (${scopeEvents}) or (a.event_id is null and ${inScope}))`);
      } else where.push(inScope);
    }
    const rows = this.db.$client
      .prepare<[Record<string, unknown>], Omit<AuditRow, 'before' | 'after'> & { before: string | null; after: string | null }>(
        `select a.id, a.at, a.actor_id as actorId, u.name as actorName, a.action, a.entity, a.entity_id as entityId, a.before, a.after, a.reason
           from audit_log a left join users u on u.id = a.actor_id
          ${where.length ? `where ${where.join(' and ')}` : ''}
          order by a.id desc limit @limit offset @offset`,
      )
      .all(params);
    const parse = (v: string | null) => (v == null ? null : maskPersonal(JSON.parse(v) as unknown));
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
