/** The durable job queue's rows (services/jobs.ts; schema/jobs.ts). */
import { sql } from 'drizzle-orm';
import { jsonValue, type Handle, type Tx } from '../database';
import type { JobStatus } from '../schema/jobs';

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** a second job with the same key is not enqueued */
  dedupeKey?: string | null;
  runAt: string;
  maxAttempts: number;
}

export interface JobRow {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  status: JobStatus;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = sql`id, kind, payload, attempts, max_attempts as "maxAttempts", status, run_at as "runAt", last_error as "lastError",
  created_at as "createdAt", updated_at as "updatedAt"`;

const asJob = (r: JobRow): JobRow => ({
  ...r,
  id: Number(r.id),
  attempts: Number(r.attempts),
  maxAttempts: Number(r.maxAttempts),
  payload: jsonValue<Record<string, unknown>>(r.payload) ?? {},
});

/**
 * Writes one job row through the caller's transaction (skipped when its dedupe key is already there): one statement
 * whose text never changes, so SQLite prepares it once — the rush's registrations each write one.
 */
export async function insertJob(t: Tx, j: NewJob, now: string): Promise<void> {
  const payload = JSON.stringify(j.payload);
  await t.run(
    sql`insert into jobs (kind, payload, dedupe_key, status, attempts, max_attempts, run_at, created_at, updated_at)
        values (${j.kind}, ${payload}, ${j.dedupeKey ?? null}, 'pending', 0, ${j.maxAttempts}, ${j.runAt}, ${now}, ${now})
        on conflict do nothing`,
  );
}

/** Writes job rows through the caller's transaction; a row whose dedupe key is already there is skipped. */
export async function insertJobs(t: Tx, jobs: readonly NewJob[], now: string): Promise<void> {
  if (!jobs.length) return;
  await t.orm
    .insert(t.s.jobs)
    .values(
      jobs.map((j) => ({
        kind: j.kind,
        payload: j.payload,
        dedupeKey: j.dedupeKey ?? null,
        runAt: j.runAt,
        maxAttempts: j.maxAttempts,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing();
}

/**
 * Claims up to `limit` due jobs for this process: pending ones whose time has come, and running ones whose lease ran out
 * (their process died). One statement: on PostgreSQL the candidate rows are locked FOR UPDATE SKIP LOCKED, so two
 * processes claiming at once take different rows; on SQLite the statement runs under the database's one write lock.
 * Each claimed row's attempts count up by one and its lease runs until `leaseUntil`.
 */
export async function claimJobs(t: Tx, now: string, leaseUntil: string, limit: number): Promise<JobRow[]> {
  const skipLocked = t.dialect === 'postgres' ? sql` for update skip locked` : sql``;
  const rows = await t.all<JobRow>(
    sql`update jobs set status = 'running', attempts = attempts + 1, locked_until = ${leaseUntil}, updated_at = ${now}
        where id in (
          select id from jobs
          where status in ('pending', 'running') and run_at <= ${now} and (locked_until is null or locked_until < ${now})
          order by run_at, id limit ${limit}${skipLocked}
        )
        returning ${COLUMNS}`,
  );
  return rows.map(asJob).sort((a, b) => a.id - b.id);
}

/** Is any job due at `now`? A read, so an idle worker loop never takes the write lock. */
export async function hasDueJobs(h: Handle, now: string): Promise<boolean> {
  const row = await h.get(
    sql`select 1 as "due" from jobs where status in ('pending', 'running') and run_at <= ${now}
          and (locked_until is null or locked_until < ${now}) limit 1`,
  );
  return !!row;
}

/** A claimed job finished; only while this claim still holds it (the same attempt, still running). */
export async function finishJob(t: Tx, id: number, attempt: number, now: string): Promise<void> {
  await t.run(
    sql`update jobs set status = 'done', finished_at = ${now}, locked_until = null, last_error = null, updated_at = ${now}
        where id = ${id} and attempts = ${attempt} and status = 'running'`,
  );
}

/** A claimed job failed: pending again at `retryAt`, or `failed` for good when retryAt is null. */
export async function failJob(t: Tx, id: number, attempt: number, error: string, retryAt: string | null, now: string): Promise<void> {
  const status: JobStatus = retryAt ? 'pending' : 'failed';
  await t.run(
    sql`update jobs set status = ${status}, run_at = coalesce(${retryAt}, run_at), locked_until = null, last_error = ${error},
          finished_at = ${retryAt ? null : now}, updated_at = ${now}
        where id = ${id} and attempts = ${attempt} and status = 'running'`,
  );
}

/** How many jobs are in each state. */
export async function jobCounts(h: Handle): Promise<Record<JobStatus, number>> {
  const rows = await h.all<{ status: JobStatus; n: number | string }>(sql`select status, count(*) as "n" from jobs group by status`);
  const out: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** The newest jobs in one state. */
export async function jobsIn(h: Handle, status: JobStatus, limit: number): Promise<JobRow[]> {
  const rows = await h.all<JobRow>(sql`select ${COLUMNS} from jobs where status = ${status} order by id desc limit ${limit}`);
  return rows.map(asJob);
}

/** A failed job gets a fresh set of attempts, due now; false when the job is not (or no longer) failed. */
export async function retryFailedJob(t: Tx, id: number, now: string): Promise<boolean> {
  const n = await t.run(
    sql`update jobs set status = 'pending', attempts = 0, run_at = ${now}, finished_at = null, updated_at = ${now}
        where id = ${id} and status = 'failed'`,
  );
  return n > 0;
}

/** Drops finished jobs older than `before` (failed ones stay until an admin retries them). */
export async function pruneDoneJobs(t: Tx, before: string): Promise<void> {
  await t.run(sql`delete from jobs where status = 'done' and finished_at < ${before}`);
}
