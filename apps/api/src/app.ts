import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { loadConfig, type Config } from './config';
import type { Database } from './data/database';
import { openDatabase } from './data/open';
import { registerAuth } from './plugins/auth';
import { registerContract } from './plugins/contract';
import { registerDocs } from './plugins/docs';
import { registerErrorHandling } from './plugins/errors';
import { registerSecurity } from './plugins/security';
import { registerValidation } from './plugins/validation';
import { buildServices } from './services';
import { registerRoutes } from './routes';
import { startHousekeeping } from './services/housekeeping';
import { DatabaseRateStore } from './services/rate-limit-store';

export interface BuildOptions {
  config?: Partial<Config>;
  /** an already-open database (server.ts opens it under the start-up lock; tests pass a fresh one); else opened from the config */
  database?: Database;
  logger?: FastifyServerOptions['logger'];
  /** tests: every answer must match its response schema exactly (plugins/contract.ts) */
  checkResponses?: boolean;
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void | Promise<void>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The id a request is logged under: the caller's x-request-id when the caller is trusted (loopback — the
 * web app calling for a page, a local proxy — or any proxy with TRUST_PROXY=true) and it looks like an id;
 * otherwise a fresh UUID.
 */
export function requestIdOf(req: IncomingMessage, trustProxy = false): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && REQUEST_ID.test(given) && (trustProxy || LOOPBACK.has(req.socket.remoteAddress ?? ''))) return given;
  return crypto.randomUUID();
}

export const isApiPath = (url = '') => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/**
 * Builds the API (it does not listen: only server.ts does). Plugins and routes are registered
 * explicitly rather than autoloaded so the production bundle is one file with no directory scanning.
 */
export async function buildApp(opts: BuildOptions = {}): Promise<FastifyInstance> {
  const config = loadConfig(process.env, opts.config);
  const database =
    opts.database ??
    (await openDatabase({
      url: config.databaseUrl,
      file: config.databasePath,
      replicaUrls: config.databaseReplicaUrls,
      poolSize: config.databasePoolSize,
    }));
  const app = Fastify({
    logger: opts.logger ?? false,
    // The web app calls the API over loopback and forwards the browser's address in X-Forwarded-For;
    // trusting it from loopback keeps login throttling per person. TRUST_PROXY=true trusts any proxy.
    trustProxy: config.trustProxy ? true : ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
    bodyLimit: 5 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false } },
    // A request id for the logs, carried from the page that made the call (x-request-id from a trusted peer)
    genReqId: (req) => requestIdOf(req, config.trustProxy),
    requestIdHeader: false,
  });

  app.decorate('database', database);
  app.decorate('config', config);
  registerContract(app, { checkResponses: opts.checkResponses });

  registerValidation(app);
  registerErrorHandling(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await registerSecurity(app, config);
  // the counters live in the database: a limit per address holds across every API process
  const rateStore = DatabaseRateStore.for(database);
  await app.register(fastifyRateLimit, { global: false, store: rateStore });
  const services = buildServices(database, config, app.log);
  await registerAuth(app, config, services.sessions);
  app.decorate('services', services);
  const stopHousekeeping = startHousekeeping(
    [app.sessions, app.services.loginThrottle, app.services.phoneCodes, new rateStore(), app.services.jobs],
    app.log,
  );
  // every API process runs the job loop (JOBS_POLL_MS; 0: none here); the daily reminder scan is enqueued once per day
  app.addHook('onReady', async () => {
    app.services.jobs.start(config.jobsPollMs, config.jobsPollMs ? [() => app.services.notifications.scheduleReminders()] : []);
  });
  await registerDocs(app);

  await app.register(registerRoutes, { prefix: '/api' });

  app.addHook('onClose', async () => {
    stopHousekeeping();
    await app.services.jobs.stop();
    await app.services.phoneCodes.idle();
    if (!opts.database) await database.close();
  });
  return app;
}
