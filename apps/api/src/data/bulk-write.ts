/**
 * Bulk loading for the city-scale data set, with what slows a bulk load out of the way while it runs and put back
 * exactly afterwards. The generator hands rows to `insert(table, cols)(…values)` and calls `flush()` between batches;
 * `finish()` rebuilds and checks. One implementation per backend, behind the same interface:
 *
 * SQLite (the writer connection, taken from the Database for the whole load): prepared single-row INSERTs inside
 * large transactions;
 * - the stats triggers (data/stats-sql.ts) are dropped; afterwards the summaries are rebuilt once with
 *   statsRebuildSql() and the triggers recreated from statsTriggerSql() — the very statements
 *   drizzle/sqlite/0002_stats_triggers.sql holds;
 * - the secondary indexes of the big tables are dropped and recreated from their own CREATE INDEX text in
 *   sqlite_master (building an index from sorted data is far faster than millions of random B-tree inserts; unique
 *   indexes re-check their constraint when rebuilt);
 * - foreign keys are off during the load and checked with PRAGMA foreign_key_check afterwards.
 *
 * PostgreSQL (one client, one transaction: a failed load leaves nothing behind): rows are buffered as COPY text and
 * streamed with COPY … FROM STDIN (pg-copy-streams), tens of thousands of rows per round trip;
 * - the stats triggers are disabled (ALTER TABLE … DISABLE TRIGGER), the summaries rebuilt with
 *   statsRebuildSql('postgres') and the triggers enabled again;
 * - the secondary indexes of the big tables are dropped and recreated from pg_indexes' own definitions;
 * - the foreign keys are dropped and added back from pg_get_constraintdef(): adding one validates every row, the
 *   check PRAGMA foreign_key_check is on SQLite;
 * - the identity sequences are set past the ids the load wrote.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Handle } from './database';
import { syncIdentities } from './dialect';
import { PgDatabase, PgHandle } from './postgres';
import { Connection, SqliteDatabase, SqliteHandle } from './sqlite';
import { statsRebuildSql, statsTriggerSql } from './stats-sql';

const BULK_TABLES = [
  'users',
  'worker_profiles',
  'registrations',
  'results',
  'enrolments',
  'attendance',
  'exam_scores',
  'promotions',
  'certificates',
  'training_sessions',
];

export type Value = string | number | null;

export interface BulkWriter {
  /** the load's own connection (inside its transaction on PostgreSQL), for the few reads and updates besides the rows */
  readonly h: Handle;
  readonly counts: Map<string, number>;
  /** A row writer for `table (cols…)`: takes the values in order. */
  insert(table: string, cols: readonly string[]): (...v: Value[]) => void;
  count(table: string): number;
  /**
   * Lets buffered rows go to the database; call between batches (cheap when there is little to send). `all`: every
   * row written so far, before reading or updating them through `h`.
   */
  flush(all?: boolean): Promise<void>;
  /** Writes what is left, rebuilds indexes and summaries, checks foreign keys, ends the load. */
  finish(): Promise<void>;
  /** Ends a failed load (PostgreSQL: rolls everything back). */
  abort(): Promise<void>;
}

