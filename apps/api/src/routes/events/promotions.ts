import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';

/** An event's promotions: preview and apply. */
export default async function eventPromotionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { promotions } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.get(
    '/events/:id/promotions/preview',
    {
      onRequest: [organizer],
      schema: op.previewPromotions.schema,
    },
    async (request) => await promotions.preview(request.params.id, request.user),
  );

  app.post(
    '/events/:id/promotions',
    {
      onRequest: [organizer],
      schema: op.applyPromotions.schema,
    },
    async (request) => await promotions.apply(request.params.id, request.user),
  );
}
