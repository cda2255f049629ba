/**
 * The demo seed writes everything in one transaction on its own connection, and replays its history through the API's
 * services (demo-history.ts). Those run on the async data layer, so the seed hands them this Database: reads and
 * "transactions" on the seed's connection, inside the seed's transaction (a second connection would wait on the
 * seed's write lock). Nothing here begins or commits: the seed's transaction does, and a failure anywhere undoes all.
 */
import type { Db } from '../db';
import { runAfterCommit, type Database, type LockRoot, type Tx } from '../data/database';
import { Connection, SqliteHandle } from '../data/sqlite';

class SeedTx extends SqliteHandle implements Tx {
  constructor(
    db: Db,
    private readonly callbacks: (() => unknown)[],
  ) {
    super(new Connection(db.$client));
  }

  // the seed's BEGIN IMMEDIATE holds the database's write lock
  async lock(_table: LockRoot, _ids: number | readonly number[]): Promise<void> {}

  afterCommit(fn: () => unknown): void {
    this.callbacks.push(fn);
  }
}

export interface SeedDatabase extends Database {
  /** the after-commit callbacks the services registered: run them once the seed has committed */
  flush(): Promise<void>;
}

/** A Database over `db`'s connection, for use while `db` is inside its write transaction (see above). */
export function databaseInTransaction(db: Db): SeedDatabase {
  const callbacks: (() => unknown)[] = [];
  // one handle for everything: its statements are prepared once for the whole seed
  const t = new SeedTx(db, callbacks);
  return {
    dialect: 'sqlite',
    read: t,
    report: t,
    tx: (fn) => fn(t),
    // a unique violation in the seed's replay is a bug in the seed: it ends the seed, whatever the index
    uniqueViolation: () => null,
    // the seed's own connection, inside its write transaction: written by definition, failures end the seed
    checkWritable: async () => ({ writable: true }),
    isStorageFailure: () => false,
    recoverFrom: () => {},
    close: async () => {},
    flush: () => runAfterCommit(callbacks.splice(0)),
  };
}

/**
 * Runs fn inside one BEGIN IMMEDIATE transaction on `db` — writeTx for a body that awaits (the history's services).
 * Only for a connection nothing else uses meanwhile (the seed's own): statements of other callers would join it.
 */
export async function writeTxAsync<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const c = db.$client;
  c.exec('BEGIN IMMEDIATE');
  try {
    const result = await fn();
    c.exec('COMMIT');
    return result;
  } catch (e) {
    if (c.inTransaction) c.exec('ROLLBACK');
    throw e;
  }
}
