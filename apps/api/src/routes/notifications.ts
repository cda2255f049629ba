import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { notFound } from '../lib/errors';

/** The caller's notifications and their SMS opt-in; the job queue's admin view (api-contract.md § Notifications). */
export default async function notificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { notifications, jobs } = app.services;

  serve(app, op.listMyNotifications, { onRequest: [app.authenticate] }, async (request) => {
    const q = request.query;
    return notifications.list(request.user.id, q.unread ?? false, q.page ?? 1, q.pageSize ?? 20);
  });

  serve(app, op.markMyNotificationsRead, { onRequest: [app.authenticate] }, async (request, reply) => {
    const body = request.body;
    await notifications.markRead(request.user.id, 'ids' in body ? body.ids : null);
    return reply.status(204).send(null);
  });

  serve(app, op.getMyNotificationSettings, { onRequest: [app.authenticate] }, async (request) => ({
    smsNotifications: await notifications.smsSetting(request.user.id),
  }));

  serve(app, op.updateMyNotificationSettings, { onRequest: [app.authenticate] }, async (request) =>
    notifications.setSms(request.user.id, request.body.smsNotifications),
  );

  serve(app, op.listJobs, { onRequest: [app.requireRole('admin')] }, async () => jobs.overview());

  serve(app, op.retryJob, { onRequest: [app.requireRole('admin')] }, async (request, reply) => {
    if (!(await jobs.retry(request.params.id))) throw notFound('job');
    return reply.status(204).send(null);
  });
}
