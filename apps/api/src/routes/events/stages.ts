import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../../lib/http';

/** A final and its preliminaries (预赛 → 决赛): advance the qualifiers. */
export default async function eventStageRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { stages } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(app, op.advanceToFinal, { onRequest: [organizer] }, async (request) => stages.advance(request.params.id, request.user));
}
