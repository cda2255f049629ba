import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestOrigin } from '../lib/origin';
import { errors, Nullable, NullableSkillLevel } from '../lib/schemas';

/** RFC 6266 / 5987: an ASCII fallback for old clients, the real (Chinese) name in `filename*`. */
export function attachment(reply: FastifyReply, filename: string, asciiFallback: string) {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return reply
    .header('content-disposition', `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`)
    .header('cache-control', 'private, no-store');
}

export const binary = (mime: string, description: string) => ({
  description,
  content: { [mime]: { schema: { type: 'string', format: 'binary' } } },
});

export const SourceType = Type.Union([Type.Literal('contest'), Type.Literal('training')]);
const CodeParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 200, description: 'the verification code printed on the certificate' }),
});
const Source = Type.Object({ type: SourceType, title: Type.String(), trade: Nullable(Type.String()), organisation: Type.String() });

const Verified = Type.Object({
  certificateNo: Type.String({ description: 'e.g. GJ-2026-000123' }),
  holder: Type.Object({
    name: Type.String({ description: 'masked, e.g. 王*国' }),
    residentId: Nullable(Type.String({ description: 'masked, e.g. 320202********1234' })),
  }),
  level: NullableSkillLevel,
  levelName: Nullable(Type.String()),
  title: Nullable(Type.String({ description: 'e.g. 市技术能手' })),
  issuedOn: Type.String({ description: 'YYYY-MM-DD (Beijing)' }),
  source: Source,
});

const Mine = Type.Object({
  code: Type.String(),
  certificateNo: Type.String(),
  level: NullableSkillLevel,
  title: Nullable(Type.String()),
  issuedOn: Type.String(),
  source: Type.Object({
    type: SourceType,
    id: Type.Integer(),
    title: Type.String(),
    trade: Nullable(Type.String()),
    organisation: Type.String(),
  }),
});

/** Certificates (证书): public verification, the PDF, and a worker's own list. */
export default async function certificateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { certificates } = app.services;

  app.get(
    '/certificates/:code',
    {
      // 128-bit codes cannot be enumerated; the limit only keeps scrapers polite.
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['certificates'],
        summary: 'Verify a certificate by its code (anyone): holder as issued, masked; level, title, issue date, source',
        description: '404 NOT_FOUND for an unknown or forged code.',
        params: CodeParams,
        response: { 200: Verified, ...errors(404, 429) },
      },
    },
    async (request) => await certificates.verify(request.params.code),
  );

  app.post(
    '/certificates/lookup',
    {
      // a number and a full name are hard to guess together; the limit keeps anyone from trying names in bulk
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['certificates'],
        summary: 'Verify a certificate by its number together with the holder’s name as issued (anyone)',
        description:
          'The way Chinese certificate look-ups work (证书编号 + 姓名). The number alone reveals nothing: an unknown number and a name that ' +
          'does not match answer the same 404. The answer is that of GET /api/certificates/:code, with the verification `code`.',
        body: Type.Object(
          {
            certificateNo: Type.String({ minLength: 1, maxLength: 40, description: 'e.g. GJ-2026-000123' }),
            name: Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Intersect([Type.Object({ code: Type.String() }), Verified]), ...errors(400, 404, 429) },
      },
    },
    async (request) => certificates.lookup(request.body.certificateNo, request.body.name),
  );

  app.get(
    '/certificates/:code/pdf',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['certificates'],
        summary:
          'The certificate as a Chinese PDF (证书) with a QR code of /verify/<code>: the holder, or an organizer in scope of the issuing organisation',
        description: '404 for anyone else.',
        security: [{ bearer: [] }],
        params: CodeParams,
        response: { 200: binary('application/pdf', 'A4 landscape PDF'), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const { filename, asciiFilename, body } = await certificates.pdf(request.params.code, request.user, requestOrigin(request));
      return attachment(reply, filename, asciiFilename).type('application/pdf').send(body);
    },
  );

  app.get(
    '/me/certificates',
    {
      onRequest: [app.requireRole('worker')],
      schema: {
        tags: ['certificates'],
        summary: 'My certificates, newest first',
        security: [{ bearer: [] }],
        response: { 200: Type.Array(Mine), ...errors(401, 403) },
      },
    },
    async (request) => await certificates.mine(request.user.id),
  );
}
