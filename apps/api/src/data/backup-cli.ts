/**
 * `npm run backup -- FILE` (or `node apps/api/dist/backup.js FILE`): a consistent copy of the database while
 * the server runs, through SQLite's online backup API — readers and writers carry on (WAL), and the copy is
 * one moment of the database, never a mix. Written to FILE.partial, checked (integrity_check), turned into a
 * single self-contained file (journal_mode=DELETE), then renamed to FILE: a file named FILE is always whole.
 *
 * Run it as the server's own user (a root-owned -wal or -shm beside the database stops the server). Restore:
 * README § Backup and restore.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_DATABASE_PATH } from '../config';

async function main(): Promise<number> {
  // `npm run backup` runs inside apps/api; INIT_CWD is where the command was typed
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const target = process.argv[2];
  if (!target || target.startsWith('-')) {
    console.error(
      'usage: npm run backup -- FILE   (copies DATABASE_PATH, now ' + (process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH) + ')',
    );
    return 2;
  }
  const source = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
  if (!fs.existsSync(source)) {
    console.error(`backup: DATABASE_PATH=${source} does not exist`);
    return 1;
  }
  const dest = path.resolve(target);
  const partial = `${dest}.partial`;
  fs.rmSync(partial, { force: true });
  const started = performance.now();
  // read-write but only read: a read-only connection leaves -wal and -shm files behind when the server is not
  // running (and they would belong to whoever ran the backup); the last read-write connection removes them
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // after the first 100 pages, the rest in one step: one read transaction, so writes by the server in
    // between cannot make SQLite restart the copy again and again
    await db.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 1) }).catch((e: Error) => {
      throw new Error(`cannot write ${partial} (${e.message}): the folder must exist and be writable by this user`);
    });
  } finally {
    db.close();
  }
  const copy = new Database(partial);
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy fails integrity_check: ${String(check)}`);
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  fs.renameSync(partial, dest);
  const mib = fs.statSync(dest).size / 2 ** 20;
  console.log(
    `backup: ${path.resolve(source)} → ${dest} (${mib.toFixed(1)} MiB, integrity ok) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`backup failed: ${(err as Error).message ?? err}`);
    process.exit(1);
  },
);
