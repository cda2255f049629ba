import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../lib/schemas';
import { attachment, binary } from './certificates';

/** The same choice of year and organisation as GET /api/stats/annual. */
const AnnualQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'calendar year (Beijing time); default this year' })),
  orgId: Type.Optional(Type.Integer({ minimum: 1, description: "an organisation in the caller's subtree; default the caller's own" })),
});
const OrgKind = Type.Union([Type.Literal('federation'), Type.Literal('district'), Type.Literal('base')]);

/** The annual report's exports (issue 6): the workbook, and the breadcrumb trail of the dashboard's drill-down. */
export default async function statsReportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const report = app.services.statsReport;
  const organizer = app.requireRole('organizer', 'admin');

  app.get(
    '/stats/annual.xlsx',
    {
      onRequest: [organizer],
      schema: {
        tags: ['stats'],
        summary:
          'The annual report as an XLSX workbook: sheets 总览 (the seven figures, this year and last), 按工种, 按单位 and 按月份, Chinese headers',
        description: 'Same figures, scope and 404 rule as GET /api/stats/annual.',
        security: [{ bearer: [] }],
        querystring: AnnualQuery,
        response: {
          200: binary('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX workbook'),
          ...errors(400, 401, 403, 404),
        },
      },
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
      schema: {
        tags: ['stats'],
        summary: "The organisations from the top of the caller's subtree down to the chosen one (the dashboard's breadcrumb)",
        description: "404 when orgId is unknown or outside the caller's subtree.",
        security: [{ bearer: [] }],
        querystring: Type.Object({ orgId: AnnualQuery.properties.orgId }),
        response: {
          200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), kind: OrgKind })),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => report.trail(request.user, request.query.orgId),
  );
}
