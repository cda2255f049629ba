import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { notFound } from '../lib/errors';

/** The caller's notifications and their SMS opt-in; the job queue's admin view (api-contract.md § Notifications). */
export default async function notificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { notifications, jobs } = app.services;

  app.get('/me/notifications', { onRequest: [app.authenticate], schema: op.listMyNotifications.schema }, async (request) => {
    const q = request.query;
    return notifications.list(request.user.id, q.unread ?? false, q.page ?? 1, q.pageSize ?? 20);
  });

  app.post('/me/notifications/read', { onRequest: [app.authenticate], schema: op.markMyNotificationsRead.schema }, async (request, reply) => {
    const body = request.body;
    await notifications.markRead(request.user.id, 'ids' in body ? body.ids : null);
    return reply.status(204).send(null);
  });

  app.get('/me/notification-settings', { onRequest: [app.authenticate], schema: op.getMyNotificationSettings.schema }, async (request) => ({
    smsNotifications: await notifications.smsSetting(request.user.id),
  }));

  app.put('/me/notification-settings', { onRequest: [app.authenticate], schema: op.updateMyNotificationSettings.schema }, async (request) =>
    notifications.setSms(request.user.id, request.body.smsNotifications),
  );

  app.get('/admin/jobs', { onRequest: [app.requireRole('admin')], schema: op.listJobs.schema }, async () => jobs.overview());

  app.post('/admin/jobs/:id/retry', { onRequest: [app.requireRole('admin')], schema: op.retryJob.schema }, async (request, reply) => {
    if (!(await jobs.retry(request.params.id))) throw notFound('job');
    return reply.status(204).send(null);
  });
}
