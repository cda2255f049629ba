import type { FastifyInstance } from 'fastify';
import { requestOrigin } from '../lib/origin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { attachment, serve } from '../lib/http';

/** One registration: cancel, decide (one or in bulk), check in, its ticket. */
export default async function registrationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { registrations, documents } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(app, op.cancelRegistration, { onRequest: [app.authenticate] }, async (request) => {
    return registrations.cancel(request.params.id, request.user, request.body?.reason ?? null);
  });

  for (const decision of ['approve', 'reject'] as const) {
    const operation = op[decision === 'approve' ? 'approveRegistration' : 'rejectRegistration'];
    serve(app, operation, { onRequest: [organizer] }, async (request) =>
      registrations.decide(request.params.id, decision, request.user, request.body?.reason ?? null),
    );
  }

  serve(app, op.decideRegistrations, { onRequest: [organizer] }, async (request) =>
    registrations.decideMany(request.body.ids, request.body.decision, request.user, request.body.reason),
  );

  serve(app, op.checkInContestant, { onRequest: [organizer] }, async (request) => registrations.checkIn(request.body.code, request.user));

  serve(app, op.getAdmissionTicket, { onRequest: [app.authenticate] }, async (request, reply) => {
    const { filename, asciiFilename, body } = await documents.ticketPdf(request.params.id, request.user, requestOrigin(request));
    return attachment(reply, filename, asciiFilename).type('application/pdf').send(body);
  });
}
