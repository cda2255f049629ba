/**
 * The embedded default: one SQLite file in WAL mode (engineering-notes.md). Two connections:
 * - the writer, used only inside `tx()`: transactions run one at a time through a FIFO mutex, so none interleaves
 *   with another across an await, and each starts with BEGIN IMMEDIATE (a deferred read-then-write transaction fails
 *   with SQLITE_BUSY under two processes: the busy timeout does not cover a lock upgrade);
 * - the reader (query_only), for everything outside a transaction: it sees the last commit, never a transaction in
 *   flight.
 * Raw statements are prepared once and cached by their text (the query builder per request is 2.9× slower).
 *
 * Group commit: the transactions that arrive in one turn of the event loop share one BEGIN IMMEDIATE … COMMIT. Each runs
 * in a SAVEPOINT of its own, one after another, as before (a failure rolls back only its own savepoint, and only its own
 * caller sees the error); the batch commits when nobody else is waiting, at the latest after MAX_BATCH transactions, and
 * only then does any of them resolve — no answer is sent before its commit (a kill -9 loses nothing acknowledged). If
 * the COMMIT itself fails, every transaction of the batch fails. The commit is the dearest part of a small write
 * (the WAL frames of every page touched, and now and then a checkpoint): a rush of registrations shares it.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { getTableConfig, SQLiteSyncDialect, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  bindable,
  driverError,
  runAfterCommit,
  type Database,
  type Handle,
  type LockRoot,
  type Orm,
  type Tx,
  type WriteCheck,
} from './database';
import { ensureFolder } from '../lib/files';
import { writeProbe } from './repos/meta';
import { sqliteTables, type Tables } from './schema';
import { SqliteReportHandle } from './sqlite-report';
import { Checkpointer, FALLBACK_PAGES } from './sqlite-checkpoint';
import { queryOf, type BoundStatement } from './statement';

const sqlDialect = new SQLiteSyncDialect();
const STATEMENT_CACHE = 1000;

/** FIFO mutex: one writing transaction at a time on the writer connection. */
class Mutex {
  private locked = false;
  private readonly waiting: (() => void)[] = [];

  async acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.locked = false;
  }
}

/** at most this many transactions share one commit */
const MAX_BATCH = 256;

/** the open group commit: BEGIN IMMEDIATE has run, these transactions have finished their savepoints */
interface Batch {
  done: { resolve: () => void; reject: (e: unknown) => void }[];
}

/** A connection with its query builder and its statement cache, shared by every handle on it. */
export class Connection {
  readonly orm: Orm;
  readonly statements = new Map<string, BetterSqlite3.Statement>();
  constructor(readonly conn: BetterSqlite3.Database) {
    this.orm = drizzle({ client: conn }) as unknown as Orm;
  }
}

export class SqliteHandle implements Handle {
  readonly dialect = 'sqlite' as const;
  readonly s: Tables = sqliteTables;
  readonly orm: Orm;
  readonly conn: BetterSqlite3.Database;
  private readonly statements: Map<string, BetterSqlite3.Statement>;

  constructor(c: Connection) {
    this.conn = c.conn;
    this.orm = c.orm;
    this.statements = c.statements;
  }

  private prepared(query: SQL | BoundStatement): [BetterSqlite3.Statement, unknown[]] {
    const { text, params } = queryOf(query, 'sqlite', sqlDialect);
    let st = this.statements.get(text);
    if (!st) {
      if (this.statements.size >= STATEMENT_CACHE) this.statements.clear();
      st = this.conn.prepare(text);
      this.statements.set(text, st);
    }
    return [st, params.map(bindable)];
  }

  async all<T>(query: SQL | BoundStatement): Promise<T[]> {
    const [st, params] = this.prepared(query);
    return st.all(...params) as T[];
  }

  async get<T>(query: SQL | BoundStatement): Promise<T | undefined> {
    const [st, params] = this.prepared(query);
    return st.get(...params) as T | undefined;
  }

  async run(query: SQL | BoundStatement): Promise<number> {
    const [st, params] = this.prepared(query);
    return st.run(...params).changes;
  }
}

class SqliteTx extends SqliteHandle implements Tx {
  readonly callbacks: (() => unknown)[] = [];
  // BEGIN IMMEDIATE took the database's write lock: every row is locked already.
  async lock(_table: LockRoot, _ids: number | readonly number[]): Promise<void> {}
  afterCommit(fn: () => unknown): void {
    this.callbacks.push(fn);
  }
}

