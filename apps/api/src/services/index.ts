import type { Config } from '../config';
import type { Db } from '../db';
import type { OrgScope } from '../plugins/auth';
import type { SessionsService } from './sessions';
import type { FastifyBaseLogger } from 'fastify';
import { PhoneCodesService } from './phone-codes';
import { smsSenderFor } from './sms';
import { WorkerIdentityService } from './worker-identity';
import { AccountsService } from './accounts';
import { AuditService } from './audit';
import { AuditLogService } from './audit-log';
import { LoginThrottle } from './login-throttle';
import { OrganisationsService } from './organisations';
import { TradesService } from './trades';
import { ContestsService } from './contests';
import { EventEditService } from './event-edit';
import { RegistrationsService } from './registrations';
import { TrainingsService } from './trainings';
import { promotionServices } from './promotions';
import { judgingServices } from './results';
import { StatsService } from './stats';

/** Every service the routes use, built once per app around one database handle. */
export function buildServices(db: Db, config: Config, scope: OrgScope, sessions: SessionsService, log: FastifyBaseLogger) {
  const audit = new AuditService(db);
  const contests = new ContestsService(db, audit, scope);
  const registrations = new RegistrationsService(db, audit, scope);
  const judging = judgingServices(db, audit, scope);
  const phoneCodes = new PhoneCodesService(db, config.jwtSecret, smsSenderFor(config), log);
  const identity = new WorkerIdentityService(db, audit);
  return {
    audit,
    auditLog: new AuditLogService(db, scope),
    accounts: new AccountsService(db, audit, sessions, phoneCodes, identity),
    identity,
    phoneCodes,
    loginThrottle: new LoginThrottle(db),
    orgs: new OrganisationsService(db, audit),
    trades: new TradesService(db, audit),
    contests,
    registrations,
    eventEdit: new EventEditService(db, audit, contests, registrations, judging.judging.access),
    trainings: new TrainingsService(db, audit, scope),
    ...promotionServices(db, audit, scope),
    ...judging,
    stats: new StatsService(db, scope),
  };
}

export type Services = ReturnType<typeof buildServices>;

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    services: Services;
  }
}
