// Another API process on the test's database (the SQLite file, or a postgres:// URL): builds the real app on its own
// connection (no job loop of its own) and, optionally first enqueues the day's reminder scan, then drains the job queue
// once, as its worker loop would. Prints how many jobs it ran.
// Usage: node --import tsx drain-jobs.ts <dbFile|postgresUrl> <outboxFile> [<nowIso> [reminders]]
import { buildApp } from '../../src/app';
import { isPostgresUrl, openDatabase } from '../../src/data/open';

const [target, outbox, nowIso, reminders] = process.argv.slice(2) as [string, string, string | undefined, string | undefined];
const database = isPostgresUrl(target)
  ? await openDatabase({ url: target, file: '', migrate: false, poolSize: 4 })
  : await openDatabase({ file: target, migrate: false });
const app = await buildApp({
  database,
  config: {
    databasePath: isPostgresUrl(target) ? '' : target,
    smsOutboxPath: outbox,
    jwtSecret: process.env.JWT_SECRET!,
    seed: 'none',
    jobsPollMs: 0,
  },
});
const now = nowIso ? new Date(nowIso) : undefined;
if (reminders) await app.services.notifications.scheduleReminders(new Date());
const ran = await app.services.jobs.runDue(now);
process.stdout.write(JSON.stringify(ran));
await app.close();
await database.close();
