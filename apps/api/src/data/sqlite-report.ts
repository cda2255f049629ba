/**
 * Report reads on SQLite off the request loop (issue 18: dashboards never slow the rush). better-sqlite3 is
 * synchronous: a city-wide annual report (~70 ms) run on the main thread stops every other request for that long.
 * This handle sends each query to a worker thread with its own read-only connection to the file and awaits the rows,
 * so the event loop keeps serving registrations while a report is being read. It reads the last commit, as the read
 * connection does (WAL readers never block the writer, nor it them).
 *
 * The worker is plain JavaScript evaluated in the thread (no TypeScript loader there, built or not); it loads the
 * same better-sqlite3 the app resolved. Statements are prepared once per text, as on the other connections.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { bindable, type Handle, type Orm } from './database';
import { sqliteTables, type Tables } from './schema';
import { queryOf, type BoundStatement } from './statement';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const conn = new Database(workerData.file, { readonly: true, fileMustExist: true });
conn.pragma('busy_timeout = 5000');
conn.pragma('cache_size = -65536');
conn.pragma('temp_store = MEMORY');
const statements = new Map();
// params arrive bound already (database.ts bindable, on the main thread)
parentPort.on('message', ({ id, text, params, mode }) => {
  try {
    let st = statements.get(text);
    if (!st) {
      if (statements.size >= 1000) statements.clear();
      st = conn.prepare(text);
      statements.set(text, st);
    }
    let rows;
    if (mode === 'all') rows = st.raw(false).all(...params);
    else if (mode === 'get') rows = st.raw(false).get(...params);
    else if (mode === 'raw-all') rows = st.raw(true).all(...params);
    else rows = st.raw(true).get(...params);
    parentPort.postMessage({ id, rows });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: String(e && e.message), code: e && e.code } });
  }
});
`;

type Mode = 'all' | 'get' | 'raw-all' | 'raw-get';
const dialect = new SQLiteSyncDialect();

export class SqliteReportHandle implements Handle {
  readonly dialect = 'sqlite' as const;
  readonly s: Tables = sqliteTables;
  readonly orm: Orm;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (rows: unknown) => void; reject: (e: unknown) => void }>();
  private next = 1;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { file, driver } });
    // an idle report worker never keeps the process alive
    this.worker.unref();
    this.worker.on('message', (m: { id: number; rows?: unknown; error?: { message: string; code?: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p.resolve(m.rows);
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`the report reader stopped (exit ${code})`)));
    // drizzle's query builder on the worker: it asks for rows as arrays ('all', 'values') or one row as an array ('get')
    this.orm = drizzle(async (text, params, method) => {
      if (method === 'run') throw new Error('the report connection only reads');
      return { rows: (await this.call(text, params, method === 'get' ? 'raw-get' : 'raw-all')) as unknown[] };
    }) as unknown as Orm;
  }

  private call(text: string, params: unknown[], mode: Mode): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref(); // keep the process up while a read is under way
      this.worker.postMessage({ id, text, params: params.map(bindable), mode });
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  private failAll(e: unknown) {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  async all<T>(query: SQL | BoundStatement): Promise<T[]> {
    const { text, params } = queryOf(query, 'sqlite', dialect);
    return (await this.call(text, params, 'all')) as T[];
  }

  async get<T>(query: SQL | BoundStatement): Promise<T | undefined> {
    const { text, params } = queryOf(query, 'sqlite', dialect);
    return (await this.call(text, params, 'get')) as T | undefined;
  }

  async run(): Promise<number> {
    throw new Error('the report connection only reads');
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
