/**
 * `npm run seed` — loads the demo data set into DATABASE_PATH (default ./data/gongjiang.db).
 *
 *   npm run seed                 seed an empty database (refuses one that already has data)
 *   npm run seed -- --reset      delete the database file first, then seed (stop the server before!)
 *   npm run seed -- --scale city [--db FILE|URL] [--factor F]
 *                                the demo data plus one year of the whole city at the union report's scale
 *                                (2.44 M members, 500,000+ registrations — see city.ts) into a fresh database
 *
 * --db (or DATABASE_URL) may name a PostgreSQL database, postgres://…: it is migrated and seeded under the
 * start-up lock, the city's rows loaded with COPY.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import type { Database } from '../data/database';
import { isPostgresUrl, openDatabase } from '../data/open';
import { seedCity } from './city';
import { DEMO_ACCOUNTS, isEmptyDatabase, seedDemo, type SeedSummary } from './demo';

const USAGE = `usage: npm run seed [-- --reset] [--scale demo|city] [--db FILE|URL] [--factor F] [--now ISO]

  --reset        delete the database (DATABASE_PATH, now: %s) and seed it afresh
  --scale NAME   size of the data set: demo (default), or city — the demo data plus one year of the
                 whole city at the union report's scale (2.44 M members, 500,000+ registrations, a few
                 minutes and about 2 GB); generated workers cannot log in, the demo accounts can
  --factor F     city only: multiply every count by F (0 < F <= 1), e.g. 0.1 for a quick look
  --now ISO      the instant the data is generated around (default: now); the same instant gives the
                 same data on either backend (apart from secrets: tickets, tokens, codes)
  --db FILE|URL  the database: a SQLite file, or postgres://… for an empty PostgreSQL database
                 (default: DATABASE_URL when set, else DATABASE_PATH); --reset works on files only
  --help         this text`;

interface Options {
  reset: boolean;
  scale: string;
  factor: number;
  db: string | null;
  now: Date;
  help: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { reset: false, scale: 'demo', factor: 1, db: null, now: new Date(), help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--reset') opts.reset = true;
    else if (arg === '--help' || arg === '-h') opts.help = true;
    else if (arg === '--scale') opts.scale = argv[++i] ?? '';
    else if (arg.startsWith('--scale=')) opts.scale = arg.slice('--scale='.length);
    else if (arg === '--db') opts.db = argv[++i] ?? '';
    else if (arg === '--factor') opts.factor = Number(argv[++i]);
    else if (arg === '--now') opts.now = new Date(argv[++i] ?? '');
    else throw new Error(`unknown argument: ${arg}`);
  }
  if (opts.scale !== 'demo' && opts.scale !== 'city') throw new Error(`--scale ${opts.scale}: expected demo or city`);
  if (!(opts.factor > 0 && opts.factor <= 1)) throw new Error('--factor: expected a number in (0, 1]');
  if (Number.isNaN(opts.now.getTime())) throw new Error('--now: expected an ISO-8601 instant, e.g. 2026-11-24T08:00:00Z');
  if (opts.db === '') throw new Error('--db: expected a file name');
  return opts;
}

/** Delete the file with its WAL and shared-memory companions. */
function deleteDatabaseFile(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/** A postgres:// URL without its password, for messages. */
const shown = (target: string) => (isPostgresUrl(target) ? target.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@') : path.resolve(target));

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
  console.log(`\nDemo data loaded into ${shown(file)} in ${s.ms} ms:`);
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
  if (config.production) {
    console.error('NODE_ENV=production: the demo data (accounts whose password is in the README) is never loaded in production.');
    return 1;
  }
  const target = opts.db ?? process.env.DATABASE_URL ?? config.databasePath;
  const postgres = isPostgresUrl(target);
  if (opts.reset && postgres) {
    console.error('--reset deletes SQLite files only; for PostgreSQL, drop and create the database yourself (dropdb, createdb).');
    return 2;
  }
  const open = (startup: (db: Database) => Promise<void>) =>
    openDatabase(postgres ? { url: target, file: '', startup } : { file: target, startup });
  // On PostgreSQL the seed runs under the start-up lock: a server starting meanwhile waits, then finds the data.
  let result: 'seeded' | 'not empty' = 'not empty';
  const seed = async (db: Database) => {
    if (!(await isEmptyDatabase(db))) return;
    result = 'seeded';
    if (opts.scale === 'city') {
      const city = await seedCity(db, { scale: opts.factor, now: opts.now, log: (msg) => console.log(msg) });
      console.log(`\nCity-scale year ${city.year} (×${city.scale}) loaded into ${shown(target)} in ${(city.ms / 1000).toFixed(1)} s:`);
      for (const [table, n] of Object.entries(city.rows)) console.log(`  ${table.padEnd(20)} ${n.toLocaleString('en').padStart(10)}`);
      console.log('\nThe demo accounts (npm run seed -- --help) log in as usual; generated workers cannot log in.');
      return;
    }
    printSummary(target, await seedDemo(db, { now: opts.now }));
  };
  let db = await open(seed);
  if (result === 'not empty') {
    await db.close();
    if (!opts.reset) {
      const fresh = postgres
        ? 'drop and create the database to start over'
        : 'use --reset to delete it and start over (stop the server first)';
      console.error(`${shown(target)} already has data; refusing to seed it: ${fresh}.`);
      return 1;
    }
    if (target === ':memory:') throw new Error('--reset makes no sense for an in-memory database');
    console.log(`--reset: deleting ${path.resolve(target)} …`);
    deleteDatabaseFile(target);
    db = await open(seed);
  }
  // closing the last connection checkpoints SQLite's WAL into the file
  await db.close();
  if (!postgres && opts.scale === 'city') console.log(`${path.resolve(target)}: ${(fs.statSync(target).size / 2 ** 20).toFixed(0)} MiB`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
