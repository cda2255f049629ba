import type { FastifyInstance } from 'fastify';
import appealRoutes from './appeals';
import auditRoutes from './audit';
import authRoutes from './auth';
import certificateRoutes from './certificates';
import contestRoutes from './contests';
import contestPosterRoutes from './contest-poster';
import eventRoutes from './events/event';
import eventJudgeRoutes from './events/judges';
import eventPromotionRoutes from './events/promotions';
import eventQuotaRoutes from './events/quotas';
import eventRegistrationRoutes from './events/registrations';
import eventResultRoutes from './events/results';
import eventStageRoutes from './events/stages';
import judgingRoutes from './judging';
import meRoutes from './me';
import notificationRoutes from './notifications';
import orgAndTradeRoutes from './orgs';
import orgMemberRoutes from './org-members';
import phoneCodeRoutes from './phone-codes';
import promotionRoutes from './promotions';
import quotaRoutes from './quotas';
import registrationRoutes from './registrations';
import statsRoutes from './stats';
import systemRoutes from './system';
import trainingClassRoutes from './trainings/classes';
import trainingCompletionRoutes from './trainings/completion';
import usersRoutes from './users';
import workerRoutes from './workers';

/**
 * Every route of the API, one file per resource (the first segment of its path; `/events/:id/*` in routes/events/,
 * `/trainings/*` in routes/trainings/; appeals.ts holds the appeal resource's paths under /registrations, /events and /appeals). Route files never import each other: what they share is in lib/http.ts.
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
  contestPosterRoutes,
  eventRoutes,
  eventRegistrationRoutes,
  eventJudgeRoutes,
  eventResultRoutes,
  eventPromotionRoutes,
  eventStageRoutes,
  eventQuotaRoutes,
  quotaRoutes,
  registrationRoutes,
  judgingRoutes,
  trainingClassRoutes,
  trainingCompletionRoutes,
  promotionRoutes,
  certificateRoutes,
  statsRoutes,
  auditRoutes,
  systemRoutes,
  appealRoutes,
  notificationRoutes,
] as const;

export async function registerRoutes(api: FastifyInstance): Promise<void> {
  for (const routes of ROUTES) await api.register(routes);
}
