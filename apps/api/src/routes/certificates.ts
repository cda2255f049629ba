import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { attachment, serve } from '../lib/http';
import { requestOrigin } from '../lib/origin';

/** Certificates: public verification, lookup, the PDF. */
export default async function certificateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { certificates } = app.services;

  // 128-bit codes cannot be enumerated; the limit only keeps scrapers polite.
  serve(
    app,
    op.verifyCertificate,
    { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } },
    async (request) => await certificates.verify(request.params.code),
  );

  // a number and a full name are hard to guess together; the limit keeps anyone from trying names in bulk
  serve(app, op.lookupCertificate, { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request) =>
    certificates.lookup(request.body.certificateNo, request.body.name),
  );

  serve(app, op.getCertificatePdf, { onRequest: [app.authenticate] }, async (request, reply) => {
    const { filename, asciiFilename, body } = await certificates.pdf(request.params.code, request.user, requestOrigin(request));
    return attachment(reply, filename, asciiFilename).type('application/pdf').send(body);
  });
}
