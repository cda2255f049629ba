/** In-app notifications (services/notifications.ts) and what their texts are made from. */
import { sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';

export interface NewNotification {
  userId: number;
  type: string;
  title: string;
  body: string;
  link: string | null;
  /** `type:subject:user`: one row per person and event, whoever writes it and however often */
  dedupeKey: string;
}

export interface NotificationRow {
  id: number;
  type: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** Writes the rows not yet there (INSERT … ON CONFLICT DO NOTHING on the dedupe key); returns the keys written now. */
export async function insertNotifications(t: Tx, rows: readonly NewNotification[], now: string): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const written = await t.orm
    .insert(t.s.notifications)
    .values(rows.map((r) => ({ ...r, createdAt: now, updatedAt: now })))
    .onConflictDoNothing()
    .returning({ key: t.s.notifications.dedupeKey });
  return new Set(written.map((w) => w.key));
}

/** One page of a person's notifications, newest first, with their total and unread counts. */
export async function notificationsOf(h: Handle, userId: number, unreadOnly: boolean, limit: number, offset: number) {
  const unreadCond = unreadOnly ? sql` and read_at is null` : sql``;
  const items = await h.all<NotificationRow>(
    sql`select id, type, title, body, link, created_at as "createdAt", read_at as "readAt" from notifications
        where user_id = ${userId}${unreadCond} order by id desc limit ${limit} offset ${offset}`,
  );
  const counts = await h.get<{ total: number | string; unread: number | string | null }>(
    sql`select count(*) as "total", sum(case when read_at is null then 1 else 0 end) as "unread" from notifications where user_id = ${userId}`,
  );
  const unread = Number(counts?.unread ?? 0);
  return { items: items.map((i) => ({ ...i, id: Number(i.id) })), total: unreadOnly ? unread : Number(counts?.total ?? 0), unread };
}

/** How many of a person's notifications are unread (the header's badge). */
export async function unreadCount(h: Handle, userId: number): Promise<number> {
  const row = await h.get<{ n: number | string }>(sql`select count(*) as "n" from notifications where user_id = ${userId} and read_at is null`);
  return Number(row?.n ?? 0);
}

/** Marks the person's own unread notifications read: the given ids (others' ids match nothing), or all when ids is null. */
export async function markRead(t: Tx, userId: number, ids: readonly number[] | null, now: string): Promise<number> {
  if (ids && !ids.length) return 0;
  const which = ids ? sql` and id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})` : sql``;
  return t.run(sql`update notifications set read_at = ${now}, updated_at = ${now} where user_id = ${userId} and read_at is null${which}`);
}

// ---- what the texts are made from (read by the job handler, outside any change's transaction) ----

export interface RegistrationSubject {
  id: number;
  workerId: number;
  status: string;
  reason: string | null;
  bib: string | null;
  eventId: number;
  contestId: number;
  contestTitle: string;
  tradeName: string | null;
  startsAt: string;
  venue: string | null;
}

const REG_COLUMNS = sql`r.id, r.worker_id as "workerId", r.status, r.reason, r.bib, e.id as "eventId", c.id as "contestId",
  c.title as "contestTitle", tr.name as "tradeName", c.starts_at as "startsAt", coalesce(e.venue, c.venue) as "venue"`;
const REG_FROM = sql`registrations r join events e on e.id = r.event_id join contests c on c.id = e.contest_id
  left join trades tr on tr.id = e.trade_id`;

const asReg = (r: RegistrationSubject): RegistrationSubject => ({
  ...r,
  id: Number(r.id),
  workerId: Number(r.workerId),
  eventId: Number(r.eventId),
  contestId: Number(r.contestId),
});

export async function registrationSubject(h: Handle, id: number): Promise<RegistrationSubject | undefined> {
  const r = await h.get<RegistrationSubject>(sql`select ${REG_COLUMNS} from ${REG_FROM} where r.id = ${id}`);
  return r && asReg(r);
}

/** The confirmed contestants of an event who hold a blind number. */
export async function numberedRegistrations(h: Handle, eventId: number): Promise<RegistrationSubject[]> {
  const rows = await h.all<RegistrationSubject>(
    sql`select ${REG_COLUMNS} from ${REG_FROM} where r.event_id = ${eventId} and r.status = 'confirmed' and r.bib is not null order by r.id`,
  );
  return rows.map(asReg);
}

export interface ResultSubject extends RegistrationSubject {
  rank: number;
  total: number;
  passed: boolean;
  award: string | null;
}

/** An event's published results, one per contestant (none once withdrawn). */
export async function publishedResults(h: Handle, eventId: number): Promise<ResultSubject[]> {
  const rows = await h.all<ResultSubject>(
    sql`select ${REG_COLUMNS}, res.rank, res.total, res.passed, res.award
        from ${REG_FROM} join results res on res.registration_id = r.id
        where res.event_id = ${eventId} and e.results_published_at is not null order by res.rank, r.id`,
  );
  return rows.map((r) => ({ ...asReg(r), rank: Number(r.rank), total: Number(r.total), passed: !!r.passed, award: r.award }));
}

export async function appealSubject(h: Handle, id: number) {
  const a = await h.get<{ id: number; registrationId: number; status: string; decisionReason: string | null }>(
    sql`select id, registration_id as "registrationId", status, decision_reason as "decisionReason" from appeals where id = ${id}`,
  );
  if (!a) return undefined;
  const reg = await registrationSubject(h, Number(a.registrationId));
  return reg && { ...a, id: Number(a.id), reg };
}

export async function promotionSubject(h: Handle, id: number) {
  const p = await h.get<{ id: number; workerId: number; toLevel: string; title: string | null; certificateNo: string | null }>(
    sql`select id, worker_id as "workerId", to_level as "toLevel", title, certificate_no as "certificateNo" from promotions where id = ${id}`,
  );
  return p && { ...p, id: Number(p.id), workerId: Number(p.workerId) };
}

export async function certificateSubject(h: Handle, id: number) {
  const c = await h.get<{ id: number; workerId: number; code: string; certificateNo: string; title: string | null; level: string | null }>(
    sql`select id, worker_id as "workerId", code, certificate_no as "certificateNo", title, level from certificates where id = ${id}`,
  );
  return c && { ...c, id: Number(c.id), workerId: Number(c.workerId) };
}

/** Phones of those among `userIds` who asked for notices by SMS too. */
export async function smsRecipients(h: Handle, userIds: readonly number[]): Promise<Map<number, string>> {
  if (!userIds.length) return new Map();
  const rows = await h.all<{ id: number; phone: string }>(
    sql`select id, phone from users where sms_notifications = ${true} and disabled = ${false}
        and id in (${sql.join(
          userIds.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  return new Map(rows.map((r) => [Number(r.id), r.phone]));
}

/** A person's SMS opt-in. */
export async function smsSetting(h: Handle, userId: number): Promise<boolean> {
  const row = await h.get<{ on: unknown }>(sql`select sms_notifications as "on" from users where id = ${userId}`);
  return row?.on === true || row?.on === 1;
}

/** Sets a person's SMS opt-in. */
export async function setSmsNotifications(t: Tx, userId: number, on: boolean, now: string): Promise<void> {
  await t.orm.update(t.s.users).set({ smsNotifications: on, updatedAt: now }).where(sql`id = ${userId}`);
}

export interface ReminderSubject {
  kind: 'contest' | 'class';
  /** the contest or the class */
  subjectId: number;
  /** the event or the session */
  occurrenceId: number;
  title: string;
  startsAt: string;
  venue: string | null;
  workerId: number;
}

/** Who has a contest (confirmed seat) or a class session (enrolled) starting in [from, to). */
export async function startingBetween(h: Handle, from: string, to: string): Promise<ReminderSubject[]> {
  const contests = await h.all<ReminderSubject>(
    sql`select 'contest' as "kind", c.id as "subjectId", e.id as "occurrenceId", c.title, c.starts_at as "startsAt",
          coalesce(e.venue, c.venue) as "venue", r.worker_id as "workerId"
        from contests c join events e on e.contest_id = c.id join registrations r on r.event_id = e.id
        where c.starts_at >= ${from} and c.starts_at < ${to} and c.status = 'published' and r.status = 'confirmed'`,
  );
  const classes = await h.all<ReminderSubject>(
    sql`select 'class' as "kind", k.id as "subjectId", s.id as "occurrenceId", k.title, s.starts_at as "startsAt",
          k.venue as "venue", en.worker_id as "workerId"
        from training_sessions s join training_classes k on k.id = s.class_id join enrolments en on en.class_id = k.id
        where s.starts_at >= ${from} and s.starts_at < ${to} and en.status = 'enrolled'`,
  );
  return [...contests, ...classes].map((r) => ({ ...r, subjectId: Number(r.subjectId), occurrenceId: Number(r.occurrenceId), workerId: Number(r.workerId) }));
}