/** Takes the database for a bulk load; nothing else writes to it until finish() or abort(). */
export async function openBulkWriter(db: Database, log: (msg: string) => void): Promise<BulkWriter> {
  if (db instanceof SqliteDatabase) {
    const writer = await db.takeWriter();
    const w = new SqliteBulkWriter(writer.conn, writer.release, log);
    w.begin();
    return w;
  }
  if (db instanceof PgDatabase) {
    const w = new PgBulkWriter(await db.pool.connect(), log);
    try {
      await w.begin();
    } catch (e) {
      await w.abort();
      throw e;
    }
    return w;
  }
  throw new Error(`bulk load: no writer for ${db.dialect}`);
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

class SqliteBulkWriter implements BulkWriter {
  readonly h: SqliteHandle;
  readonly counts = new Map<string, number>();
  private readonly stmts = new Map<string, (...v: Value[]) => void>();
  private dropped: { name: string; sql: string }[] = [];
  private pending = 0;

  constructor(
    private readonly c: SqliteHandle['conn'],
    private readonly release: () => void,
    private readonly log: (msg: string) => void,
  ) {
    this.h = new SqliteHandle(new Connection(c));
  }

  insert(table: string, cols: readonly string[]): (...v: Value[]) => void {
    const key = `${table}(${cols.join(',')})`;
    let fn = this.stmts.get(key);
    if (!fn) {
      const st = this.c.prepare(`insert into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`);
      fn = (...v: Value[]) => {
        st.run(v);
        this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
        // keep transactions large but bounded
        if (++this.pending >= 500_000) {
          this.c.exec('commit; begin');
          this.pending = 0;
        }
      };
      this.stmts.set(key, fn);
    }
    return fn;
  }

  count(table: string): number {
    return this.counts.get(table) ?? 0;
  }

  async flush(_all?: boolean): Promise<void> {}

  begin(): void {
    const c = this.c;
    c.pragma('foreign_keys = OFF');
    c.pragma('synchronous = OFF');
    c.pragma('cache_size = -1000000');
    const triggers = c
      .prepare<[], { name: string }>("select name from sqlite_master where type = 'trigger' and name like 'stats\\_%' escape '\\'")
      .all();
    for (const t of triggers) c.exec(`drop trigger ${t.name}`);
    this.dropped = c
      .prepare<[], { name: string; sql: string }>(
        `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BULK_TABLES.map((t) => `'${t}'`).join(', ')})`,
      )
      .all();
    for (const i of this.dropped) c.exec(`drop index ${i.name}`);
    this.log(`bulk load: ${triggers.length} stats triggers and ${this.dropped.length} indexes set aside`);
    c.exec('begin');
  }

  /** Commits, rebuilds indexes and summaries, recreates the triggers, checks foreign keys, restores the settings. */
  async finish(): Promise<void> {
    const c = this.c;
    try {
      c.exec('commit');
      let t = performance.now();
      c.exec('begin');
      for (const i of this.dropped) c.exec(i.sql);
      c.exec('commit');
      this.log(`indexes rebuilt (${this.dropped.length}) in ${seconds(t)}`);
      t = performance.now();
      c.exec('begin');
      for (const s of statsRebuildSql()) c.prepare(s).run();
      for (const s of statsTriggerSql()) c.exec(s);
      c.exec('commit');
      this.log(`annual-report summaries rebuilt and ${statsTriggerSql().length} triggers recreated in ${seconds(t)}`);
      t = performance.now();
      const broken = c.prepare('pragma foreign_key_check').all();
      if (broken.length > 0) throw new Error(`city seed: ${broken.length} foreign-key violations, e.g. ${JSON.stringify(broken[0])}`);
      c.pragma('analysis_limit = 2000');
      c.exec('analyze');
      this.log(`foreign keys checked and statistics gathered in ${seconds(t)}`);
    } finally {
      this.restore();
    }
  }

  async abort(): Promise<void> {
    if (this.c.inTransaction) this.c.exec('rollback');
    this.restore();
  }

  private restore(): void {
    this.c.pragma('foreign_keys = ON');
    this.c.pragma('synchronous = NORMAL');
    this.c.pragma('cache_size = -65536');
    this.release();
  }
}

/** A value in COPY's text format: \N for null, backslash, tab and line breaks escaped. */
function copyText(v: Value): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
}

/** Rows buffered per table and column list until the next flush. */
interface CopyBuffer {
  table: string;
  cols: readonly string[];
  chunks: string[];
  current: string;
  bytes: number;
}

const CHUNK = 1 << 20;
/** a flush sends a buffer once it holds this much (and everything at the end) */
const FLUSH_AT = 8 << 20;

class PgBulkWriter implements BulkWriter {
  readonly h: PgHandle;
  readonly counts = new Map<string, number>();
  private readonly buffers = new Map<string, CopyBuffer>();
  private foreignKeys: { table: string; name: string; def: string }[] = [];
  private indexes: { name: string; def: string }[] = [];
  private triggers: { table: string; name: string }[] = [];

  constructor(
    private readonly client: PgHandle['client'] & { release(): void },
    private readonly log: (msg: string) => void,
  ) {
    this.h = new PgHandle(client);
  }

