import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { NodeHandler } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import type { Database } from './data/database';
import { fsReason } from './lib/files';

/** A reason the server cannot start, told in one line (no stack trace): what is wrong and what to do. */
class StartupError extends Error {}

/** The SvelteKit (adapter-node) build, found from the repository root; absent in API-only runs. */
function webHandlerPath(): string | null {
  if (process.env.WEB_BUILD_DIR) {
    const file = path.join(process.env.WEB_BUILD_DIR, 'handler.js');
    if (fs.existsSync(file)) return file;
    console.log(`WEB_BUILD_DIR: no web app at ${file}; serving the API only`);
    return null;
  }
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'apps', 'web', 'build', 'handler.js');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

const reasonOf = (e: unknown) => {
  const err = e as { code?: unknown; message?: string };
  return typeof err?.code === 'string' && /^(SQLITE|[0-9A-Z]{5}$)/.test(err.code) ? `${err.code}: ${err.message}` : fsReason(e);
};

/**
 * Opens the database (creating and migrating it; on PostgreSQL under the start-up lock, with the demo seed and the
 * first admin in the same lock, so nodes starting together do both once) and proves it can be written, or says why not.
 */
async function openForServer(config: Config): Promise<{ db: Database; demo: boolean }> {
  const named = config.databaseUrl ? 'DATABASE_URL' : `DATABASE_PATH=${JSON.stringify(config.databasePath)}`;
  const cannotWrite = (why: string) =>
    new StartupError(
      config.databaseUrl
        ? `${named}: the database cannot be written (${why})`
        : `${named}: the database cannot be written (${why}); the server's user must be able to write the file, its -wal and -shm companions and their folder`,
    );
  let demo = false;
  let db: Database;
  // imported here, not at the top: a configuration error is told before the drivers load
  const { openDatabase } = await import('./data/open');
  try {
    db = await openDatabase({
      url: config.databaseUrl,
      file: config.databasePath,
      replicaUrls: config.databaseReplicaUrls,
      poolSize: config.databasePoolSize,
      startup: async (opened) => {
        const check = await opened.checkWritable();
        if (!check.writable) throw cannotWrite(check.problem ?? 'write refused');
        demo = await prepareData(opened, config);
      },
    });
  } catch (e) {
    if (e instanceof StartupError) throw e;
    if (String((e as { code?: unknown }).code).startsWith('SQLITE_READONLY')) throw cannotWrite(reasonOf(e));
    throw new StartupError(`${named}: cannot open the database (${reasonOf(e)})`);
  }
  return { db, demo };
}

/** The demo data set into an empty database, inside the start-up callback (on PostgreSQL: under the start-up lock). */
async function loadDemo(db: Database): Promise<boolean> {
  const { seedDemoIfEmpty } = await import('./seed/demo');
  return seedDemoIfEmpty(db, { log: (m) => console.log(`  ${m}`) });
}

/** Demo data or production: what the database holds and how the first admin is made, said on the console. */
async function prepareData(db: Database, config: Config): Promise<boolean> {
  const { ensureAdmin, hasAdmin } = await import('./seed/admin');
  const { DEMO_PASSWORD } = await import('./seed/data/accounts');
  const { hasDemoData } = await import('./data/repos/meta');
  let demo = await hasDemoData(db.read);
  const where = config.databaseUrl ? 'DATABASE_URL' : `DATABASE_PATH=${JSON.stringify(config.databasePath)}`;
  if (config.production && demo)
    throw new StartupError(
      `${where} holds the demo data (accounts whose password is printed in the README); ` +
        `production (NODE_ENV=production) never serves it — point ${config.databaseUrl ? 'DATABASE_URL' : 'DATABASE_PATH'} at a new database`,
    );
  if (config.seed === 'demo' && (await loadDemo(db))) demo = true;
  if (config.adminPhone && config.adminPassword) await ensureAdmin(db, config.adminPhone, config.adminPassword);
  if (!(await hasAdmin(db)))
    console.log(
      'No admin account yet. The first admin is created at start from ADMIN_PHONE and ADMIN_PASSWORD: set both and restart, ' +
        'then sign in at /login and open every other account at /manage/people.',
    );
  if (demo)
    console.warn(
      `DEMO DATA: this database holds the demo data set — every demo account's password is ${DEMO_PASSWORD} (README). ` +
        'Every page shows a demo banner. Never enter real people here; production runs with NODE_ENV=production on a new database.',
    );
  return demo;
}

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const { db } = await openForServer(config);
  const { buildApp } = await import('./app');
  const { Host } = await import('./host');
  const app = await buildApp({ config, database: db, logger: { level: config.logLevel } });
  await app.ready();
  // A promise nobody awaited failed: that request is lost, the server is not.
  process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled promise rejection'));

  // One origin: the API under /api, every other path served by the SvelteKit app, which reaches the API
  // through a loopback listener of its own (it stays open while pages in flight finish at shutdown).
  const host = new Host({ app, config });
  const handlerFile = webHandlerPath();
  if (handlerFile) {
    process.env.API_URL ??= await host.listenInternal();
    // adapter-node reads the page's origin and the client's address from these headers, which the host sets
    // from the socket or a trusted proxy; an upload to a page may be as large as the API takes (5 MiB)
    process.env.PROTOCOL_HEADER ??= 'x-gongjiang-proto';
    process.env.HOST_HEADER ??= 'host';
    process.env.ADDRESS_HEADER ??= 'x-gongjiang-client';
    process.env.BODY_SIZE_LIMIT ??= '6M';
    const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };
    host.serveWeb(handler, path.dirname(handlerFile));
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing the requests in flight (up to ${config.shutdownTimeout} s), then closing the database`);
    await host.shutdown();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await host.listen(config.port, config.host);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new StartupError(`PORT=${config.port}: the port is already in use on ${config.host}`);
    if (code === 'EACCES')
      throw new StartupError(`PORT=${config.port}: not allowed to listen on this port (ports below 1024 need privileges)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new StartupError(`HOST=${config.host}: not an address of this machine`);
    throw e;
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(
    `Gongjiang 工匠 is running at http://${shown}:${config.port}/ (API at /api, docs at /api/docs)${config.production ? ' in production mode' : ''} — ready in ${Date.now() - started} ms`,
  );
}

main().catch((err: unknown) => {
  // Start-up problems are one line each on stderr and exit code 1; the stack only when asked for.
  const lines =
    err instanceof ConfigError ? err.problems : err instanceof StartupError ? [err.message] : [`could not start: ${reasonOf(err)}`];
  for (const line of lines) console.error(`gongjiang: ${line}`);
  if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '')) console.error(err);
  process.exit(1);
});
