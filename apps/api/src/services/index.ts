import type { Config } from '../config';
import type { Db } from '../db';
import type { OrgScope } from '../plugins/auth';
import type { SessionsService } from './sessions';
import type { FastifyBaseLogger } from 'fastify';
import { PhoneCodesService } from './phone-codes';
import { smsSenderFor } from './sms';
import { WorkerIdentityService } from './worker-identity';
import { AccountsService } from './accounts';
import { AuditService, AuditTrail } from './audit';
import type { Database } from '../data/database';
import { AuditLogService } from './audit-log';
import { LoginThrottle } from './login-throttle';
import { OrganisationsService } from './organisations';
import { TradesService } from './trades';
import { ContestsService } from './contests';
import { DocumentsService } from './documents';
import { EventEditService } from './event-edit';
import { Scope } from './scope';
import { RegistrationsService } from './registrations';
import { TrainingsService } from './trainings';
import { promotionServices } from './promotions';
import { judgingServices } from './results';
import { StatsService } from './stats';
import { StatsReportService } from './stats-report';

/** Every service the routes use, built once per app around one database handle. */
export function buildServices(database: Database, db: Db, config: Config, scope: OrgScope, sessions: SessionsService, log: FastifyBaseLogger) {
  const audit = new AuditService(db);
  const trail = new AuditTrail();
  const within = new Scope(database);
  const contests = new ContestsService(database, trail, within);
  const registrations = new RegistrationsService(database, trail, within);
  const judging = judgingServices(db, audit, scope);
  const stats = new StatsService(database, within);
  const phoneCodes = new PhoneCodesService(db, config.jwtSecret, smsSenderFor(config), log);
  const identity = new WorkerIdentityService(db, audit);
  return {
    audit,
    auditLog: new AuditLogService(database, within),
    accounts: new AccountsService(db, audit, sessions, phoneCodes, identity),
    identity,
    phoneCodes,
    loginThrottle: new LoginThrottle(db),
    orgs: new OrganisationsService(database, trail),
    trades: new TradesService(database, trail),
    contests,
    registrations,
    documents: new DocumentsService(database, registrations),
    eventEdit: new EventEditService(database, trail, contests, registrations, within),
    trainings: new TrainingsService(db, audit, scope),
    ...promotionServices(db, audit, scope),
    ...judging,
    stats,
    statsReport: new StatsReportService(database, stats, within),
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
