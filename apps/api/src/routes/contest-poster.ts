import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { requestOrigin } from '../lib/origin';

/**
 * A published contest's share poster (GET /api/contests/:id/poster.png), public. Its own file rather than contests.ts:
 * the poster is drawn by its own service and answers with caching headers no other contest route has.
 */
export default async function contestPosterRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { posters } = app.services;

  serve(app, op.getContestPoster, {}, async (request, reply) => {
    const described = await posters.describe(request.params.id, requestOrigin(request));
    // public, but the contest may change: caches keep it briefly and revalidate by ETag
    reply.header('etag', described.etag).header('last-modified', described.lastModified).header('cache-control', 'public, max-age=300');
    const known = (request.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (known.includes(described.etag) || known.includes('*')) return reply.code(304).send();
    const png = await posters.png(described);
    return reply.type('image/png').header('content-disposition', `inline; filename="contest-${request.params.id}-poster.png"`).send(png);
  });
}
