import type { Config } from '../config';
import { SessionsService } from './sessions';
import type { FastifyBaseLogger } from 'fastify';
import { PhoneCodesService } from './phone-codes';
import { PostersService } from './posters';
import { smsSenderFor } from './sms';
import { WorkerIdentityService } from './worker-identity';
import { AccountsService } from './accounts';
import { AppealsService } from './appeals';
import { AuditTrail } from './audit';
import type { Database } from '../data/database';
import { AuditLogService } from './audit-log';
import { LoginThrottle } from './login-throttle';
import { OrganisationsService } from './organisations';
import { TradesService } from './trades';
import { ContestsService } from './contests';
import { DocumentsService } from './documents';
import { EventEditService } from './event-edit';
import { NominationsService } from './nominations';
import { Scope } from './scope';
import { RegistrationsService } from './registrations';
import { TrainingsService } from './trainings';
import { StagesService } from './stages';
import { StatsService } from './stats';
import { StatsReportService } from './stats-report';
import { CertificatesService } from './certificates';
import { JudgingAccess, JudgingService } from './judging';
import { PromotionRecords } from './promotion-records';
import { PromotionsService } from './promotions';
import { ResultsService } from './results';
import { RostersService } from './rosters';
import { TrainingCompletionService } from './training-completion';
import { JobQueue } from './jobs';
import { NotificationsService } from './notifications';
import { CheckInCodes } from './check-in-codes';

/**
 * The composition root: every service the app uses, built once per app around one database handle — the session store
 * too (the auth plugin checks tokens against it, the account services end sessions through it).
 */
export function buildServices(database: Database, config: Config, log: FastifyBaseLogger) {
  const sessions = new SessionsService(database, config.accessTtl, config.refreshTtl);
  const trail = new AuditTrail();
  const within = new Scope(database);
  const contests = new ContestsService(database, trail, within);
  const registrations = new RegistrationsService(database, trail, within);
  const stats = new StatsService(database, within);
  const sms = smsSenderFor(config);
  // the durable job queue and what it delivers (notifications, their SMS): the handlers are registered here, the
  // worker loop is started by the app (onReady) in every API process
  const jobs = new JobQueue(database, log);
  const notifications = new NotificationsService(database, trail, sms, config.publicOrigin);
  notifications.register(jobs);
  return {
    /** the caller's organisation subtree, for the routes' own checks */
    scope: within,
    sessions,
    auditLog: new AuditLogService(database, within),
    ...identityServices(database, trail, within, sessions, new PhoneCodesService(database, config.jwtSecret, sms, log)),
    orgs: new OrganisationsService(database, trail),
    rosters: new RostersService(database, trail, within),
    trades: new TradesService(database, trail),
    contests,
    registrations,
    documents: new DocumentsService(database, registrations),
    eventEdit: new EventEditService(database, trail, contests, registrations, within),
    stages: new StagesService(database, trail, within),
    nominations: new NominationsService(database, trail, within),
    ...skillServices(database, trail, within, new CheckInCodes(config.jwtSecret)),
    stats,
    statsReport: new StatsReportService(database, stats, within),
    jobs,
    notifications,
    posters: new PostersService(database, config.posterFont),
  };
}

/**
 * Accounts, worker identity, phone codes and the login throttle — built around the session store (made by the auth
 * plugin, which checks tokens against it) and the phone-code service (whose sender the configuration chooses).
 */
export function identityServices(
  database: Database,
  trail: AuditTrail,
  scope: Scope,
  sessions: SessionsService,
  phoneCodes: PhoneCodesService,
) {
  const identity = new WorkerIdentityService(database, trail);
  return {
    accounts: new AccountsService(database, trail, sessions, phoneCodes, identity, scope),
    identity,
    phoneCodes,
    loginThrottle: new LoginThrottle(database),
  };
}

/**
 * Judging, results, training classes, promotions and certificates — the services on the async data layer that record
 * skills — built once around their collaborators (also by the demo seed's history, with its own clock and database).
 */
export function skillServices(database: Database, trail: AuditTrail, scope: Scope, codes: CheckInCodes) {
  const access = new JudgingAccess(scope);
  const certificates = new CertificatesService(database, scope);
  const records = new PromotionRecords(trail, certificates);
  const trainings = new TrainingsService(database, trail, scope);
  return {
    judging: new JudgingService(database, trail, access),
    results: new ResultsService(database, trail, access),
    appeals: new AppealsService(database, trail, access),
    trainings,
    trainingCompletion: new TrainingCompletionService(database, trail, trainings, records, codes),
    promotions: new PromotionsService(database, trail, scope, records),
    certificates,
    promotionRecords: records,
  };
}

export type Services = ReturnType<typeof buildServices>;

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    config: Config;
    services: Services;
  }
}
