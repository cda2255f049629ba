/**
 * PostgreSQL (DATABASE_URL=postgres://…), through node-postgres and drizzle's pg driver. READ COMMITTED with
 * explicit row locks on each transaction's lock root (`t.lock`: SELECT … FOR UPDATE, ids in order) — no advisory
 * locks, so PostgreSQL-compatible databases that lack them stay possible. The seat counter itself needs no lock: a
 * conditional `UPDATE … WHERE taken < capacity` re-checks its condition on the newest committed row.
 *
 * Values come back as on SQLite: counts (int8) and sums (numeric) as numbers, timestamps as the ISO text they were
 * written as (kit.ts), booleans as booleans, jsonb parsed.
 */
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { driverError, runAfterCommit, type Database, type Handle, type LockRoot, type Orm, type Tx, type WriteCheck } from './database';
import { writeProbe } from './repos/meta';
import { pgTables, type Tables } from './schema';
import { queryOf, type BoundStatement } from './statement';

const sqlDialect = new PgDialect();

const INT8 = 20;
const NUMERIC = 1700;
/** count(*) is int8 and sum() of integers numeric: both fit a JS number at any size this platform meets. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Transaction errors worth running the whole transaction again for. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected
const TX_ATTEMPTS = 3;
/** at most this many transactions share one commit (txGrouped) */
const GROUP_MAX = 64;

type Queryable = pg.Pool | pg.PoolClient;

export class PgHandle implements Handle {
  readonly dialect = 'postgres' as const;
  readonly s: Tables = pgTables;
  readonly orm: Orm;

  constructor(readonly client: Queryable) {
    this.orm = drizzle({ client: client as pg.Pool }) as unknown as Orm;
  }

  /** a statement() runs as a named prepared statement: PostgreSQL parses and plans it once per connection */
  private query(query: SQL | BoundStatement) {
    const { text, params, name } = queryOf(query, 'postgres', sqlDialect);
    return this.client.query(name ? { name, text, values: params } : { text, values: params });
  }

  async all<T>(query: SQL | BoundStatement): Promise<T[]> {
    return (await this.query(query)).rows as T[];
  }

  async get<T>(query: SQL | BoundStatement): Promise<T | undefined> {
    return (await this.all<T>(query))[0];
  }

  async run(query: SQL | BoundStatement): Promise<number> {
    return (await this.query(query)).rowCount ?? 0;
  }
}

const LOCKABLE: Record<LockRoot, string> = {
  events: 'events',
  training_classes: 'training_classes',
  users: 'users',
  organisations: 'organisations',
  contests: 'contests',
};

class PgTx extends PgHandle implements Tx {
  readonly callbacks: (() => unknown)[] = [];

  async lock(table: LockRoot, ids: number | readonly number[]): Promise<void> {
    const list = [...new Set(typeof ids === 'number' ? [ids] : ids)].sort((a, b) => a - b);
    if (!list.length) return;
    // one statement, rows taken in id order: two transactions locking overlapping sets never deadlock
    await this.client.query(`select id from ${LOCKABLE[table]} where id = any($1::int[]) order by id for update`, [list]);
  }

  afterCommit(fn: () => unknown): void {
    this.callbacks.push(fn);
  }
}

/** connections of the report pool when there is no replica */
const REPORT_POOL = 2;

export interface PgOptions {
  /** read replicas for list and report reads (DATABASE_REPLICA_URLS) */
  replicaUrls?: string[];
  poolSize?: number;
}

export class PgDatabase implements Database {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly read: PgHandle;
  readonly report: PgHandle;
  private readonly replicas: pg.Pool[];

