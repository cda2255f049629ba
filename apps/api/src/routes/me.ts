import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { AppError, notFound } from '../lib/errors';
import { assertNewPassword, verifyPassword } from '../lib/passwords';
import { ACCESS_COOKIE } from '../plugins/auth';

/** The caller's own account, profile, password, registrations, enrolments and certificates. */
export default async function meRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, orgs, loginThrottle, registrations, trainings, certificates, notifications } = app.services;

  serve(app, op.getMe, { onRequest: [app.authenticate] }, async (request) => {
    const user = await accounts.byId(request.user.id);
    if (!user) throw notFound('user');
    const org = user.orgId ? await orgs.byId(user.orgId) : undefined;
    return {
      ...accounts.publicUser(user),
      orgName: org?.name ?? null,
      profile: await accounts.profileOf(user.id),
      smsNotifications: !!user.smsNotifications,
      unreadNotifications: await notifications.unread(user.id),
    };
  });

  serve(
    app,
    op.updateMyProfile,
    { onRequest: [app.requireRole('worker')] },
    async (request) => (await accounts.updateProfile(request.user.id, request.body))!,
  );

  serve(app, op.changeMyPassword, { onRequest: [app.authenticate] }, async (request, reply) => {
    const user = await accounts.byId(request.user.id);
    if (!user) throw new AppError(401, 'UNAUTHORIZED');
    assertNewPassword(request.body.password, user.phone);
    await loginThrottle.assertAllowed(user.phone, request.ip);
    if (!(await verifyPassword(user.passwordHash, request.body.currentPassword))) {
      await loginThrottle.fail(user.phone, request.ip);
      throw new AppError(401, 'BAD_CREDENTIALS');
    }
    const { user: changed, refresh } = await accounts.changePassword(user.id, request.body.password);
    const { accessToken, expiresIn } = app.issueSession(reply, changed, refresh);
    reply.setCookie(ACCESS_COOKIE, accessToken, {
      httpOnly: true,
      sameSite: 'lax',
      secure: app.config.cookieSecure,
      path: '/',
      maxAge: expiresIn,
    });
    return reply.status(204).send(null);
  });

  serve(app, op.listMyRegistrations, { onRequest: [app.requireRole('worker')] }, async (request) => registrations.mine(request.user.id));

  serve(app, op.listMyEnrolments, { onRequest: [app.requireRole('worker')] }, async (request) => trainings.mine(request.user.id));

  serve(
    app,
    op.listMyCertificates,
    { onRequest: [app.requireRole('worker')] },
    async (request) => await certificates.mine(request.user.id),
  );
}
