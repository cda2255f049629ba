import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import compression from 'compression';
import type { FastifyInstance } from 'fastify';
import { isApiPath, requestIdOf, type NodeHandler } from './app';
import type { Config } from './config';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Counts the requests a server is answering and says when there are none left. */
class InFlight extends EventEmitter {
  readonly responses = new Set<ServerResponse>();
  add(res: ServerResponse): void {
    this.responses.add(res);
    res.once('close', () => {
      this.responses.delete(res);
      if (this.responses.size === 0) this.emit('idle');
    });
  }
  /** resolves once nothing is in flight, or after `ms` (false then) */
  settle(ms: number): Promise<boolean> {
    if (this.responses.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.off('idle', done);
        resolve(false);
      }, ms);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.once('idle', done);
    });
  }
}

/**
 * The files the web build serves from disk (build/client), by URL path, as they were at start: adapter-node's
 * static server (sirv) lists them once and then streams whatever it listed. If one disappears or becomes
 * unreadable — a new build copied over a running server — sirv has already sent its 200 headers when the read
 * fails, and the unhandled stream error takes the whole process down. So a listed file is checked before sirv
 * gets the request: gone or unreadable, it is an honest 404.
 */
class StaticFiles {
  private readonly byPath = new Map<string, string[]>();
  constructor(roots: string[]) {
    for (const root of roots) {
      if (!fs.existsSync(root)) continue;
      for (const rel of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
        const abs = path.join(root, rel);
        const url =
          '/' +
          rel
            .split(path.sep)
            .join('/')
            .replace(/\.(br|gz)$/, '');
        if (!fs.statSync(abs).isFile()) continue;
        const list = this.byPath.get(url) ?? [];
        list.push(abs);
        this.byPath.set(url, list);
      }
    }
  }

  /** true when the URL names a file listed at start that is now missing or unreadable (any of its encodings) */
  async broken(url: string | undefined): Promise<boolean> {
    let pathname = (url ?? '/').split('?')[0]!;
    try {
      pathname = decodeURI(pathname);
    } catch {
      return false;
    }
    const files = this.byPath.get(pathname);
    if (!files) return false;
    const readable = await Promise.all(
      files.map((f) =>
        fs.promises.access(f, fs.constants.R_OK).then(
          () => true,
          () => false,
        ),
      ),
    );
    return readable.includes(false);
  }
}

export interface HostOptions {
  app: FastifyInstance;
  config: Config;
}

/**
 * The HTTP side of the process: one public origin (API under /api, the SvelteKit app on every other path)
 * and, with the web app, an internal loopback listener for the app's own calls to the API.
 *
 * Pages: logged like API requests (pino JSON: incoming request / request completed, with a request id that
 * the page's API calls carry as x-request-id), compressed (brotli/gzip) unless the static server already sent
 * a precompressed file, nosniff and — behind HTTPS — HSTS; a static file that vanished is a 404; an exception
 * in the web handler is a logged 500, never a dead process.
 *
 * Shutdown (SIGTERM/SIGINT): the public listener stops accepting and idle connections close; requests in
 * flight — pages and API calls — finish (up to SHUTDOWN_TIMEOUT), and a page's form action still reaches the
 * API through the internal listener, which closes only after them; then the app closes and the caller closes
 * the database.
 */
export class Host {
  readonly public: http.Server;
  private internal?: http.Server;
  private readonly publicInFlight = new InFlight();
  private readonly internalInFlight = new InFlight();
  private statics = new StaticFiles([]);
  private web?: NodeHandler;
  private readonly compress = compression({ threshold: 1024 });
  private draining = false;
  private closing?: Promise<void>;

  constructor(private readonly opts: HostOptions) {
    this.public = http.createServer((req, res) => this.onPublic(req, res));
  }

  /** The SvelteKit handler and its build folder (build/, whose client/ files it serves); without it: API only. */
  serveWeb(handler: NodeHandler, buildDir: string): void {
    this.web = handler;
    this.statics = new StaticFiles([path.join(buildDir, 'client'), path.join(buildDir, 'prerendered')]);
  }

