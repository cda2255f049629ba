import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { notFound, validation } from '../lib/errors';

/** A worker as organizers see them: the record, the skill history, identity corrections. */
export default async function workerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { promotions, accounts, identity } = app.services;
  const organizer = app.requireRole('organizer', 'admin');

  serve(
    app,
    op.getWorker,
    { onRequest: [app.authenticate] },
    async (request) => await promotions.workerProfile(request.params.id, request.user),
  );

  serve(
    app,
    op.getSkillHistory,
    { onRequest: [app.authenticate] },
    async (request) => await promotions.skillHistory(request.params.id, request.user),
  );

  serve(app, op.correctWorkerIdentity, { onRequest: [organizer] }, async (request) => {
    const target = await accounts.managedUser(request.user, request.params.id);
    if (!target.roles.includes('worker')) throw notFound('user');
    const { name, idNumber, reason } = request.body;
    if (name === undefined && idNumber === undefined) throw validation('body: give name or idNumber', '', 'required');
    return identity.correct(target, { name, idNumber }, reason.trim(), request.user.id);
  });
}
