/**
 * The data layer's one interface (conventions.md § Boundaries): repositories receive a `Handle` — the read
 * connection, or the transaction they run in — and nothing above them knows the driver. Two implementations:
 * ./sqlite.ts (the embedded default) and ./postgres.ts (DATABASE_URL=postgres://…).
 *
 * Transactions are `db.tx(async (t) => …)`. Every writing transaction names its lock root first (`t.lock('events',
 * id)`: the event for seats, the worker for promotions, several rows in id order): on PostgreSQL that is
 * SELECT … FOR UPDATE under READ COMMITTED; on SQLite the transaction already holds the database's one write lock
 * (BEGIN IMMEDIATE), and one writer connection runs one transaction at a time, never interleaved across an await.
 */
import type { SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { Dialect } from './kit';
import type { Tables } from './schema';
import type { BoundStatement } from './statement';

export type { Dialect };

/**
 * drizzle's query builder on a connection. Its static type is the SQLite one (see kit.ts); on PostgreSQL the same
 * calls build PostgreSQL SQL. Always `await` a query (never `.get()`/`.all()`/`.run()`: SQLite-only).
 */
export type Orm = BetterSQLite3Database<Record<string, never>>;

/** Tables whose rows are lock roots. */
export type LockRoot = 'events' | 'training_classes' | 'users' | 'organisations' | 'contests';

export interface Handle {
  readonly dialect: Dialect;
  /** the tables, built for this handle's dialect */
  readonly s: Tables;
  readonly orm: Orm;
  /**
   * rows of a raw query, or of a statement() with its values (./statement.ts: its text made once); on SQLite the
   * statement is prepared once and cached by its text, on PostgreSQL a statement() is a named prepared statement
   */
  all<T = Record<string, unknown>>(query: SQL | BoundStatement): Promise<T[]>;
  get<T = Record<string, unknown>>(query: SQL | BoundStatement): Promise<T | undefined>;
  /** runs a statement; resolves to the number of rows it changed */
  run(query: SQL | BoundStatement): Promise<number>;
}

export interface Tx extends Handle {
  /** Locks rows of a lock-root table for the rest of the transaction, in id order (one or several ids). */
  lock(table: LockRoot, ids: number | readonly number[]): Promise<void>;
  /** Runs fn once the transaction has committed (never when it rolls back); its errors are logged, not thrown. */
  afterCommit(fn: () => unknown): void;
}

export interface Database {
  readonly dialect: Dialect;
  /** reads outside any transaction: on SQLite a connection of its own, on PostgreSQL the pool (or a replica) */
  readonly read: Handle;
  /** reads for reports and exports, off the primary when there is a replica */
  readonly report: Handle;
  tx<T>(fn: (t: Tx) => Promise<T>): Promise<T>;
  /**
   * A transaction that may share its COMMIT with others arriving at the same moment (group commit), for the hot
   * paths of a rush: resolves only after that commit, as tx() does. On SQLite every transaction already does
   * (sqlite.ts). On PostgreSQL the ones of one event-loop turn run one after another in one transaction on one
   * connection — a commit waits for the WAL to reach the disk (~2.6 ms here) while the event row stays locked; if any
   * of them fails, the batch rolls back and each runs again alone, so every caller gets its own outcome. `fn` must be
   * safe to run twice (it only writes through `t`).
   */
  txGrouped<T>(fn: (t: Tx) => Promise<T>): Promise<T>;
  /** transactions committed and the COMMITs that carried them, where commits are shared (the rush bench's ratio) */
  readonly commits?: { readonly transactions: number; readonly commits: number };
  /** the name of the unique index a failed insert or update ran into, or null when the error is something else */
  uniqueViolation(e: unknown): string | null;
  /** commits a one-row write probe: can the database be written right now? (GET /api/health, start-up) */
  checkWritable(): Promise<WriteCheck>;
  /** the database could not be written or read just now (read-only, full, unreachable…): a 503, not a bug */
  isStorageFailure(e: unknown): boolean;
  /** after such a failure: try to get back a working connection (at most once a second) */
  recoverFrom(e: unknown): void;
  close(): Promise<void>;
}

export interface WriteCheck {
  writable: boolean;
  /** why not, e.g. "SQLITE_READONLY: attempt to write a readonly database" */
  problem?: string;
}

export function isUniqueViolation(db: Pick<Database, 'uniqueViolation'>, e: unknown, index: string): boolean {
  return db.uniqueViolation(e) === index;
}

/** The driver's own error: drizzle wraps a failed builder query in a DrizzleQueryError whose cause it is. */
export function driverError(e: unknown): (Error & { code?: string; constraint?: string }) | null {
  const cause = (e as { cause?: unknown } | null)?.cause;
  const root = cause instanceof Error ? cause : e;
  return root instanceof Error ? root : null;
}

/** A JSON column read through raw SQL: text on SQLite, already parsed (jsonb) on PostgreSQL. */
export function jsonValue<T>(v: unknown): T | null {
  if (v == null) return null;
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null: booleans become 1/0, Dates ISO text. */
export function bindable(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  if (v === undefined) return null;
  return v;
}

/** Runs the after-commit callbacks of a finished transaction; a failure is logged and never undoes the commit. */
export async function runAfterCommit(callbacks: (() => unknown)[]): Promise<void> {
  for (const fn of callbacks) {
    try {
      await fn();
    } catch (e) {
      console.error('after-commit callback failed', e);
    }
  }
}