  constructor(
    readonly url: string,
    opts: PgOptions = {},
  ) {
    this.pool = new pg.Pool({ connectionString: url, types, max: opts.poolSize ?? 10 });
    this.pool.on('error', (e) => console.error('postgres pool error', e.message));
    this.read = new PgHandle(this.pool);
    this.replicas = (opts.replicaUrls ?? []).map((u) => new pg.Pool({ connectionString: u, types, max: opts.poolSize ?? 10 }));
    // Without a replica, reports get a small pool of their own on the primary: a dashboard's slow read never holds a
    // connection the registrations are waiting for (issue 18: dashboards never slow the rush).
    if (!this.replicas.length) {
      const own = new pg.Pool({ connectionString: url, types, max: REPORT_POOL });
      own.on('error', (e) => console.error('postgres report pool error', e.message));
      this.replicas.push(own);
    }
    this.report = new PgHandle(this.replicas[0]!);
  }

  async tx<T>(fn: (t: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      const t = new PgTx(client);
      let result: T;
      try {
        await client.query('begin');
        result = await fn(t);
        await client.query('commit');
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        client.release();
        if (attempt < TX_ATTEMPTS && RETRYABLE.has(driverError(e)?.code ?? '')) continue;
        throw e;
      }
      client.release();
      if (t.callbacks.length) await runAfterCommit(t.callbacks);
      return result;
    }
  }

  private readonly group: { fn: (t: Tx) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private groupScheduled = false;
  private groupRunning = false;
  /** grouped transactions committed and the COMMITs that carried them (the bench reports the ratio) */
  readonly commits = { transactions: 0, commits: 0 };

  txGrouped<T>(fn: (t: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.group.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.scheduleGroup();
    });
  }

  /**
   * One group at a time per process: while it runs (most of it the commit's wait for the disk), the transactions
   * arriving meanwhile gather for the next one — the busier the process, the larger its groups.
   */
  private scheduleGroup() {
    if (this.groupScheduled || this.groupRunning || !this.group.length) return;
    this.groupScheduled = true;
    setImmediate(() => {
      this.groupScheduled = false;
      this.groupRunning = true;
      void this.runGroup().finally(() => {
        this.groupRunning = false;
        this.scheduleGroup();
      });
    });
  }

  /** The transactions gathered: one BEGIN … COMMIT for all, or each alone after a failure. */
  private async runGroup() {
    const members = this.group.splice(0, GROUP_MAX);
    const alone = (m: (typeof members)[number]) =>
      this.tx(m.fn).then((v) => {
        this.commits.transactions += 1;
        this.commits.commits += 1;
        m.resolve(v);
      }, m.reject);
    if (members.length === 1) return void (await alone(members[0]!));
    const client = await this.pool.connect();
    const done: { value: unknown; t: PgTx }[] = [];
    try {
      await client.query('begin');
      for (const m of members) {
        const t = new PgTx(client);
        done.push({ value: await m.fn(t), t });
      }
      await client.query('commit');
    } catch {
      await client.query('rollback').catch(() => undefined);
      client.release();
      // nothing of the batch was committed: each runs again in a transaction of its own, with its own outcome
      await Promise.all(members.map(alone));
      return;
    }
    client.release();
    this.commits.transactions += members.length;
    this.commits.commits += 1;
    members.forEach((m, i) => m.resolve(done[i]!.value));
    for (const { t } of done) if (t.callbacks.length) await runAfterCommit(t.callbacks);
  }

  uniqueViolation(e: unknown): string | null {
    const err = driverError(e);
    return err?.code === '23505' ? (err.constraint ?? null) : null;
  }

  async checkWritable(): Promise<WriteCheck> {
    try {
      await this.tx((t) => writeProbe(t));
      return { writable: true };
    } catch (e) {
      const err = driverError(e);
      return { writable: false, problem: `${err?.code ?? 'ERROR'}: ${err?.message ?? String(e)}` };
    }
  }

  /**
   * Unreachable or refusing writes just now: connection failures (08…, ECONNREFUSED, a timeout), shutdown (57P…),
   * insufficient resources (53…: disk full, out of memory, too many connections), a read-only server (25006).
   */
  isStorageFailure(e: unknown): boolean {
    const code = driverError(e)?.code ?? '';
    return /^(08|53|57P)/.test(code) || code === '25006' || /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE)$/.test(code);
  }

  /** The pool replaces broken connections by itself. */
  recoverFrom(_e: unknown): void {}

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), ...this.replicas.map((r) => r.end())]);
  }
}
