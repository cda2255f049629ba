/**
 * `npm run db:copy -- --to postgres://… [--from FILE]` — copies the SQLite database (DATABASE_PATH, or --from) into an
 * empty PostgreSQL database: migrates it, copies every row, checks the counts (see copy.ts). Stop the server first: rows
 * written during the copy would not be in it.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { copyDatabase } from './copy';
import { isPostgresUrl, openDatabase } from './open';

const USAGE = `usage: npm run db:copy -- --to postgres://USER:PASSWORD@HOST:PORT/DATABASE [--from FILE]

  --to URL     the PostgreSQL database to fill: it must exist and hold no rows (it is migrated first)
  --from FILE  the SQLite database to copy (default: DATABASE_PATH, now: %s)
  --help       this text

Stop the server first. Afterwards start it with DATABASE_URL set to the same URL.`;

const shown = (url: string) => url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');

async function main(): Promise<number> {
  // `npm run db:copy` at the repository root runs this inside apps/api: a relative path means where it was typed
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const args = process.argv.slice(2);
  const config = loadConfig();
  let to: string | null = null;
  let from = config.databasePath;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE.replace('%s', config.databasePath));
      return 0;
    }
    if (arg === '--to') to = args[++i] ?? '';
    else if (arg === '--from') from = args[++i] ?? '';
    else {
      console.error(`unknown argument: ${arg}\n${USAGE.replace('%s', config.databasePath)}`);
      return 2;
    }
  }
  if (!isPostgresUrl(to ?? undefined) || !from) {
    console.error(USAGE.replace('%s', config.databasePath));
    return 2;
  }
  const source = await openDatabase({ file: from });
  try {
    const target = await openDatabase({ url: to!, file: '' });
    try {
      console.log(`copying ${path.resolve(from)} into ${shown(to!)} …`);
      const report = await copyDatabase(source, target, (msg) => console.log(`  ${msg}`));
      const total = Object.values(report.rows).reduce((s, n) => s + n, 0);
      console.log(
        `\n${total.toLocaleString('en')} rows in ${Object.keys(report.rows).length} tables copied in ${(report.ms / 1000).toFixed(1)} s; ` +
          'every count is equal on both sides. Start the server with DATABASE_URL set to the target.',
      );
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
