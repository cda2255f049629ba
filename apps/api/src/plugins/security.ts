import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fastifyCompress from '@fastify/compress';
import helmet from 'helmet';
import type { Config } from '../config';
import { AppError, defineMessages } from '../lib/errors';

defineMessages({
  CROSS_ORIGIN: {
    zh: '拒绝来自其他网站的请求：请在本站页面上操作',
    en: 'Refused: this request came from another site; use the pages of this site',
  },
});

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The Origin header names this server: the same host name, and the same port when the Host header gives
 * one. (The scheme is not compared: TLS may end at a proxy that does not say so.)
 */
export function sameHost(origin: string, host: string): boolean {
  try {
    const o = new URL(origin);
    const h = new URL(`http://${host}`);
    if (o.hostname !== h.hostname) return false;
    if (!/:\d+$/.test(host)) return true;
    return (o.port || (o.protocol === 'https:' ? '443' : '80')) === (h.port || '80');
  } catch {
    return false; // "null" (sandboxed frames, file:) or garbage
  }
}

/**
 * A state-changing request a browser sends from another site is refused (403 CROSS_ORIGIN) — the browser
 * would attach the session cookie to it. Browsers say where a request comes from (Origin; Sec-Fetch-Site);
 * clients that send neither are not browsers, and clients with an Authorization header chose their
 * credentials themselves (bearer tokens are never sent automatically), so both pass. The web app's server
 * calls the API over loopback with a bearer token or no Origin at all.
 */
export function refuseCrossSiteWrites(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (!UNSAFE.has(request.method) || request.headers.authorization) return done();
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  const foreign = origin !== undefined ? !sameHost(origin, request.host) : site === 'cross-site' || site === 'same-site';
  done(foreign ? new AppError(403, 'CROSS_ORIGIN') : undefined);
}

/** Swagger UI's own page: its scripts and styles from /api/docs/static, nothing inline but styles, never framed. */
export const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; img-src 'self' data:; font-src 'self' data:; script-src 'self'; " +
  "style-src 'self' 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/**
 * Headers and encodings for every API answer:
 * - helmet: nosniff (downloads included), a CSP that lets a JSON answer do nothing and be framed
 *   nowhere (Swagger UI sets its own, DOCS_CSP), X-Frame-Options DENY, HSTS only behind HTTPS
 *   (COOKIE_SECURE=true);
 * - @fastify/compress: brotli or gzip for JSON and CSV over 1 KiB;
 * - Cache-Control: no-store unless a route says otherwise — answers carry people's data;
 * - cross-site writes refused (refuseCrossSiteWrites).
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  // helmet's middleware built once: @fastify/helmet built it again for every request (parsing the CSP each time,
  // ~3 % of a request in the registration rush's profile); no route has helmet options of its own.
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
    },
    frameguard: { action: 'deny' },
    hsts: config.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  app.addHook('onRequest', (request, reply, done) => headers(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  app.addHook('onRequest', refuseCrossSiteWrites);
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
