import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
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

/**
 * Opens SQLite the way engineering-notes.md prescribes: WAL, synchronous=NORMAL, foreign keys on,
 * a busy timeout so several processes can share the file. Writers use `db.transaction(fn).immediate()`.
 */
export function openDatabase(file: string, opts: { migrate?: boolean } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle({ client: sqlite, schema }) as Db;
  if (opts.migrate !== false) migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

/**
 * Runs fn in one BEGIN IMMEDIATE transaction (engineering-notes.md: a deferred read-then-write
 * transaction fails with SQLITE_BUSY under two processes because the busy timeout does not cover a lock upgrade).
 */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

export { schema };
