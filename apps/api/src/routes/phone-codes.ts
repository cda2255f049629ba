import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { operations as op } from '@gongjiang/contract';
import { serve } from '../lib/http';
import { notFound } from '../lib/errors';
import { CODE_TTL_MS, COUNTER_CODE_TTL_MS } from '../services/phone-codes';
import { OutboxSender } from '../services/sms';

/** Phone codes (api-contract.md § Identity and sessions): asking for one, resetting a password with one, the demo outbox. */
export default async function phoneCodeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, phoneCodes } = app.services;
  const { config } = app;
  const rateLimit = { max: config.authRateLimit, timeWindow: '1 minute' };
  const outbox = phoneCodes.sender instanceof OutboxSender && config.smsOutboxPage ? phoneCodes.sender : null;

  serve(app, op.getAuthSettings, {}, async () => ({
    phoneVerification: phoneCodes.verifiesPhones,
    outboxPage: !!outbox,
    codeValidMinutes: CODE_TTL_MS / 60_000,
    resetCodeValidHours: COUNTER_CODE_TTL_MS / 3_600_000,
  }));

  serve(app, op.requestPhoneCode, { config: { rateLimit } }, async (request, reply) => {
    await phoneCodes.request(request.body.phone, request.body.purpose, request.ip);
    return reply.status(202).send({});
  });

  serve(app, op.resetPassword, { config: { rateLimit } }, async (request, reply) => {
    const { phone, code, password } = request.body;
    await accounts.resetPassword(phone, code, password);
    return reply.status(204).send(null);
  });

  serve(app, op.listSmsOutbox, { onRequest: [app.requireRole('admin')] }, async (request) => {
    if (!outbox) throw notFound('route');
    return { items: await outbox.newest(request.query.limit ?? 50, request.query.phone) };
  });
}
