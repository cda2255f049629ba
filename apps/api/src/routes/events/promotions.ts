import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../../lib/http';

/** An event's promotions: preview and apply. */
export default async function eventPromotionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { promotions } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(
    app,
    op.previewPromotions,
    { onRequest: [organizer] },
    async (request) => await promotions.preview(request.params.id, request.user),
  );

  serve(app, op.applyPromotions, { onRequest: [organizer] }, async (request) => await promotions.apply(request.params.id, request.user));
}