/** unique index name by "table.col1, table.col2", the way SQLite names a violated index in its message */
function uniqueIndexNames(tables: Tables): Map<string, string> {
  const names = new Map<string, string>();
  for (const table of Object.values(tables)) {
    const config = getTableConfig(table as unknown as SQLiteTable);
    for (const index of config.indexes) {
      if (!index.config.unique) continue;
      const cols = index.config.columns.map((c) => `${config.name}.${(c as { name: string }).name}`).join(', ');
      names.set(cols, index.config.name);
    }
  }
  return names;
}

export interface SqliteOptions {
  migrate?: boolean;
  /** open the writer read-only, as better-sqlite3 silently does with a file it cannot write (tests of the recovery) */
  readOnlyFirst?: boolean;
  /** both connections read-only, the file left exactly as it is (no WAL switch, no migration): inspecting a copy */
  readOnly?: boolean;
}

const RECOVERY_MS = 1000;
const PROBE_SQL = `insert into app_meta (key, value) values ('write_probe', ?) on conflict (key) do update set value = excluded.value`;
/** SQLite refused a write because the connection or the file is read-only. */
const isReadOnly = (e: unknown) => (driverError(e)?.code ?? '').startsWith('SQLITE_READONLY');

export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  readonly read: SqliteHandle;
  /** report and export reads: a worker thread's own connection (./sqlite-report.ts), off the request loop */
  readonly report: Handle;
  private writer!: Connection;
  private begin!: BetterSqlite3.Statement;
  private commit!: BetterSqlite3.Statement;
  private rollback!: BetterSqlite3.Statement;
  private savepoint!: BetterSqlite3.Statement;
  private releaseSavepoint!: BetterSqlite3.Statement;
  private rollbackSavepoint!: BetterSqlite3.Statement;
  private readonly mutex = new Mutex();
  private batch: Batch | null = null;
  private flushScheduled = false;
  /** transactions committed and the COMMITs that carried them (group commit: the bench reports the ratio) */
  readonly commits = { transactions: 0, commits: 0 };
  private readonly uniqueNames = uniqueIndexNames(sqliteTables);
  private lastRecovery = 0;
  private readonly checkpointer?: Checkpointer;

  constructor(
    readonly file: string,
    migrationsFolder: string,
    opts: SqliteOptions = {},
  ) {
    // not mkdirSync(…, {recursive: true}): under /proc it retries ENOENT forever (lib/files.ts)
    if (file !== ':memory:') ensureFolder(path.dirname(path.resolve(file)));
    const writer = openConnection(file, { readOnly: opts.readOnlyFirst || opts.readOnly });
    if (opts.migrate !== false && !opts.readOnlyFirst && !opts.readOnly) migrate(drizzle({ client: writer }), { migrationsFolder });
    // checkpoints in a thread of their own (sqlite-checkpoint.ts), not inside a COMMIT on the request loop
    if (file !== ':memory:' && !opts.readOnly && !opts.readOnlyFirst) this.checkpointer = new Checkpointer(file);
    this.useWriter(writer);
    // A second connection for reads; an in-memory database exists only on its one connection.
    this.read =
      file === ':memory:'
        ? new SqliteHandle(this.writer)
        : new SqliteHandle(new Connection(openConnection(file, { queryOnly: true, readOnly: opts.readOnly })));
    this.report = file === ':memory:' ? this.read : new SqliteReportHandle(file);
  }

  private useWriter(conn: BetterSqlite3.Database) {
    this.writer = new Connection(conn);
    // with the checkpoint thread, the writer's own automatic checkpoint is only a bound on the WAL
    if (this.checkpointer && !conn.readonly) conn.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
    this.begin = conn.prepare('BEGIN IMMEDIATE');
    this.commit = conn.prepare('COMMIT');
    this.rollback = conn.prepare('ROLLBACK');
    this.savepoint = conn.prepare('SAVEPOINT tx');
    this.releaseSavepoint = conn.prepare('RELEASE tx');
    this.rollbackSavepoint = conn.prepare('ROLLBACK TO tx');
  }

  async tx<T>(fn: (t: Tx) => Promise<T>): Promise<T> {
    await this.mutex.acquire();
    const t = new SqliteTx(this.writer);
    const conn = this.writer.conn;
    let result: T;
    let committed: Promise<void>;
    try {
      if (!this.batch) {
        this.begin.run();
        this.batch = { done: [] };
      }
      const batch = this.batch;
      this.savepoint.run();
      try {
        result = await fn(t);
        this.releaseSavepoint.run();
      } catch (e) {
        if (conn.inTransaction) {
          this.rollbackSavepoint.run();
          this.releaseSavepoint.run();
        } else this.failBatch(e); // SQLite rolled the whole transaction back (disk full, I/O error): the batch is lost
        throw e;
      }
      committed = new Promise<void>((resolve, reject) => batch.done.push({ resolve, reject }));
      if (batch.done.length >= MAX_BATCH) this.commitBatch();
    } finally {
      if (this.batch) this.scheduleFlush();
      this.mutex.release();
    }
    await committed;
    if (t.callbacks.length) await runAfterCommit(t.callbacks);
    return result;
  }

  /** every transaction here shares its commit with the others of its event-loop turn */
  txGrouped<T>(fn: (t: Tx) => Promise<T>): Promise<T> {
    return this.tx(fn);
  }

  /** Commits the open batch once the transactions queued now have joined it (FIFO: they are ahead of the flush). */
  private scheduleFlush() {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush() {
    if (!this.batch) return;
    await this.mutex.acquire();
    try {
      this.commitBatch();
    } finally {
      this.mutex.release();
    }
  }

  /** COMMIT, then every transaction of the batch resolves; if the commit fails, every one of them fails. Under the mutex. */
  private commitBatch() {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    try {
      this.commit.run();
    } catch (e) {
      if (this.writer.conn.inTransaction) this.rollback.run();
      for (const d of batch.done) d.reject(e);
      return;
    }
    this.commits.commits += 1;
    this.commits.transactions += batch.done.length;
    for (const d of batch.done) d.resolve();
  }

  private failBatch(e: unknown) {
    const batch = this.batch;
    this.batch = null;
    for (const d of batch?.done ?? []) d.reject(e);
  }

  /**
   * The writer connection itself, for a bulk load (the city-scale seed: pragmas, prepared statements, transactions of
   * its own); no transaction runs until release().
   */
  async takeWriter(): Promise<{ conn: BetterSqlite3.Database; release: () => void }> {
    await this.mutex.acquire();
    this.commitBatch();
    return { conn: this.writer.conn, release: () => this.mutex.release() };
  }

  uniqueViolation(e: unknown): string | null {
    const err = driverError(e);
    if (err?.code !== 'SQLITE_CONSTRAINT_UNIQUE') return null;
    const cols = /UNIQUE constraint failed: (.+)$/.exec(err.message)?.[1];
    return (cols && this.uniqueNames.get(cols)) ?? null;
  }

  async checkWritable(): Promise<WriteCheck> {
    try {
      await this.tx((t) => writeProbe(t));
      return { writable: true };
    } catch (e) {
      if (isReadOnly(e) && (await this.reopenWriter())) return { writable: true };
      const err = driverError(e);
      return { writable: false, problem: `${err?.code ?? 'ERROR'}: ${err?.message ?? String(e)}` };
    }
  }

  isStorageFailure(e: unknown): boolean {
    return /^SQLITE_(READONLY|IOERR|FULL|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOLFS)/.test(driverError(e)?.code ?? '');
  }

  recoverFrom(e: unknown): void {
    if (!isReadOnly(e) || Date.now() - this.lastRecovery < RECOVERY_MS) return;
    this.lastRecovery = Date.now();
    void this.checkWritable();
  }

  /**
   * better-sqlite3 opens a file it cannot write read-only, without an error, and the connection stays read-only after
   * the file becomes writable (engineering-notes.md): the only cure is a new connection. It replaces the writer between
   * transactions (under the mutex) once it has proved it can write.
   */
  private async reopenWriter(): Promise<boolean> {
    await this.mutex.acquire();
    try {
      this.commitBatch();
      let next: BetterSqlite3.Database;
      try {
        next = openConnection(this.file);
      } catch {
        return false;
      }
      try {
        next.prepare(PROBE_SQL).run(new Date().toISOString());
      } catch {
        next.close();
        return false;
      }
      const old = this.writer.conn;
      this.useWriter(next);
      if (this.read.conn !== old) old.close();
      return true;
    } finally {
      this.mutex.release();
    }
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.report instanceof SqliteReportHandle) await this.report.close();
    await this.checkpointer?.close();
    if (this.read.conn !== this.writer.conn) this.read.conn.close();
    this.writer.conn.close();
  }
}

/** WAL, synchronous=NORMAL, foreign keys on, a busy timeout so several processes can share the file. */
export function openConnection(file: string, opts: { queryOnly?: boolean; readOnly?: boolean } = {}): BetterSqlite3.Database {
  const conn = new BetterSqlite3(file, { readonly: !!opts.readOnly });
  if (!opts.readOnly) conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  conn.pragma('cache_size = -65536');
  conn.pragma('temp_store = MEMORY');
  if (opts.queryOnly) conn.pragma('query_only = ON');
  return conn;
}
