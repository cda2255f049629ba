/**
 * Reading the audit trail (GET /api/audit): newest first, scoped to an organizer's subtree by the organisation that
 * owns each entry's entity.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Handle } from '../database';
import { jsonNumber } from '../dialect';

/** Every entity the audit trail records, with the SQL that finds the organisation owning one (for subtree scope). */
const OWNER_ORG: Record<string, (h: Handle) => SQL> = {
  organisation: () => sql`a.entity_id`,
  user: () => sql`(select org_id from users where id = a.entity_id)`,
  contest: () => sql`(select org_id from contests where id = a.entity_id)`,
  event: () => sql`(select c.org_id from events e join contests c on c.id = e.contest_id where e.id = a.entity_id)`,
  registration: () =>
    sql`(select c.org_id from registrations r join events e on e.id = r.event_id join contests c on c.id = e.contest_id where r.id = a.entity_id)`,
  // a cleared mark's row is gone; its entry carries the event
  score: (h) =>
    sql`(select c.org_id from events e join contests c on c.id = e.contest_id where e.id = ${jsonNumber(h, sql`coalesce(a.after, a.before)`, 'eventId')})`,
  theory_score: () =>
    sql`(select c.org_id from theory_scores s join events e on e.id = s.event_id join contests c on c.id = e.contest_id where s.id = a.entity_id)`,
  training: () => sql`(select org_id from training_classes where id = a.entity_id)`,
  training_session: () =>
    sql`(select c.org_id from training_sessions s join training_classes c on c.id = s.class_id where s.id = a.entity_id)`,
  enrolment: () => sql`(select c.org_id from enrolments n join training_classes c on c.id = n.class_id where n.id = a.entity_id)`,
  promotion: () => sql`(select org_id from promotions where id = a.entity_id)`,
  trade: () => sql`null`,
  appeal: () =>
    sql`(select c.org_id from appeals p join events e on e.id = p.event_id join contests c on c.id = e.contest_id where p.id = a.entity_id)`,
};
export const AUDIT_ENTITIES = Object.keys(OWNER_ORG);

const ownerOrg = (h: Handle) =>
  sql`case a.entity ${sql.join(
    Object.entries(OWNER_ORG).map(([entity, q]) => sql`when ${sql.raw(`'${entity}'`)} then ${q(h)}`),
    sql` `,
  )} end`;

/** One entry of the audit trail with its actor's name. */
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

export interface TrailFilter {
  entity?: string;
  entityId?: number;
  eventId?: number;
  /** the organizer's subtree as a path range; absent for admins */
  subtree?: { lo: string; hi: string; narrow: boolean };
  limit: number;
  offset: number;
}

/** The events the subtree owns (and all events): whether it is narrow enough to read event by event. */
export async function subtreeEventShare(h: Handle, lo: string, hi: string) {
  const row = await h.get<{ mine: number; total: number }>(sql`
    select (select count(*) from events e join contests c on c.id = e.contest_id join organisations o on o.id = c.org_id
             where o.path >= ${lo} and o.path < ${hi}) as "mine",
           (select count(*) from events) as "total"`);
  return row ?? { mine: 0, total: 0 };
}

export async function eventOwner(h: Handle, eventId: number): Promise<number | undefined> {
  const row = await h.get<{ orgId: number }>(
    sql`select c.org_id as "orgId" from events e join contests c on c.id = e.contest_id where e.id = ${eventId}`,
  );
  return row?.orgId;
}

export function trailPage(h: Handle, f: TrailFilter) {
  const where: SQL[] = [];
  if (f.entity) where.push(sql`a.entity = ${f.entity}`);
  if (f.entityId != null) where.push(sql`a.entity_id = ${f.entityId}`);
  if (f.eventId != null) where.push(sql`a.event_id = ${f.eventId}`);
  if (f.subtree) {
    const { lo, hi } = f.subtree;
    const inScope = sql`exists (select 1 from organisations o where o.id = ${ownerOrg(h)} and o.path >= ${lo} and o.path < ${hi})`;
    // A narrow subtree (a base union, a quiet district) owns a sliver of the events: read their entries through
    // audit_event_idx and check the owner only of entries about no event (the index keeps those together too). A
    // broader one owns enough of the trail that newest-first with the owner checked per entry fills a page soon.
    const scopeEvents = sql`select e.id from events e join contests c on c.id = e.contest_id join organisations o on o.id = c.org_id where o.path >= ${lo} and o.path < ${hi}`;
    where.push(f.subtree.narrow ? sql`(a.event_id in (${scopeEvents}) or (a.event_id is null and ${inScope}))` : inScope);
  }
  return h.all<AuditRow>(sql`
    select a.id, a.at, a.actor_id as "actorId", u.name as "actorName", a.action, a.entity, a.entity_id as "entityId", a.before, a.after, a.reason
      from audit_log a left join users u on u.id = a.actor_id
     ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
     order by a.id desc limit ${f.limit} offset ${f.offset}`);
}
