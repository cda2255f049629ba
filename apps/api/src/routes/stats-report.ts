import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { attachment } from './certificates';

/** The annual report's exports (issue 6): the workbook, and the breadcrumb trail of the dashboard's drill-down. */
export default async function statsReportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const report = app.services.statsReport;
  const organizer = app.requireRole('organizer', 'admin');

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
