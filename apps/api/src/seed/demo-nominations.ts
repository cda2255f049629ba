/**
 * The demo's city contest run by nominations (单位推荐/名额分配; issue 16): a nomination-only event of the city
 * federation with quotas for a district and two base unions, and a few nominations — made through the product's own
 * services (ContestsService, NominationsService) inside the seed's transaction, audited as an organizer's would be.
 * Runs after the seed has synced its id sequences: these rows take the next ids.
 */
import { and, asc, eq, gte, isNotNull, lt, notLike } from 'drizzle-orm';
import type { Database, Tx } from '../data/database';
import { AuditTrail } from '../services/audit';
import { ContestsService } from '../services/contests';
import { NominationsService } from '../services/nominations';
import { Scope, type Caller } from '../services/scope';
import { databaseInTransaction } from './in-transaction';

const DAY = 86_400_000;

/** Demo accounts (139 0000 0xxx) stay out of it: the other e2e journeys count their registrations. */
async function workersOf(t: Tx, orgPath: string, tradeId: number, n: number): Promise<number[]> {
  const { users, workerProfiles, organisations } = t.s;
  const rows = await t.orm
    .select({ id: users.id })
    .from(users)
    .innerJoin(workerProfiles, eq(workerProfiles.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
    .where(
      and(
        gte(organisations.path, orgPath),
        lt(organisations.path, orgPath.slice(0, -1) + '0'),
        eq(workerProfiles.tradeId, tradeId),
        eq(workerProfiles.unionMember, true),
        isNotNull(workerProfiles.idNumber),
        notLike(users.phone, '1390000%'),
      ),
    )
    .orderBy(asc(users.id))
    .limit(n);
  return rows.map((r) => r.id);
}

export async function seedNominations(
  db: Database,
  t: Tx,
  opts: {
    now: Date;
    org: (name: string) => { id: number; path: string };
    tradeId: (name: string) => number;
    caller: (phone: string) => Caller;
  },
): Promise<void> {
  const { now } = opts;
  const database = databaseInTransaction(db, t);
  const audit = new AuditTrail(() => now);
  const scope = new Scope(database);
  const contests = new ContestsService(database, audit, scope);
  const nominations = new NominationsService(database, audit, scope);
  const city = opts.caller('13900000002');
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();

  const contest = await contests.create(
    {
      title: `${new Date(now.getTime() + 8 * 3600_000).getUTCFullYear()}年无锡市职工电工技能大赛（单位推荐）`,
      description: '本届大赛由市总工会向各区总工会和重点企业工会分配参赛名额，由各单位推荐职工参赛，不接受个人报名。',
      tier: 'city',
      orgId: opts.org('无锡市总工会').id,
      inPlan: true,
      venue: '无锡技师学院实训中心',
      registrationOpensAt: at(-4),
      registrationClosesAt: at(14),
      startsAt: at(30),
      endsAt: at(31),
    },
    city,
  );
  const electrician = opts.tradeId('电工');
  const event = await contests.addEvent(
    contest.id,
    { tradeId: electrician, capacity: 16, targetLevel: 'senior', registrationMode: 'nomination', eligibility: { unionMemberOnly: true } },
    city,
  );
  await contests.publish(contest.id, city);

  const liangxi = opts.org('梁溪区总工会');
  const power = opts.org('无锡供电公司工会');
  const binhu = opts.org('滨湖区总工会');
  await nominations.set(
    event.id,
    [
      { orgId: liangxi.id, seats: 6 },
      { orgId: power.id, seats: 3 },
      { orgId: binhu.id, seats: 5 },
    ],
    city,
  );
  // the power company's union nominates two of its electricians, the Liangxi district union two of its own
  const fromPower = await workersOf(t, power.path, electrician, 2);
  await nominations.nominate(event.id, fromPower, opts.caller('13900000004'), 'zh', now);
  const fromLiangxi = (await workersOf(t, liangxi.path, electrician, 6)).filter((id) => !fromPower.includes(id)).slice(0, 2);
  await nominations.nominate(event.id, fromLiangxi, opts.caller('13900000003'), 'zh', now);
}