  /**
   * For the web app: a loopback listener on a free port that only serves the API, open until every page in
   * flight has finished. Returns its base URL (the web app's API_URL).
   */
  async listenInternal(): Promise<string> {
    const server = http.createServer((req, res) => {
      // the web app reads these answers on this machine: compressing them would only cost CPU twice
      delete req.headers['accept-encoding'];
      this.internalInFlight.add(res);
      this.opts.app.routing(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.internal = server;
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.public.once('error', reject);
      this.public.listen(port, host, () => {
        this.public.off('error', reject);
        resolve();
      });
    });
  }

  private onPublic(req: IncomingMessage, res: ServerResponse): void {
    if (this.draining) {
      res.shouldKeepAlive = false;
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', connection: 'close' }).end('Shutting down');
      return;
    }
    this.publicInFlight.add(res);
    if (!this.web || isApiPath(req.url)) return this.opts.app.routing(req, res);
    void this.page(req, res);
  }

  private trusted(req: IncomingMessage): boolean {
    return this.opts.config.trustProxy || LOOPBACK.has(req.socket.remoteAddress ?? '');
  }

  private async page(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { app, config } = this.opts;
    const web = this.web!;
    const id = requestIdOf(req, config.trustProxy);
    const log = app.log.child({ reqId: id });
    const started = performance.now();
    log.info(
      { req: { method: req.method, url: req.url, host: req.headers.host, remoteAddress: req.socket.remoteAddress } },
      'incoming request',
    );
    res.once('close', () =>
      log.info(
        { res: { statusCode: res.statusCode }, responseTime: performance.now() - started, aborted: !res.writableFinished || undefined },
        'request completed',
      ),
    );
    // what the web app needs to know about the request, from the socket or a trusted proxy (never from anyone else)
    const forwardedProto = this.trusted(req)
      ? String(req.headers['x-forwarded-proto'] ?? '')
          .split(',')[0]!
          .trim()
      : '';
    req.headers['x-gongjiang-proto'] =
      forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : (req.socket as TLSSocket).encrypted ? 'https' : 'http';
    const forwardedFor = this.trusted(req)
      ? String(req.headers['x-forwarded-for'] ?? '')
          .split(',')
          .pop()!
          .trim()
      : '';
    req.headers['x-gongjiang-client'] = forwardedFor || req.socket.remoteAddress || '';
    req.headers['x-request-id'] = id;
    res.setHeader('x-request-id', id);
    res.setHeader('x-content-type-options', 'nosniff');
    if (config.cookieSecure) res.setHeader('strict-transport-security', 'max-age=31536000');
    // a stream piped into the answer (sirv's file read) that fails must not become an uncaught exception
    res.on('pipe', (source: Readable) =>
      source.once('error', (err) => {
        log.error({ err }, 'static file read failed');
        res.destroy();
      }),
    );
    const notFound = () => {
      if (res.headersSent) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    };
    try {
      if ((req.method === 'GET' || req.method === 'HEAD') && (await this.statics.broken(req.url))) {
        log.warn({ url: req.url }, 'static file missing or unreadable');
        return notFound();
      }
      await new Promise<void>((resolve, reject) => {
        this.compress(req as never, res as never, () => {
          Promise.resolve(web(req, res, notFound)).then(resolve, reject);
        });
      });
    } catch (err) {
      log.error({ err }, 'page failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error');
      else res.destroy();
    }
  }

  /** Graceful shutdown (see the class comment); resolves when the app is closed. */
  shutdown(): Promise<void> {
    this.closing ??= (async () => {
      const { app, config } = this.opts;
      const deadline = Date.now() + config.shutdownTimeout * 1000;
      this.draining = true;
      app.log.info({ inFlight: this.publicInFlight.responses.size }, 'shutting down: no new connections, waiting for requests in flight');
      this.public.close();
      this.public.closeIdleConnections();
      for (const res of this.publicInFlight.responses) if (!res.headersSent) res.shouldKeepAlive = false;
      const pagesDone = await this.publicInFlight.settle(Math.max(0, deadline - Date.now()));
      if (this.internal) {
        this.internal.close();
        this.internal.closeIdleConnections();
        await this.internalInFlight.settle(Math.max(0, deadline - Date.now()));
      }
      if (!pagesDone)
        app.log.warn({ inFlight: this.publicInFlight.responses.size }, 'shutdown timeout: closing the requests still in flight');
      this.public.closeAllConnections();
      this.internal?.closeAllConnections();
      await app.close();
    })();
    return this.closing;
  }
}
