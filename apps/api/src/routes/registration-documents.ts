import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams } from '../lib/schemas';

/** RFC 6266 / 5987: an ASCII fallback for old clients, the real (Chinese) name in `filename*`. */
function attachment(reply: FastifyReply, filename: string, asciiFallback: string) {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return reply
    .header('content-disposition', `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`)
    .header('cache-control', 'private, no-store');
}

const binary = (mime: string, description: string) => ({
  description,
  content: { [mime]: { schema: { type: 'string', format: 'binary' } } },
});

/** Admission ticket PDF and the event's registration-list export (api-contract.md § Registrations). */
export default async function registrationDocumentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { documents } = app.services;

  app.get(
    '/registrations/:id/ticket.pdf',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['registrations'],
        summary: 'Admission ticket (准考证) with the check-in QR code: the worker, or an organizer in scope',
        description: '404 for anyone else; 409 NOT_CONFIRMED unless the registration is confirmed.',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: binary('application/pdf', 'A4 PDF'), ...errors(401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { filename, asciiFilename, body } = await documents.ticketPdf(request.params.id, request.user);
      return attachment(reply, filename, asciiFilename).type('application/pdf').send(body);
    },
  );

  app.get(
    '/events/:id/registrations/export',
    {
      onRequest: [app.requireRole('organizer', 'admin')],
      schema: {
        tags: ['registrations'],
        summary: "Export an event's registrations as CSV (UTF-8 with BOM, for Excel/WPS) or XLSX",
        description: 'Resident IDs masked; formula-like CSV cells neutralised with a leading apostrophe; times in Beijing time.',
        security: [{ bearer: [] }],
        params: IdParams,
        querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' })) }),
        response: {
          200: binary('text/csv', 'CSV or XLSX (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)'),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const file = await documents.exportRegistrations(request.params.id, request.user, request.query.format ?? 'csv');
      return attachment(reply, file.filename, file.asciiFilename).type(file.contentType).send(file.body);
    },
  );
}
