/**
 * Every table, written once against a Kit (../kit.ts) and built per dialect: `sqliteTables` for the embedded default,
 * `pgTables` for PostgreSQL. drizzle-kit reads ./sqlite.ts, which exports one of them by name.
 */
import { pgKit, sqliteKit, type Kit } from '../kit';
import { appealTables } from './appeals';
import { auditTables } from './audit';
import { certificateTables } from './certificates';
import { contestTables } from './contests';
import { jobTables } from './jobs';
import { judgingTables } from './judging';
import { metaTables } from './meta';
import { organisationTables } from './organisations';
import { promotionTables } from './promotions';
import { quotaTables } from './quotas';
import { sessionTables } from './sessions';
import { stageTables } from './stages';
import { statsTables } from './stats';
import { trainingTables } from './training';
import { userTables } from './users';

export function defineTables(k: Kit) {
  const orgs = organisationTables(k);
  const users = userTables(k, orgs);
  const base = { ...orgs, ...users };
  const contests = contestTables(k, base);
  const training = trainingTables(k, base);
  const all = { ...base, ...contests, ...training };
  return {
    ...all,
    ...judgingTables(k, all),
    ...promotionTables(k, all),
    ...certificateTables(k),
    ...auditTables(k, all),
    ...statsTables(k, all),
    ...metaTables(k),
    ...sessionTables(k, all),
    ...stageTables(k, contests),
    ...appealTables(k, all),
    ...quotaTables(k, all),
    ...jobTables(k, users),
  };
}

export type Tables = ReturnType<typeof defineTables>;

export const sqliteTables: Tables = defineTables(sqliteKit);
export const pgTables: Tables = defineTables(pgKit);

export { REGISTRATION_STATUSES } from './contests';
export { ENROLMENT_STATUSES } from './training';
export type { Role } from './users';
export { CODE_PURPOSES, type CodePurpose } from './sessions';
