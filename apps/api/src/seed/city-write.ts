/**
 * Bulk loading for the city-scale data set: prepared single-row INSERTs inside large transactions,
 * with what slows a bulk load out of the way while it runs and put back exactly afterwards:
 *
 * - the stats triggers (services/stats-sql.ts) are dropped; afterwards the summaries are rebuilt
 *   once with statsRebuildSql() and the triggers recreated from statsTriggerSql() — the very
 *   statements drizzle/sqlite/0002_stats_triggers.sql holds;
 * - the secondary indexes of the big tables are dropped and recreated from their own CREATE INDEX
 *   text in sqlite_master (building an index from sorted data is far faster than millions of
 *   random B-tree inserts; unique indexes re-check their constraint when rebuilt);
 * - foreign keys are off during the load and checked with PRAGMA foreign_key_check afterwards;
 * - the rollback journal is off (a failed generation leaves a file to delete, nothing else).
 */
import type { Db } from '../db';
import { statsRebuildSql, statsTriggerSql } from '../data/stats-sql';

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

type Value = string | number | null;

export class BulkWriter {
  private readonly c;
  private readonly stmts = new Map<string, (...v: Value[]) => void>();
  readonly counts = new Map<string, number>();
  private dropped: { name: string; sql: string }[] = [];
  private pending = 0;

  constructor(
    db: Db,
    private readonly log: (msg: string) => void,
  ) {
    this.c = db.$client;
  }

  /** A cached prepared INSERT for `table (cols…)`; returns a function taking the values in order. */
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

  begin(): void {
    const c = this.c;
    c.pragma('foreign_keys = OFF');
    c.pragma('journal_mode = OFF');
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

  /** Commits, rebuilds indexes and summaries, recreates the triggers, checks foreign keys, restores WAL. */
  finish(): void {
    const c = this.c;
    c.exec('commit');
    let t = performance.now();
    c.exec('begin');
    for (const i of this.dropped) c.exec(i.sql);
    c.exec('commit');
    this.log(`indexes rebuilt (${this.dropped.length}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    c.exec('begin');
    for (const s of statsRebuildSql()) c.prepare(s).run();
    for (const s of statsTriggerSql()) c.exec(s);
    c.exec('commit');
    this.log(
      `annual-report summaries rebuilt and ${statsTriggerSql().length} triggers recreated in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    t = performance.now();
    const broken = c.prepare('pragma foreign_key_check').all();
    if (broken.length > 0) throw new Error(`city seed: ${broken.length} foreign-key violations, e.g. ${JSON.stringify(broken[0])}`);
    c.pragma('foreign_keys = ON');
    c.pragma('analysis_limit = 2000');
    c.exec('analyze');
    this.log(`foreign keys checked and statistics gathered in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    c.pragma('journal_mode = WAL');
    c.pragma('synchronous = NORMAL');
    c.pragma('cache_size = -65536');
  }
}
