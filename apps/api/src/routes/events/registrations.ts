import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { attachment, serve } from '../../lib/http';

/** An event's registrations: register, the organizer's list, the draw, check-ins, the export. */
export default async function eventRegistrationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { registrations, documents } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(app, op.registerForEvent, { onRequest: [app.requireRole('worker')] }, async (request, reply) =>
    reply.status(201).send(await registrations.register(request.params.id, request.user)),
  );

  serve(app, op.listEventRegistrations, { onRequest: [organizer] }, async (request) => {
    const { page = 1, pageSize = 20, status, q } = request.query;
    return registrations.listForEvent(request.params.id, request.user, { status: status as never, q, page, pageSize });
  });

  serve(app, op.drawBibs, { onRequest: [organizer] }, async (request) =>
    registrations.draw(request.params.id, request.body?.seed ?? null, request.user),
  );

  serve(app, op.listCheckIns, { onRequest: [organizer] }, async (request) => registrations.checkedIn(request.params.id, request.user));

  serve(app, op.exportRegistrations, { onRequest: [app.requireRole('organizer', 'admin')] }, async (request, reply) => {
    const file = await documents.exportRegistrations(request.params.id, request.user, request.query.format ?? 'csv');
    return attachment(reply, file.filename, file.asciiFilename).type(file.contentType).send(file.body);
  });
}
