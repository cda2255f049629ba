import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { loadConfig, type Config } from './config';
import { openDatabase, type Db } from './db';
import { ErrorSchema } from './lib/schemas';
import { registerAuth } from './plugins/auth';
import { registerDocs } from './plugins/docs';
import { registerErrorHandling } from './plugins/errors';
import { registerValidation } from './plugins/validation';
import authRoutes from './routes/auth';
import phoneCodeRoutes from './routes/phone-codes';
import meRoutes from './routes/me';
import orgAndTradeRoutes from './routes/orgs';
import usersRoutes from './routes/users';
import workerIdentityRoutes from './routes/worker-identity';
import contestRoutes from './routes/contests';
import eventEditRoutes from './routes/event-edit';
import registrationRoutes from './routes/registrations';
import registrationDocumentRoutes from './routes/registration-documents';
import trainingRoutes from './routes/trainings';
import promotionRoutes from './routes/promotions';
import statsRoutes from './routes/stats';
import statsReportRoutes from './routes/stats-report';
import auditRoutes from './routes/audit';
import { buildServices } from './services';
import { startHousekeeping } from './services/housekeeping';

export interface BuildOptions {
  config?: Partial<Config>;
  /** an already-open database (tests pass a fresh temp file) */
  db?: Db;
  logger?: FastifyServerOptions['logger'];
  /** the SvelteKit app's node handler: serves every path outside /api on the same origin */
  web?: NodeHandler;
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

const isApiPath = (url = '') => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/** A server that hands /api to Fastify and everything else to the web app, before any body parsing. */
function oneOriginServer(web: NodeHandler) {
  return (fastifyHandler: (req: IncomingMessage, res: ServerResponse) => void) =>
    http.createServer((req, res) => {
      if (isApiPath(req.url)) return fastifyHandler(req, res);
      req.headers['x-gongjiang-proto'] = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
      web(req, res, () => {
        res.statusCode = 404;
        res.end('Not found');
      });
    });
}

/**
 * Builds the API (it does not listen: only server.ts does). Plugins and routes are registered
 * explicitly rather than autoloaded so the production bundle is one file with no directory scanning.
 */
export async function buildApp(opts: BuildOptions = {}): Promise<FastifyInstance> {
  const config: Config = { ...loadConfig(), ...opts.config };
  const db = opts.db ?? openDatabase(config.databasePath);
  const app = Fastify({
    logger: opts.logger ?? false,
    // The web app calls the API over loopback and forwards the browser's address in X-Forwarded-For;
    // trusting it from loopback keeps login throttling per person. TRUST_PROXY=true trusts any proxy.
    trustProxy: process.env.TRUST_PROXY === 'true' ? true : ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
    bodyLimit: 5 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false } },
    ...(opts.web ? { serverFactory: oneOriginServer(opts.web) } : {}),
  });

  app.decorate('db', db);
  app.decorate('config', config);
  app.addSchema(ErrorSchema);

  registerValidation(app);
  registerErrorHandling(app);
  await app.register(fastifyRateLimit, { global: false });
  await registerAuth(app, config, db);
  app.decorate('services', buildServices(db, config, app.scope, app.sessions, app.log));
  const stopHousekeeping = startHousekeeping([app.sessions, app.services.loginThrottle, app.services.phoneCodes], app.log);
  await registerDocs(app);

  await app.register(
    async (api) => {
      await api.register(authRoutes);
      await api.register(phoneCodeRoutes);
      await api.register(meRoutes);
      await api.register(usersRoutes);
      await api.register(workerIdentityRoutes);
      await api.register(orgAndTradeRoutes);
      await api.register(contestRoutes);
      await api.register(eventEditRoutes);
      await api.register(registrationRoutes);
      await api.register(registrationDocumentRoutes);
      await api.register(trainingRoutes);
      await api.register(promotionRoutes);
      await api.register(statsRoutes);
      await api.register(statsReportRoutes);
      await api.register(auditRoutes);
      for (const routes of [import('./routes/judging'), import('./routes/results')]) await api.register(routes);
    },
    { prefix: '/api' },
  );

  app.addHook('onClose', async () => {
    stopHousekeeping();
    await app.services.phoneCodes.idle();
    if (!opts.db) db.$client.close();
  });
  return app;
}
