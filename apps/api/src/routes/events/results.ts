import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { validation } from '../../lib/errors';
import { decodeText, type ImportPayload } from '../../services/results';
import { IMPORT_LIMITS } from '../../services/table-import';
import { optionalUser, serve } from '../../lib/http';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An event's theory scores and results: import, compute, publish, export. */
export default async function eventResultRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { results } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  // Import bodies (this plugin only): CSV text in any of the encodings Excel saves, XLSX as raw bytes.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_request, body, done) => done(null, decodeText(body as Buffer)));
  app.addContentTypeParser(['application/octet-stream', XLSX_MIME], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  serve(
    app,
    op.saveTheoryScores,
    { onRequest: [organizer] },
    async (request) =>
      await results.setTheory(
        request.params.id,
        request.body.map((r, i) => ({ row: i + 1, bib: r.bib, score: r.score })),
        request.user,
      ),
  );

  serve(app, op.importTheoryScores, { onRequest: [organizer], bodyLimit: IMPORT_LIMITS.fileBytes }, async (request) => {
    const body: unknown = request.body;
    let payload: ImportPayload;
    if (Buffer.isBuffer(body)) payload = { xlsx: body };
    else if (typeof body === 'string') payload = { csv: body };
    else if (body && typeof body === 'object' && typeof (body as { csv?: unknown }).csv === 'string')
      payload = { csv: (body as { csv: string }).csv };
    else throw validation('body: send a CSV (text/csv or JSON {csv}) or an XLSX file (application/octet-stream)', '', 'type');
    return await results.importTheory(request.params.id, payload, request.user);
  });

  serve(app, op.getResults, {}, async (request) => await results.results(request.params.id, await optionalUser(app, request)));

  serve(app, op.getResultsInfo, {}, async (request) => await results.info(request.params.id, await optionalUser(app, request)));

  serve(app, op.getResultsProgress, { onRequest: [organizer] }, async (request) => await results.progress(request.params.id, request.user));

  serve(app, op.publishResults, { onRequest: [organizer] }, async (request) => await results.publish(request.params.id, request.user));

  serve(
    app,
    op.getResultsByJudge,
    { onRequest: [app.authenticate] },
    async (request) => await results.judgeReport(request.params.id, request.user),
  );

  serve(app, op.exportResults, { onRequest: [organizer] }, async (request, reply) => {
    const file = await results.exportResults(request.params.id, request.query.format ?? 'csv', request.user);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.body);
  });
}
