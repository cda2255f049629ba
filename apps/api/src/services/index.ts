import type { Config } from '../config';
import type { Db } from '../db';
import { AccountsService } from './accounts';
import { AuditService } from './audit';
import { LoginThrottle } from './login-throttle';
import { OrganisationsService } from './organisations';
import { TradesService } from './trades';

/** Every service the routes use, built once per app around one database handle. */
export function buildServices(db: Db, config: Config) {
  const audit = new AuditService(db);
  return {
    audit,
    accounts: new AccountsService(db, audit, config.refreshTtl),
    loginThrottle: new LoginThrottle(),
    orgs: new OrganisationsService(db, audit),
    trades: new TradesService(db, audit),
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
