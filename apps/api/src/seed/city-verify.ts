/**
 * The seven figures of the annual report counted straight from the raw tables, written from the
 * definitions in domain.md § The annual report — independently of the summary tables and triggers
 * (data/stats-sql.ts) that GET /api/stats/annual reads. The city-scale test and benchmark
 * compare the two, on either backend.
 *
 * Deliberate differences in how they are written: the subtree is a LIKE prefix on the path, the
 * year is the Beijing year of the instant (data/dialect.ts beijingYearOf, not the summaries' own
 * SQL), a promotion's organisation is found through its contest or class (not promotions.org_id),
 * and "into high-skill" is decided from the two levels (not the became_high_skill flag).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Handle } from '../data/database';
import { beijingYearOf } from '../data/dialect';
import type { AnnualFigures } from '../services/stats';

const HIGH = sql.raw(`('senior', 'technician', 'senior_technician', 'special_technician', 'chief_technician')`);

export async function independentFigures(h: Handle, year: number, orgId: number): Promise<AnnualFigures> {
  const sub = sql`(select id from organisations where path like (select path from organisations where id = ${orgId}) || '%')`;
  // held = published: a cancelled contest was not held, a draft never announced
  const heldContests = sql`select c.id from contests c where c.org_id in ${sub} and c.status = 'published' and ${beijingYearOf(h, sql`c.starts_at`)} = ${year}`;
  // held classes: published or completed, with a first session in the year
  const heldClasses = sql`select t.id from training_classes t where t.org_id in ${sub} and t.status in ('published', 'completed') and ${beijingYearOf(h, sql`t.first_session_at`)} = ${year}`;
  const one = async (q: SQL) => (await h.get<{ n: number }>(q))!.n;
  const promotionsOf = sql`from promotions p
      left join events e on e.id = p.event_id left join contests k on k.id = e.contest_id
      left join training_classes t on t.id = p.training_class_id
     where coalesce(k.org_id, t.org_id) in ${sub} and substr(p.promoted_on, 1, 4) = ${String(year)}`;
  return {
    contests: await one(sql`select count(*) as "n" from (${heldContests}) x`),
    trades: await one(sql`select count(distinct e.trade_id) as "n" from events e where e.contest_id in (${heldContests})`),
    participants: await one(
      sql`select count(*) as "n" from registrations r join events e on e.id = r.event_id where e.contest_id in (${heldContests}) and r.status = 'confirmed'`,
    ),
    trainingClasses: await one(sql`select count(*) as "n" from (${heldClasses}) x`),
    trainees: await one(sql`select count(*) as "n" from enrolments n where n.class_id in (${heldClasses}) and n.status = 'enrolled'`),
    promotions: await one(sql`select count(*) as "n" ${promotionsOf}`),
    highSkillPromotions: await one(
      sql`select count(distinct p.worker_id) as "n" ${promotionsOf} and (p.from_level is null or p.from_level not in ${HIGH}) and p.to_level in ${HIGH}`,
    ),
  };
}
