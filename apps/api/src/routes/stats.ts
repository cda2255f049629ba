import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { attachment } from '../lib/http';

/** The annual report: figures, the XLSX, the organisation trail. */
export default async function statsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { stats } = app.services;
  const report = app.services.statsReport;
  const organizer = app.requireRole('organizer', 'admin');

  app.get(
    '/stats/annual',
    {
      onRequest: [app.requireRole('organizer', 'admin')],
      schema: op.getAnnualStats.schema,
    },
    async (request) => stats.annual(request.user, request.query),
  );

  app.get(
    '/stats/annual.xlsx',
    {
      onRequest: [organizer],
      schema: op.exportAnnualStats.schema,
    },
    async (request, reply) => {
      const file = await report.xlsx(request.user, request.query);
      return attachment(reply, file.filename, file.asciiFilename).type(file.contentType).send(file.body);
    },
  );

  app.get(
    '/stats/org-trail',
    {
      onRequest: [organizer],
      schema: op.getOrgTrail.schema,
    },
    async (request) => report.trail(request.user, request.query.orgId),
  );
}
