import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AuthUser } from '../plugins/auth';

/** Helpers the route files share (route files never import each other). */

/** Optional auth: a valid token identifies the caller, none means anonymous (public lists). */
export async function optionalUser(
  app: FastifyInstance,
  request: Parameters<FastifyInstance['authenticate']>[0],
): Promise<AuthUser | undefined> {
  if (!request.headers.authorization && !request.cookies.gj_access) return undefined;
  await app.authenticate.call(app, request, undefined as never);
  return request.user;
}

/** RFC 6266 / 5987: an ASCII fallback for old clients, the real (Chinese) name in `filename*`. */
export function attachment(reply: FastifyReply, filename: string, asciiFallback: string) {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return reply
    .header('content-disposition', `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`)
    .header('cache-control', 'private, no-store');
}
