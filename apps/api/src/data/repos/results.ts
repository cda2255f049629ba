/** An event's theory scores and its published (frozen) results. */
import type { Award } from '@gongjiang/domain';
import { sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';

export function theoryScores(h: Handle, eventId: number) {
  return h.all<{ id: number; registrationId: number; score: number }>(
    sql`select id, registration_id as "registrationId", score from theory_scores where event_id = ${eventId}`,
  );
}

/** Sets a contestant's theory score; the id of its row. */
export async function upsertTheory(t: Tx, v: { eventId: number; registrationId: number; score: number; at: string }): Promise<number> {
  const row = await t.get<{ id: number }>(
    sql`insert into theory_scores (event_id, registration_id, score, created_at, updated_at)
        values (${v.eventId}, ${v.registrationId}, ${v.score}, ${v.at}, ${v.at})
        on conflict (registration_id) do update set score = excluded.score, updated_at = excluded.updated_at returning id`,
  );
  return row!.id;
}

export interface FrozenResult {
  eventId: number;
  registrationId: number;
  workerId: number;
  rank: number;
  theory: number;
  practical: number;
  total: number;
  passed: boolean;
  award: Award | null;
  tied: boolean;
}

/** The published rows with blind number, name and employer, in rank order. */
export async function frozenResults(h: Handle, eventId: number) {
  type Row = Omit<FrozenResult, 'eventId' | 'passed' | 'tied'> & {
    passed: boolean | number;
    tied: boolean | number;
    bib: string;
    name: string;
    employer: string | null;
  };
  const rows = await h.all<Row>(
    sql`select res.registration_id as "registrationId", res.worker_id as "workerId", res.rank, res.theory, res.practical, res.total,
               res.passed, res.award, res.tied, r.bib, u.name, o.name as employer
          from results res join registrations r on r.id = res.registration_id join users u on u.id = res.worker_id
          left join worker_profiles wp on wp.user_id = res.worker_id left join organisations o on o.id = wp.employer_org_id
         where res.event_id = ${eventId} order by res.rank, length(r.bib), r.bib`,
  );
  return rows.map((r) => ({ ...r, passed: !!r.passed, tied: !!r.tied }));
}

/** Rows per INSERT: a dozen parameters each (timestamps included), well inside both backends’ limits. */
const FREEZE_BATCH = 500;

export async function insertResults(t: Tx, rows: FrozenResult[]): Promise<void> {
  for (let i = 0; i < rows.length; i += FREEZE_BATCH) await t.orm.insert(t.s.results).values(rows.slice(i, i + FREEZE_BATCH));
}

export async function setResultsPublished(t: Tx, eventId: number, at: string): Promise<void> {
  await t.run(sql`update events set results_published_at = ${at}, updated_at = ${at} where id = ${eventId}`);
}
