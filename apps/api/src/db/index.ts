import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { ensureFolder } from '../lib/files';
import { SwappableConnection } from './connection';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The repository's drizzle/<dialect> folder, found by walking up from this file (works from src/ and from a dist bundle). */
export function migrationsFolder(dialect: 'sqlite' | 'postgres' = 'sqlite'): string {
  if (process.env.MIGRATIONS_DIR) return path.join(process.env.MIGRATIONS_DIR, dialect);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'drizzle', dialect, 'meta', '_journal.json');
    if (fs.existsSync(candidate)) return path.join(dir, 'drizzle', dialect);
    dir = path.dirname(dir);
  }
  throw new Error('drizzle/ migrations folder not found');
}

/** A connection set up the way engineering-notes.md prescribes. */
function connect(file: string, readonly = false): Database.Database {
  const sqlite = new Database(file, { readonly });
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  return sqlite;
}

const connections = new WeakMap<object, SwappableConnection>();

/**
 * Opens SQLite the way engineering-notes.md prescribes: WAL, synchronous=NORMAL, foreign keys on,
 * a busy timeout so several processes can share the file. Writers use `db.transaction(fn).immediate()`.
 * The connection can be replaced later (see `checkWritable`). `readOnlyFirst` opens the first connection
 * read-only — what better-sqlite3 silently does with a file it cannot write (tests of the recovery use it).
 */
export function openDatabase(file: string, opts: { migrate?: boolean; readOnlyFirst?: boolean } = {}): Db {
  if (file !== ':memory:') ensureFolder(path.dirname(file));
  let first = !!opts.readOnlyFirst;
  const connection = new SwappableConnection(() => {
    const readonly = first;
    first = false;
    return connect(file, readonly);
  });
  const db = drizzle({ client: connection.client, schema }) as Db;
  connections.set(db.$client, connection);
  if (opts.migrate !== false && !opts.readOnlyFirst) migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

const PROBE_SQL = `insert into app_meta (key, value) values ('write_probe', ?) on conflict (key) do update set value = excluded.value`;
const RETRY_MS = 1000;
const lastRetry = new WeakMap<SwappableConnection, number>();

/** SQLite refused a write because the connection or the file is read-only. */
const isReadOnly = (e: unknown) => String((e as { code?: unknown })?.code ?? '').startsWith('SQLITE_READONLY');

/** SQLite could not write or read the file just now (read-only, I/O error, disk full, locked too long): a 503, not a bug. */
export function isStorageFailure(e: unknown): boolean {
  const code = String((e as { code?: unknown })?.code ?? '');
  return /^SQLITE_(READONLY|IOERR|FULL|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOLFS)/.test(code);
}

export interface WriteCheck {
  writable: boolean;
  /** why not, e.g. "SQLITE_READONLY: attempt to write a readonly database" */
  problem?: string;
}

/**
 * The write probe: one row of app_meta rewritten and committed, through the live connection. When the
 * connection itself turns out read-only, a new one is opened and, if it can write, takes over — so the
 * server recovers by itself once the file is writable again.
 */
export function checkWritable(db: Db): WriteCheck {
  const connection = connections.get(db.$client);
  const probe = (sqlite: Database.Database) => sqlite.prepare(PROBE_SQL).run(new Date().toISOString());
  try {
    probe(connection?.raw ?? db.$client);
    return { writable: true };
  } catch (e) {
    if (connection && isReadOnly(e) && connection.replace((c) => (probe(c), true))) return { writable: true };
    const err = e as { code?: string; message?: string };
    return { writable: false, problem: `${err.code ?? 'ERROR'}: ${err.message ?? String(e)}` };
  }
}

/** After a request's write failed with SQLITE_READONLY: try a fresh connection (at most once a second). */
export function recoverFromWriteError(db: Db, e: unknown): void {
  const connection = connections.get(db.$client);
  if (!connection || !isReadOnly(e)) return;
  const now = Date.now();
  if (now - (lastRetry.get(connection) ?? 0) < RETRY_MS) return;
  lastRetry.set(connection, now);
  checkWritable(db);
}

/** Whether the demo data set was loaded into this database (set by the seed, never cleared). */
export function hasDemoData(db: Db): boolean {
  return db.$client.prepare(`select 1 from app_meta where key = 'demo_data'`).get() !== undefined;
}

export function markDemoData(db: Db): void {
  db.$client
    .prepare(`insert into app_meta (key, value) values ('demo_data', ?) on conflict (key) do nothing`)
    .run(new Date().toISOString());
}

/**
 * Runs fn in one BEGIN IMMEDIATE transaction (engineering-notes.md: a deferred read-then-write
 * transaction fails with SQLITE_BUSY under two processes because the busy timeout does not cover a lock upgrade).
 */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

export { schema };
