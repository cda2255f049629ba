import Database from 'better-sqlite3';

type Sqlite = Database.Database;
type Statement = Database.Statement;

/** Statement settings that persist on a statement object and so must be replayed on a re-prepared one. */
const MODES = new Set<PropertyKey>(['pluck', 'expand', 'raw', 'safeIntegers', 'bind']);

/**
 * One SQLite connection that can be replaced under the code that uses it.
 *
 * better-sqlite3 opens a file it cannot write read-only, without an error, and the connection stays
 * read-only after the file becomes writable (engineering-notes.md). The only cure is a new connection —
 * but services and drizzle hold prepared statements of the old one. So the client handed out is a proxy
 * that forwards to the current connection, and every statement it prepares is a proxy that re-prepares
 * itself (and replays its pluck/raw/expand/bind settings) the first time it is used after a swap.
 * Everything is synchronous, so a swap never lands in the middle of a transaction.
 */
export class SwappableConnection {
  private current: Sqlite;
  private generation = 0;
  /** stands in for a better-sqlite3 Database everywhere (drizzle, services, writeTx) */
  readonly client: Sqlite;

  constructor(private readonly open: () => Sqlite) {
    this.current = open();
    const methods = new Map<PropertyKey, unknown>();
    let methodsOf = -1;
    this.client = new Proxy(Object.create(Database.prototype) as Sqlite, {
      get: (_target, prop) => {
        if (prop === 'prepare') return (source: string) => this.statement(source);
        const db = this.current;
        const value = Reflect.get(db, prop, db) as unknown;
        if (typeof value !== 'function') return value;
        if (methodsOf !== this.generation) {
          methods.clear();
          methodsOf = this.generation;
        }
        let bound = methods.get(prop);
        if (!bound) methods.set(prop, (bound = (value as (...a: unknown[]) => unknown).bind(db)));
        return bound;
      },
    });
  }

  /** The underlying connection as it is now (for a probe that must not go through the proxies). */
  get raw(): Sqlite {
    return this.current;
  }

  /**
   * Opens a new connection; if `accept` says it is usable, it replaces the current one (whose statements
   * re-prepare on next use) and the old one is closed. Returns whether the swap happened.
   */
  replace(accept: (candidate: Sqlite) => boolean): boolean {
    let next: Sqlite;
    try {
      next = this.open();
    } catch {
      return false;
    }
    let ok: boolean;
    try {
      ok = accept(next);
    } catch {
      ok = false;
    }
    if (!ok) {
      next.close();
      return false;
    }
    const old = this.current;
    this.current = next;
    this.generation += 1;
    try {
      old.close();
    } catch {
      // an iterator still open on the old connection: it is dropped with it
    }
    return true;
  }

  private statement(source: string): Statement {
    let stmt = this.current.prepare(source);
    let preparedIn = this.generation;
    const modes = new Map<PropertyKey, unknown[]>();
    const methods = new Map<PropertyKey, unknown>();
    const live = () => {
      if (preparedIn !== this.generation) {
        stmt = this.current.prepare(source);
        for (const [mode, args] of modes) (stmt[mode as keyof Statement] as (...a: unknown[]) => unknown)(...args);
        preparedIn = this.generation;
        methods.clear();
      }
      return stmt;
    };
    const proxy: Statement = new Proxy(Object.create(Object.getPrototypeOf(stmt) as object) as Statement, {
      get: (_target, prop) => {
        const s = live();
        if (MODES.has(prop))
          return (...args: unknown[]) => {
            // the latest setting of each mode, in the order they were last set (pluck turns raw off and so on)
            modes.delete(prop);
            modes.set(prop, args);
            (s[prop as keyof Statement] as (...a: unknown[]) => unknown)(...args);
            return proxy;
          };
        const value = Reflect.get(s, prop, s) as unknown;
        if (typeof value !== 'function') return value;
        let bound = methods.get(prop);
        if (!bound) methods.set(prop, (bound = (value as (...a: unknown[]) => unknown).bind(s)));
        return bound;
      },
    });
    return proxy;
  }
}
