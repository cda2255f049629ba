import type { FastifyInstance } from 'fastify';
import { requestOrigin } from '../lib/origin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { attachment } from '../lib/http';

/** One registration: cancel, decide (one or in bulk), check in, its ticket. */
export default async function registrationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { registrations, documents } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  app.delete(
    '/registrations/:id',
    {
      onRequest: [app.authenticate],
      schema: op.cancelRegistration.schema,
    },
    async (request) => {
      return registrations.cancel(request.params.id, request.user, request.body?.reason ?? null);
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/registrations/:id/${decision}`,
      {
        onRequest: [organizer],
        schema: op[decision === 'approve' ? 'approveRegistration' : 'rejectRegistration'].schema,
      },
      async (request) => registrations.decide(request.params.id, decision, request.user, request.body?.reason ?? null),
    );
  }

  app.post(
    '/registrations/bulk',
    {
      onRequest: [organizer],
      schema: op.decideRegistrations.schema,
    },
    async (request) => registrations.decideMany(request.body.ids, request.body.decision, request.user, request.body.reason),
  );

  app.post(
    '/registrations/check-in',
    {
      onRequest: [organizer],
      schema: op.checkInContestant.schema,
    },
    async (request) => registrations.checkIn(request.body.code, request.user),
  );

  app.get(
    '/registrations/:id/ticket.pdf',
    {
      onRequest: [app.authenticate],
      schema: op.getAdmissionTicket.schema,
    },
    async (request, reply) => {
      const { filename, asciiFilename, body } = await documents.ticketPdf(request.params.id, request.user, requestOrigin(request));
      return attachment(reply, filename, asciiFilename).type('application/pdf').send(body);
    },
  );
}
