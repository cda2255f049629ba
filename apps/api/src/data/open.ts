/**
 * Opens the database the configuration names — PostgreSQL when DATABASE_URL is a postgres:// URL, else the SQLite
 * file at DATABASE_PATH — and brings its schema up to date from drizzle/<dialect>/.
 *
 * PostgreSQL nodes may start together: migrations (and whatever the caller runs under `startup`, such as the demo
 * seed and the first admin) happen while one connection holds a row lock on gj_startup_lock, so exactly one node
 * migrates and the others find the work done. A row lock, not an advisory lock, so PostgreSQL-compatible databases
 * without advisory locks work too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './database';
import { PgDatabase, type PgOptions } from './postgres';
import { SqliteDatabase } from './sqlite';
import type { Dialect } from './kit';

/** The repository's drizzle/<dialect> folder, found by walking up from this file (works from src/ and from a dist bundle). */
export function migrationsFolder(dialect: Dialect): string {
  if (process.env.MIGRATIONS_DIR) return path.join(process.env.MIGRATIONS_DIR, dialect);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'drizzle', dialect, 'meta', '_journal.json'))) return path.join(dir, 'drizzle', dialect);
    dir = path.dirname(dir);
  }
  throw new Error(`drizzle/${dialect} migrations folder not found`);
}

export const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//.test(url);

export interface OpenOptions {
  /** postgres://… — wins over `file` when set */
  url?: string;
  /** the SQLite file */
  file: string;
  replicaUrls?: string[];
  poolSize?: number;
  /** false: open without migrating (tools that only read) */
  migrate?: boolean;
  /** runs once the schema is current, under the same start-up lock (demo seed, first admin) */
  startup?: (db: Database) => Promise<void>;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (isPostgresUrl(opts.url)) {
    const db = new PgDatabase(opts.url, { replicaUrls: opts.replicaUrls, poolSize: opts.poolSize } satisfies PgOptions);
    try {
      await underStartupLock(db, async () => {
        if (opts.migrate !== false) await migrate(drizzle({ client: db.pool }), { migrationsFolder: migrationsFolder('postgres') });
        await opts.startup?.(db);
      });
    } catch (e) {
      await db.close();
      throw e;
    }
    return db;
  }
  const db = new SqliteDatabase(opts.file, migrationsFolder('sqlite'), { migrate: opts.migrate });
  await opts.startup?.(db);
  return db;
}

/** Runs fn while holding the start-up row lock (see above). */
async function underStartupLock(db: PgDatabase, fn: () => Promise<void>): Promise<void> {
  const client = await db.pool.connect();
  try {
    // Two nodes creating the table at once can collide on the catalog's unique index: the loser tries again.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query('create table if not exists gj_startup_lock (id integer primary key)');
        await client.query('insert into gj_startup_lock (id) values (1) on conflict do nothing');
        break;
      } catch (e) {
        if (attempt >= 5) throw e;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
    await client.query('begin');
    await client.query('select id from gj_startup_lock where id = 1 for update');
    try {
      await fn();
    } finally {
      await client.query('commit');
    }
  } finally {
    client.release();
  }
}
