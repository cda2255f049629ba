/**
 * The database a test runs on: a fresh SQLite file (the default), or — with GJ_TEST_BACKEND=postgres — a fresh
 * PostgreSQL database copied from a migrated template (pg-template.ts makes it once per run), so the whole API suite
 * runs on both backends through the same code path as production.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/data/database';
import { openDatabase } from '../../src/data/open';

export const TEST_BACKEND: 'sqlite' | 'postgres' = process.env.GJ_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
/** a role allowed to create databases, on the server the PostgreSQL run uses */
export const PG_ADMIN_URL = process.env.GJ_TEST_PG_URL ?? 'postgres://gj:gj@127.0.0.1:5432/postgres';
export const PG_TEMPLATE = process.env.GJ_TEST_PG_TEMPLATE ?? 'gj_test_template';

export function pgUrlFor(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function pgAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  db: Database;
  /** the SQLite file (also set on PostgreSQL: the folder beside it holds the run's other files) */
  file: string;
  /** postgres://… on PostgreSQL */
  url?: string;
  dispose(): Promise<void>;
}

/** A fresh, migrated database of the run's backend. */
export async function freshDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-test-'));
  const file = path.join(dir, 'test.db');
  if (TEST_BACKEND === 'sqlite') {
    const db = await openDatabase({ file });
    return {
      db,
      file,
      async dispose() {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `gj_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await pgAdmin(async (c) => {
    // copying a template fails while another copy of it is starting: try again shortly
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`create database ${name} template ${PG_TEMPLATE}`);
        return;
      } catch (e) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  const url = pgUrlFor(name);
  const db = await openDatabase({ url, file, poolSize: 4 });
  return {
    db,
    file,
    url,
    async dispose() {
      await db.close();
      await pgAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
