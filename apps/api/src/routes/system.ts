import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { hasDemoData } from '../data/repos/meta';
import { AppError, langOf } from '../lib/errors';

/** GET /api/health (api-contract.md § Starting it): what outside clients and the web app poll. */
export default async function systemRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  serve(app, op.getHealth, {}, async (request, reply) => {
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
  });
}
