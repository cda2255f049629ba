import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { hasDemoData } from '../data/repos/meta';
import { AppError, langOf } from '../lib/errors';

/** GET /api/health (api-contract.md § Starting it): what outside clients and the web app poll. */
export default async function systemRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const Health = Type.Object({
    ok: Type.Boolean(),
    db: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
    writable: Type.Boolean({ description: 'a write probe committed just now' }),
    demo: Type.Boolean({ description: 'the database holds the demo data set (public demo passwords)' }),
    code: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
  });
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check: 503 {ok:false} while the database cannot be written',
        description:
          'Commits a one-row write probe each time. While it fails (read-only file, full disk) the answer is 503; a read-only connection is reopened as soon as the file can be written again.',
        response: { 200: Health, 503: Health },
      },
    },
    async (request, reply) => {
      const { database } = app;
      const check = await database.checkWritable();
      let demo = false;
      try {
        demo = await hasDemoData(database.read);
      } catch {
        // unreadable: the probe has already said what matters
      }
      if (check.writable) return { ok: true, db: database.dialect, writable: true, demo };
      request.log.error({ problem: check.problem }, 'database not writable');
      const message = new AppError(503, 'UNAVAILABLE').messageIn(langOf(request.headers['accept-language']));
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ ok: false, db: database.dialect, writable: false, demo, code: 'UNAVAILABLE', message });
    },
  );
}
