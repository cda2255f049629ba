import type { Config } from '../config';
import type { Db } from '../db';
import type { OrgScope } from '../plugins/auth';
import { AccountsService } from './accounts';
import { AuditService, AuditTrail } from './audit';
import type { Database } from '../data/database';
import { AuditLogService } from './audit-log';
import { LoginThrottle } from './login-throttle';
import { OrganisationsService } from './organisations';
import { TradesService } from './trades';
import { ContestsService } from './contests';
import { EventEditService } from './event-edit';
import { RegistrationsService } from './registrations';
import { TrainingsService } from './trainings';
import { StatsService } from './stats';
import { CertificatesService } from './certificates';
import { EventAccess, JudgingAccess, JudgingService } from './judging';
import { PromotionRecords } from './promotion-records';
import { PromotionsService } from './promotions';
import { ResultsService } from './results';
import { Scope } from './scope';
import { TrainingCompletionService } from './training-completion';

/** Every service the routes use, built once per app around one database handle. */
export function buildServices(database: Database, db: Db, config: Config, scope: OrgScope) {
  const audit = new AuditService(db);
  const trail = new AuditTrail();
  const contests = new ContestsService(db, audit, scope);
  const registrations = new RegistrationsService(db, audit, scope);
  return {
    audit,
    auditLog: new AuditLogService(db, scope),
    accounts: new AccountsService(db, audit, config.refreshTtl),
    loginThrottle: new LoginThrottle(),
    orgs: new OrganisationsService(database, trail),
    trades: new TradesService(database, trail),
    contests,
    registrations,
    eventEdit: new EventEditService(db, audit, contests, registrations, new EventAccess(db, scope)),
    ...skillServices(database, trail, new Scope(database)),
    stats: new StatsService(db, scope),
  };
}

/**
 * Judging, results, training classes, promotions and certificates — the services on the async data layer that record
 * skills — built once around their collaborators (also by the demo seed's history, with its own clock and database).
 */
export function skillServices(database: Database, trail: AuditTrail, scope: Scope) {
  const access = new JudgingAccess(scope);
  const certificates = new CertificatesService(database, scope);
  const records = new PromotionRecords(trail, certificates);
  const trainings = new TrainingsService(database, trail, scope);
  return {
    judging: new JudgingService(database, trail, access),
    results: new ResultsService(database, trail, access),
    trainings,
    trainingCompletion: new TrainingCompletionService(database, trail, trainings, records),
    promotions: new PromotionsService(database, trail, scope, records),
    certificates,
  };
}

export type Services = ReturnType<typeof buildServices>;

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    db: Db;
    config: Config;
    services: Services;
  }
}
