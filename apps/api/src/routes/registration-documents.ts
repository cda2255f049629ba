import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';

/** RFC 6266 / 5987: an ASCII fallback for old clients, the real (Chinese) name in `filename*`. */
function attachment(reply: FastifyReply, filename: string, asciiFallback: string) {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return reply
    .header('content-disposition', `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`)
    .header('cache-control', 'private, no-store');
}

/** Admission ticket PDF and the event's registration-list export (api-contract.md § Registrations). */
export default async function registrationDocumentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { documents } = app.services;

  app.get(
    '/registrations/:id/ticket.pdf',
    {
      onRequest: [app.authenticate],
      schema: op.getAdmissionTicket.schema,
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
      schema: op.exportRegistrations.schema,
    },
    async (request, reply) => {
      const file = await documents.exportRegistrations(request.params.id, request.user, request.query.format ?? 'csv');
      return attachment(reply, file.filename, file.asciiFilename).type(file.contentType).send(file.body);
    },
  );
}
