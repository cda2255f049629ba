import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp, type NodeHandler } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db';
import { ensureAdmin } from './seed/admin';
import { isEmptyDatabase, seedDemo } from './seed/demo';

/** The SvelteKit (adapter-node) build, found from the repository root; absent in API-only runs. */
function webHandlerPath(): string | null {
  if (process.env.WEB_BUILD_DIR) return path.join(process.env.WEB_BUILD_DIR, 'handler.js');
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'apps', 'web', 'build', 'handler.js');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  if (config.seed !== 'none' && isEmptyDatabase(db)) {
    console.log('empty database: loading demo data (SEED=none to skip)…');
    await seedDemo(db, { log: (m) => console.log(`  ${m}`) });
  }
  if (config.adminPhone && config.adminPassword) await ensureAdmin(db, config.adminPhone, config.adminPassword);

  // One origin: the API under /api, every other path served by the SvelteKit app.
  const handlerFile = webHandlerPath();
  let web: NodeHandler | undefined;
  if (handlerFile) {
    process.env.API_URL ??= `http://127.0.0.1:${config.port}`;
    // adapter-node derives the page origin from these headers; the server factory fills the first from the socket.
    process.env.PROTOCOL_HEADER ??= 'x-gongjiang-proto';
    process.env.HOST_HEADER ??= 'host';
    web = ((await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler }).handler;
  }
  const app = await buildApp({ config, db, logger: { level: config.logLevel }, web });

  const close = async () => {
    await app.close();
    db.$client.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);

  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`Gongjiang 工匠 is running at http://${shown}:${config.port}/ (API at /api, docs at /api/docs) — ready in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
