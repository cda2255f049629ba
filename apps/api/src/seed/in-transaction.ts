/**
 * The demo seed writes everything in one transaction, and replays its history through the API's services
 * (demo-history.ts). The services take a Database and open their own transactions; inside the seed they must run in
 * the seed's transaction instead (on SQLite a second transaction would wait for the seed's writer, on PostgreSQL it
 * would not see the seed's uncommitted rows). So the seed hands them this Database: reads and "transactions" are the
 * seed's own `t`. Nothing here begins or commits: the seed's transaction does, and a failure anywhere undoes all; the
 * services' after-commit callbacks join the seed's transaction and run once it has committed.
 */
import type { Database, Tx } from '../data/database';

/** A Database whose every read and transaction is `t` (see above), for use while `t` is open. */
export function databaseInTransaction(db: Database, t: Tx): Database {
  return {
    dialect: db.dialect,
    read: t,
    report: t,
    tx: (fn) => fn(t),
    txGrouped: (fn) => fn(t),
    uniqueViolation: (e) => db.uniqueViolation(e),
    // inside the seed's open transaction: written by definition, failures end the seed
    checkWritable: async () => ({ writable: true }),
    isStorageFailure: () => false,
    recoverFrom: () => {},
    close: async () => {},
  };
}
