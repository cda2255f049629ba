import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { attachment, serve } from '../lib/http';

/** The annual report: figures, the XLSX, the organisation trail. */
export default async function statsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { stats } = app.services;
  const report = app.services.statsReport;
  const organizer = app.requireRole('organizer', 'admin');

  serve(app, op.getAnnualStats, { onRequest: [app.requireRole('organizer', 'admin')] }, async (request) =>
    stats.annual(request.user, request.query),
  );

  serve(app, op.exportAnnualStats, { onRequest: [organizer] }, async (request, reply) => {
    const file = await report.xlsx(request.user, request.query);
    return attachment(reply, file.filename, file.asciiFilename).type(file.contentType).send(file.body);
  });

  serve(app, op.getOrgTrail, { onRequest: [organizer] }, async (request) => report.trail(request.user, request.query.orgId));
}
