import type { FastifyBaseLogger } from 'fastify';
import type { Database, Tx } from '../data/database';
import { claimJobs, failJob, finishJob, hasDueJobs, insertJob, jobCounts, jobsIn, pruneDoneJobs, retryFailedJob, type JobRow } from '../data/repos/jobs';

/** What a job handler gets: its payload, the database (the handler opens its own transactions) and the claim's clock. */
export interface JobContext {
  db: Database;
  now: Date;
  job: JobRow;
}
export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** a job with the same key already enqueued (at any time, in any state) makes this one a no-op */
  dedupeKey?: string;
  /** not before (default: now) */
  runAt?: Date;
  /** runs before the job is marked failed (default 5: over about 2.5 minutes of backoff) */
  maxAttempts?: number;
}

/** How long a claim holds a job before another process may take it over (its process is assumed dead). */
export const LEASE_MS = 60_000;
/** The first retry's delay; each further one doubles it, up to an hour. */
export const BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 3_600_000;
const PERIODIC_MS = 10 * 60 * 1000;
/** Jobs claimed per round. */
const BATCH = 20;
/** Finished jobs are kept a week for the admin's counts and for looking into a complaint. */
const KEEP_DONE_MS = 7 * 24 * 3600 * 1000;

/** The delay before retry `attempt + 1` after attempt `attempt` (1-based) failed: 5 s, 10 s, 20 s … capped at an hour. */
export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_MS * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS);
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Enqueues a job INSIDE the caller's transaction (the transactional outbox): the row commits with the change or not at
 * all, and is run later, outside it, by the worker loop of any API process. Never send anything inside a transaction.
 */
export async function enqueue(t: Tx, kind: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<void> {
  const now = new Date();
  await insertJob(
    t,
    {
      kind,
      payload,
      dedupeKey: opts.dedupeKey ?? null,
      runAt: (opts.runAt ?? now).toISOString(),
      maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    },
    now.toISOString(),
  );
}

/**
 * The durable job queue (schema/jobs.ts): handlers by kind, and the worker loop every API process runs (JOBS_POLL_MS).
 * A job is claimed under a lease by one process at a time (repos/jobs.ts claimJobs), run outside any change's
 * transaction, then marked done; a failure retries with exponential backoff until its attempts are spent, then it is
 * `failed` with its last error, visible to admins (GET /api/admin/jobs) until one retries it. Delivery is at least
 * once: handlers are idempotent (notifications: a unique dedupe key; SMS: a job of their own, enqueued once).
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  on(kind: string, handler: JobHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  /**
   * Claims and runs the jobs due at `now` until none is left (or `rounds` rounds ran); returns how many ran. Tests call it
   * to drain the queue; the loop calls it every JOBS_POLL_MS. Rounds of one process never overlap.
   */
  runDue(now?: Date, rounds = 50): Promise<number> {
    if (this.running) return this.running.then(() => this.runDue(now, rounds));
    this.running = this.drain(now, rounds).finally(() => (this.running = null));
    return this.running;
  }

  private async drain(fixed: Date | undefined, rounds: number): Promise<number> {
    let ran = 0;
    for (let i = 0; i < rounds && !this.stopped; i++) {
      const now = fixed ?? new Date();
      // on SQLite an idle loop only reads: the claim takes the one write lock only when there is something to claim
      if (this.db.dialect === 'sqlite' && !(await hasDueJobs(this.db.read, now.toISOString()))) break;
      const jobs = await this.db.tx((t) => claimJobs(t, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString(), BATCH));
      if (!jobs.length) break;
      for (const job of jobs) await this.runOne(job, now);
      ran += jobs.length;
    }
    return ran;
  }

  private async runOne(job: JobRow, now: Date): Promise<void> {
    try {
      const handler = this.handlers.get(job.kind);
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job.payload, { db: this.db, now, job });
      await this.db.tx((t) => finishJob(t, job.id, job.attempts, new Date().toISOString()));
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const last = job.attempts >= job.maxAttempts;
      const retryAt = last ? null : new Date(now.getTime() + backoffMs(job.attempts)).toISOString();
      this.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, err: e }, last ? 'job failed for good' : 'job failed, will retry');
      try {
        await this.db.tx((t) => failJob(t, job.id, job.attempts, error.slice(0, 2000), retryAt, new Date().toISOString()));
      } catch (err) {
        // the lease runs out and another round takes the job again
        this.log.warn({ err, jobId: job.id }, 'could not record a job failure');
      }
    }
  }

  /**
   * Starts this process's worker loop (app onReady); `pollMs` 0 starts none. `periodic` tasks (enqueueing the daily
   * reminder scan) run at start and every 10 minutes.
   */
  start(pollMs: number, periodic: (() => Promise<void>)[] = []): void {
    if (!pollMs || this.timer) return;
    this.stopped = false;
    let nextPeriodic = 0;
    this.timer = setInterval(() => {
      if (this.running) return;
      const round = async () => {
        if (Date.now() >= nextPeriodic) {
          nextPeriodic = Date.now() + PERIODIC_MS;
          for (const task of periodic) await task();
        }
        await this.runDue();
      };
      round().catch((err: unknown) => this.log.warn({ err }, 'job loop: a round failed'));
    }, pollMs);
    this.timer.unref();
  }

  /** Stops the loop and waits for the round in flight (app onClose). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** GET /api/admin/jobs: counts by state, the newest failed and pending jobs. */
  async overview(limit = 50) {
    const counts = await jobCounts(this.db.read);
    const view = (j: JobRow) => ({
      id: j.id,
      kind: j.kind,
      status: j.status,
      attempts: j.attempts,
      maxAttempts: j.maxAttempts,
      runAt: j.runAt,
      lastError: j.lastError,
      createdAt: j.createdAt,
      updatedAt: j.updatedAt,
    });
    return {
      counts,
      failed: (await jobsIn(this.db.read, 'failed', limit)).map(view),
      pending: (await jobsIn(this.db.read, 'pending', limit)).map(view),
    };
  }

  /** POST /api/admin/jobs/:id/retry: a failed job runs again with fresh attempts; false when it is not failed. */
  retry(id: number): Promise<boolean> {
    return this.db.tx((t) => retryFailedJob(t, id, new Date().toISOString()));
  }

  /** Housekeeping: finished jobs older than a week go. */
  async prune(): Promise<void> {
    await this.db.tx((t) => pruneDoneJobs(t, new Date(Date.now() - KEEP_DONE_MS).toISOString()));
  }
}