  insert(table: string, cols: readonly string[]): (...v: Value[]) => void {
    const key = `${table}(${cols.join(',')})`;
    let b = this.buffers.get(key);
    if (!b) {
      b = { table, cols, chunks: [], current: '', bytes: 0 };
      this.buffers.set(key, b);
    }
    const buffer = b;
    return (...v: Value[]) => {
      const line = `${v.map(copyText).join('\t')}\n`;
      buffer.current += line;
      buffer.bytes += line.length;
      if (buffer.current.length >= CHUNK) {
        buffer.chunks.push(buffer.current);
        buffer.current = '';
      }
      this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
    };
  }

  count(table: string): number {
    return this.counts.get(table) ?? 0;
  }

  async flush(all = false): Promise<void> {
    for (const b of this.buffers.values()) {
      if (b.bytes === 0 || (!all && b.bytes < FLUSH_AT)) continue;
      const data = [...b.chunks, b.current];
      b.chunks = [];
      b.current = '';
      b.bytes = 0;
      const stream = this.client.query(copyFrom(`copy ${b.table} (${b.cols.join(', ')}) from stdin`));
      await pipeline(Readable.from(data), stream);
    }
  }

  async begin(): Promise<void> {
    const h = this.h;
    await h.run(sql`begin`);
    this.triggers = await h.all<{ table: string; name: string }>(
      sql`select tgrelid::regclass::text as "table", tgname as "name" from pg_trigger
           where not tgisinternal and tgname like 'stats\_%' and tgenabled <> 'D' order by 1, 2`,
    );
    for (const t of this.triggers) await h.run(sql.raw(`alter table ${t.table} disable trigger ${t.name}`));
    this.foreignKeys = await h.all<{ table: string; name: string; def: string }>(
      sql`select conrelid::regclass::text as "table", conname as "name", pg_get_constraintdef(oid) as "def" from pg_constraint
           where contype = 'f' and connamespace = 'public'::regnamespace order by conrelid::regclass::text, conname`,
    );
    for (const k of this.foreignKeys) await h.run(sql.raw(`alter table ${k.table} drop constraint ${k.name}`));
    this.indexes = await h.all<{ name: string; def: string }>(
      sql`select i.indexname as "name", i.indexdef as "def" from pg_indexes i
           where i.schemaname = 'public' and i.tablename in ${BULK_TABLES}
             and not exists (select 1 from pg_constraint k where k.conname = i.indexname and k.connamespace = 'public'::regnamespace)
           order by i.tablename, i.indexname`,
    );
    for (const i of this.indexes) await h.run(sql.raw(`drop index ${i.name}`));
    this.log(
      `bulk load (COPY): ${this.triggers.length} stats triggers disabled, ${this.foreignKeys.length} foreign keys and ${this.indexes.length} indexes set aside`,
    );
  }

  async finish(): Promise<void> {
    const h = this.h;
    try {
      let t = performance.now();
      await this.flush(true);
      this.log(`last rows sent in ${seconds(t)}`);
      t = performance.now();
      for (const i of this.indexes) await h.run(sql.raw(i.def));
      this.log(`indexes rebuilt (${this.indexes.length}) in ${seconds(t)}`);
      t = performance.now();
      for (const s of statsRebuildSql('postgres')) await h.run(sql.raw(s));
      for (const k of this.triggers) await h.run(sql.raw(`alter table ${k.table} enable trigger ${k.name}`));
      this.log(`annual-report summaries rebuilt and ${this.triggers.length} triggers enabled in ${seconds(t)}`);
      t = performance.now();
      for (const k of this.foreignKeys) await h.run(sql.raw(`alter table ${k.table} add constraint ${k.name} ${k.def}`));
      const numbered = await h.all<{ table: string }>(
        sql`select table_name as "table" from information_schema.columns
             where table_schema = 'public' and column_name = 'id' and is_identity = 'YES' order by 1`,
      );
      await syncIdentities(
        h,
        numbered.map((r) => r.table),
      );
      await h.run(sql`commit`);
      this.log(`foreign keys added back (every row checked) and id sequences set in ${seconds(t)}`);
      t = performance.now();
      await h.run(sql`analyze`);
      this.log(`statistics gathered in ${seconds(t)}`);
    } catch (e) {
      await h.run(sql`rollback`).catch(() => undefined);
      throw e;
    } finally {
      this.client.release();
    }
  }

  async abort(): Promise<void> {
    await this.h.run(sql`rollback`).catch(() => undefined);
    this.client.release();
  }
}
