import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { attachment, serve } from '../lib/http';

/** Promotions on record: the list and its export. */
export default async function promotionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { promotions } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(app, op.listPromotions, { onRequest: [organizer] }, async (request) => {
    const { page = 1, pageSize = 20, ...f } = request.query;
    return await promotions.list({ ...f, page, pageSize }, request.user);
  });

  serve(app, op.exportPromotions, { onRequest: [organizer] }, async (request, reply) => {
    const { format = 'csv', ...f } = request.query;
    const file = await promotions.export(f, request.user, format);
    return attachment(reply, file.filename, file.asciiFilename).type(file.contentType).send(file.body);
  });
}
