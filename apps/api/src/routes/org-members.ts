import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { AppError, langOf, validation } from '../lib/errors';
import { IMPORT_LIMITS } from '../services/table-import';

/** A base union's members: the roster import (multipart/form-data, field `file`) and its template. */
export default async function orgMemberRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { rosters } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  // multipart bodies for this plugin only: one file part, within the import limit (busboy stops reading past it)
  await app.register(multipart, {
    limits: { fileSize: IMPORT_LIMITS.fileBytes, files: 1, fields: 10, parts: 12, fieldSize: 1000, headerPairs: 100 },
  });

  serve(app, op.importMembers, { onRequest: [organizer], bodyLimit: IMPORT_LIMITS.fileBytes + 64 * 1024 }, async (request) => {
    if (!request.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE');
    let upload: { filename: string; bytes: Buffer } | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== 'file') {
          part.file.resume();
          continue;
        }
        const bytes = await part.toBuffer();
        upload = { filename: part.filename, bytes };
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
        throw new AppError(413, 'FILE_TOO_LARGE', { detail: `larger than ${IMPORT_LIMITS.fileBytes / 2 ** 20} MiB` });
      if (typeof code === 'string' && code.startsWith('FST_'))
        throw validation('file: the upload is not a readable multipart/form-data body', 'file', 'invalid');
      throw e;
    }
    if (!upload || upload.bytes.length === 0)
      throw validation('file is required: send the roster as multipart/form-data field `file`', 'file', 'required');
    return await rosters.importRoster(request.params.id, upload, request.user, langOf(request.headers['accept-language']));
  });

  serve(app, op.getMembersTemplate, { onRequest: [organizer] }, async (request, reply) => {
    const file = await rosters.template(request.params.id, request.user, request.query.format ?? 'csv');
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.body);
  });
}
