/**
 * Rows of a hand-built statistics year, inserted directly (each in a transaction of its own) through the app's data
 * layer: the summary tables follow by their triggers on either backend, as they do for the application's writes.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../src/data/database';

export interface PromotionRow {
  worker: number;
  from: string | null;
  to: string;
  source: 'contest' | 'training';
  sourceId: number;
  org: number;
  trade: number;
  on: string;
  high: boolean;
}

export function yearRows(database: () => Database) {
  let seq = 0;
  /** one row; its id */
  const insert = async (query: SQL) => (await database().tx((tx) => tx.get<{ id: number }>(query)))!.id;
  return {
    insert,
    contest: (orgId: number, status: string, startsAt: string) =>
      insert(
        sql`insert into contests (title, tier, org_id, in_plan, status, registration_opens_at, registration_closes_at, starts_at, ends_at)
            values ('比赛', 'city', ${orgId}, ${true}, ${status}, '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', ${startsAt}, ${startsAt}) returning id`,
      ),
    event: (contestId: number, tradeId: number) =>
      insert(sql`insert into events (contest_id, trade_id, capacity) values (${contestId}, ${tradeId}, 100) returning id`),
    registration: (eventId: number, workerId: number, status: string) =>
      insert(
        sql`insert into registrations (event_id, worker_id, status, ticket_code) values (${eventId}, ${workerId}, ${status}, ${`T${++seq}`}) returning id`,
      ),
    training: (orgId: number, tradeId: number, status: string, firstSessionAt: string) =>
      insert(
        sql`insert into training_classes (title, trade_id, target_level, org_id, status, capacity, enrol_opens_at, enrol_closes_at, first_session_at)
            values ('培训班', ${tradeId}, 'senior', ${orgId}, ${status}, 30, '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', ${firstSessionAt}) returning id`,
      ),
    enrolment: (classId: number, workerId: number, status: string) =>
      insert(sql`insert into enrolments (class_id, worker_id, status) values (${classId}, ${workerId}, ${status}) returning id`),
    promotion: (p: PromotionRow) =>
      insert(
        sql`insert into promotions (worker_id, from_level, to_level, source_type, event_id, training_class_id, org_id, trade_id, promoted_on, year, became_high_skill)
            values (${p.worker}, ${p.from}, ${p.to}, ${p.source}, ${p.source === 'contest' ? p.sourceId : null}, ${p.source === 'training' ? p.sourceId : null},
                    ${p.org}, ${p.trade}, ${p.on}, ${Number(p.on.slice(0, 4))}, ${p.high}) returning id`,
      ),
  };
}
