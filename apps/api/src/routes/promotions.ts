import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import certificateRoutes, { attachment } from './certificates';
import trainingCompletionRoutes from './training-completion';

/** Promotions (api-contract.md § Promotions), skill history; registers the training-completion and certificate routes too. */
export default async function promotionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { promotions } = app.services;
  const organizer = app.requireRole('organizer', 'admin');
  await app.register(trainingCompletionRoutes);
  await app.register(certificateRoutes);

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

  app.get(
    '/promotions',
    {
      onRequest: [organizer],
      schema: op.listPromotions.schema,
    },
    async (request) => {
      const { page = 1, pageSize = 20, ...f } = request.query;
      return await promotions.list({ ...f, page, pageSize }, request.user);
    },
  );

  app.get(
    '/promotions/export',
    {
      onRequest: [organizer],
      schema: op.exportPromotions.schema,
    },
    async (request, reply) => {
      const { format = 'csv', ...f } = request.query;
      const file = await promotions.export(f, request.user, format);
      return attachment(reply, file.filename, file.asciiFilename).type(file.contentType).send(file.body);
    },
  );

  app.get(
    '/workers/:id',
    {
      onRequest: [app.authenticate],
      schema: op.getWorker.schema,
    },
    async (request) => await promotions.workerProfile(request.params.id, request.user),
  );

  app.get(
    '/workers/:id/skill-history',
    {
      onRequest: [app.authenticate],
      schema: op.getSkillHistory.schema,
    },
    async (request) => await promotions.skillHistory(request.params.id, request.user),
  );
}
