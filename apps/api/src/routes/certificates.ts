import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { attachment } from '../lib/http';
import { requestOrigin } from '../lib/origin';

/** Certificates: public verification, lookup, the PDF. */
export default async function certificateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { certificates } = app.services;

  app.get(
    '/certificates/:code',
    {
      // 128-bit codes cannot be enumerated; the limit only keeps scrapers polite.
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: op.verifyCertificate.schema,
    },
    async (request) => await certificates.verify(request.params.code),
  );

  app.post(
    '/certificates/lookup',
    {
      // a number and a full name are hard to guess together; the limit keeps anyone from trying names in bulk
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: op.lookupCertificate.schema,
    },
    async (request) => certificates.lookup(request.body.certificateNo, request.body.name),
  );

  app.get(
    '/certificates/:code/pdf',
    {
      onRequest: [app.authenticate],
      schema: op.getCertificatePdf.schema,
    },
    async (request, reply) => {
      const { filename, asciiFilename, body } = await certificates.pdf(request.params.code, request.user, requestOrigin(request));
      return attachment(reply, filename, asciiFilename).type('application/pdf').send(body);
    },
  );
}
