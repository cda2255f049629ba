import type { FastifyBaseLogger } from 'fastify';

/** How often the identity tables drop rows nobody needs any more (each API process does it; deletes are idempotent). */
const EVERY_MS = 10 * 60 * 1000;

/**
 * Periodic pruning of the tables that only matter for a while: session revocations, failed logins, phone codes.
 * Returns the function that stops it (on app close).
 */
export function startHousekeeping(jobs: { prune(): Promise<void> }[], log: FastifyBaseLogger): () => void {
  const run = async () => {
    for (const job of jobs) {
      try {
        await job.prune();
      } catch (err) {
        // a busy database or a full disk must not take the API down: the next round tries again
        log.warn({ err }, 'housekeeping: pruning failed');
      }
    }
  };
  const timer = setInterval(() => void run(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
