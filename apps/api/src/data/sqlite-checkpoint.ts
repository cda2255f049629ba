/**
 * WAL checkpoints off the request loop (issue 18). SQLite's automatic checkpoint runs inside the COMMIT that crosses
 * the threshold, on the connection that commits: with synchronous=NORMAL it copies the WAL's pages into the database
 * file and waits for two fsyncs, and the event loop waits with it — in the registration rush, every few hundred
 * registrations. Here a worker thread with a connection of its own runs a PASSIVE checkpoint every CHECKPOINT_MS:
 * it never blocks the writer or a reader (it copies what no reader still needs and stops), and once the whole WAL is
 * copied the writer starts it again from the beginning. The writer keeps an automatic checkpoint at a much larger
 * size (FALLBACK_PAGES) only as a bound, should this thread ever fall behind.
 *
 * A checkpoint changes nothing a reader sees and costs no durability: a commit is safe once it is in the WAL (the
 * kill -9 tests), and a checkpoint interrupted halfway is completed by the next one.
 *
 * The worker is plain JavaScript evaluated in the thread, like the report reader's (sqlite-report.ts).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** how often the worker checkpoints (a PASSIVE checkpoint with nothing to copy costs a few microseconds) */
export const CHECKPOINT_MS = 200;
/** the writer's own automatic checkpoint, in pages: far above what the worker lets the WAL reach */
export const FALLBACK_PAGES = 20_000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const conn = new Database(workerData.file, { fileMustExist: true });
conn.pragma('wal_autocheckpoint = 0');
const checkpoint = conn.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try {
    checkpoint.run();
  } catch {
    // busy or locked by another process's checkpoint: the next tick tries again
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearInterval(timer);
    conn.close();
    parentPort.postMessage('stopped');
  }
});
`;

export class Checkpointer {
  private readonly worker: Worker;

  constructor(file: string, everyMs = CHECKPOINT_MS) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs } });
    // the checkpoints never keep the process alive
    this.worker.unref();
    // a failed start (the file gone, a driver problem) leaves the writer's own automatic checkpoint in charge
    this.worker.on('error', () => {});
  }

  /** stops the timer and closes the worker's connection, then the thread */
  async close(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.once('exit', () => resolve());
    });
    this.worker.postMessage('stop');
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 1000).unref())]);
    await this.worker.terminate();
  }
}
