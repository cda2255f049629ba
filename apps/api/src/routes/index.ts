import type { FastifyInstance } from 'fastify';
import auditRoutes from './audit';
import authRoutes from './auth';
import certificateRoutes from './certificates';
import contestRoutes from './contests';
import eventRoutes from './events/event';
import eventJudgeRoutes from './events/judges';
import eventPromotionRoutes from './events/promotions';
import eventRegistrationRoutes from './events/registrations';
import eventResultRoutes from './events/results';
import judgingRoutes from './judging';
import meRoutes from './me';
import orgAndTradeRoutes from './orgs';
import orgMemberRoutes from './org-members';
import phoneCodeRoutes from './phone-codes';
import promotionRoutes from './promotions';
import registrationRoutes from './registrations';
import statsRoutes from './stats';
import systemRoutes from './system';
import trainingClassRoutes from './trainings/classes';
import trainingCompletionRoutes from './trainings/completion';
import usersRoutes from './users';
import workerRoutes from './workers';

/**
 * Every route of the API, one file per resource (the first segment of its path; `/events/:id/*` in routes/events/,
 * `/trainings/*` in routes/trainings/). Route files never import each other: what they share is in lib/http.ts.
 * Registered explicitly rather than autoloaded, so the production bundle is one file with no directory scanning.
 */
export const ROUTES = [
  authRoutes,
  phoneCodeRoutes,
  meRoutes,
  usersRoutes,
  workerRoutes,
  orgAndTradeRoutes,
  orgMemberRoutes,
  contestRoutes,
  eventRoutes,
  eventRegistrationRoutes,
  eventJudgeRoutes,
  eventResultRoutes,
  eventPromotionRoutes,
  registrationRoutes,
  judgingRoutes,
  trainingClassRoutes,
  trainingCompletionRoutes,
  promotionRoutes,
  certificateRoutes,
  statsRoutes,
  auditRoutes,
  systemRoutes,
] as const;

export async function registerRoutes(api: FastifyInstance): Promise<void> {
  for (const routes of ROUTES) await api.register(routes);
}
