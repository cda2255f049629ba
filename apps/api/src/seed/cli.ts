/**
 * `npm run seed` — loads the demo data set into DATABASE_PATH (default ./data/gongjiang.db).
 *
 *   npm run seed                 seed an empty database (refuses one that already has data)
 *   npm run seed -- --reset      delete the database file first, then seed (stop the server before!)
 *   npm run seed -- --scale city (planned: a city-scale data set for load tests — not implemented yet)
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase, type Db } from '../db';
import { DEMO_ACCOUNTS, isEmptyDatabase, seedDemo, type SeedSummary } from './demo';

const USAGE = `usage: npm run seed [-- --reset] [--scale demo]

  --reset        delete the database (DATABASE_PATH, now: %s) and seed it afresh
  --scale NAME   size of the data set: demo (default); "city" is planned, not implemented yet
  --help         this text`;

interface Options {
  reset: boolean;
  scale: string;
  help: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { reset: false, scale: 'demo', help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--reset') opts.reset = true;
    else if (arg === '--help' || arg === '-h') opts.help = true;
    else if (arg === '--scale') opts.scale = argv[++i] ?? '';
    else if (arg.startsWith('--scale=')) opts.scale = arg.slice('--scale='.length);
    else throw new Error(`unknown argument: ${arg}`);
  }
  return opts;
}

/** Close, delete the file with its WAL and shared-memory companions, reopen (which migrates). */
function resetDatabase(db: Db, file: string): Db {
  db.$client.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  return openDatabase(file);
}

function printSummary(file: string, s: SeedSummary): void {
  const rows: [string, number][] = [
    ['organisations', s.organisations],
    ['trades', s.trades],
    ['users', s.users],
    ['  workers with a complete profile', s.workers],
    ['contests', s.contests],
    ['events', s.events],
    ['criteria', s.criteria],
    ['promotion rules', s.promotionRules],
    ['registrations', s.registrations],
    ['judge assignments', s.judgeAssignments],
    ['training classes', s.trainingClasses],
    ['training sessions', s.trainingSessions],
    ['enrolments', s.enrolments],
    ['attendance records', s.attendance],
    ['exam scores', s.examScores],
  ];
  console.log(`\nDemo data loaded into ${path.resolve(file)} in ${s.ms} ms:`);
  for (const [label, n] of rows) console.log(`  ${label.padEnd(36)} ${String(n).padStart(6)}`);
  console.log('\nDemo accounts:');
  for (const a of DEMO_ACCOUNTS) {
    console.log(`  ${a.phone}  ${a.password}  ${a.roles.join('+').padEnd(10)} ${a.name}  ${a.org ?? '—'}  (${a.description})`);
  }
}

async function main(): Promise<number> {
  // `npm run seed` at the repository root runs this inside apps/api; INIT_CWD is where the command was
  // typed, so a relative DATABASE_PATH (and the default ./data/gongjiang.db) names the same file
  // `npm start` serves from the root.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  let opts: Options;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    console.error(USAGE.replace('%s', loadConfig().databasePath));
    return 2;
  }
  const config = loadConfig();
  if (opts.help) {
    console.log(USAGE.replace('%s', config.databasePath));
    return 0;
  }
  if (opts.scale !== 'demo') {
    // Reserved for the city-scale data set (its own issue): only the demo scale exists today.
    console.error(`--scale ${opts.scale}: not implemented yet`);
    return 2;
  }

  const file = config.databasePath;
  let db = openDatabase(file);
  try {
    if (!isEmptyDatabase(db)) {
      if (!opts.reset) {
        console.error(`${file} already has data; refusing to seed it. Use --reset to delete it and start over (stop the server first).`);
        return 1;
      }
      if (file === ':memory:') throw new Error('--reset makes no sense for an in-memory database');
      console.log(`--reset: deleting ${path.resolve(file)} …`);
      db = resetDatabase(db, file);
    }
    const summary = await seedDemo(db);
    printSummary(file, summary);
    return 0;
  } finally {
    db.$client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
