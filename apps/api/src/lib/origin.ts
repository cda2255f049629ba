import type { FastifyRequest } from 'fastify';

/**
 * The site's origin as the browser sees it (`scheme://host[:port]`), for absolute links printed into
 * files and QR codes (a certificate's /verify/<code>, a session's /checkin?t=…, a ticket's /manage/check-in?code=…). The web app and the
 * API share one origin. Fastify reads X-Forwarded-Proto/-Host only from trusted proxies (loopback,
 * or any when TRUST_PROXY=true — see app.ts); otherwise the connection and its Host header.
 */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
