/**
 * The seven figures of the annual report counted straight from the raw tables, written from the
 * definitions in domain.md § The annual report — independently of the summary tables and triggers
 * (services/stats-sql.ts) that GET /api/stats/annual reads. The city-scale test and benchmark
 * compare the two.
 *
 * Deliberate differences in how they are written: the subtree is a LIKE prefix on the path, the
 * year is strftime on the Beijing time, a promotion's organisation is found through its contest
 * or class (not promotions.org_id), and "into high-skill" is decided from the two levels (not the
 * became_high_skill flag).
 */
import type { Db } from '../db';
import type { AnnualFigures } from '../services/stats';

const HIGH = `('senior', 'technician', 'senior_technician', 'special_technician', 'chief_technician')`;

export function independentFigures(db: Db, year: number, orgId: number): AnnualFigures {
  const c = db.$client;
  const p = { year: String(year), org: orgId };
  const sub = `(select id from organisations where path like (select path from organisations where id = @org) || '%')`;
  // held = published: a cancelled contest was not held, a draft never announced
  const heldContests = `select c.id from contests c where c.org_id in ${sub} and c.status = 'published' and strftime('%Y', c.starts_at, '+8 hours') = @year`;
  // held classes: published or completed, with a first session in the year
  const heldClasses = `select t.id from training_classes t where t.org_id in ${sub} and t.status in ('published', 'completed') and strftime('%Y', t.first_session_at, '+8 hours') = @year`;
  const one = (q: string) => (c.prepare(q).get(p) as { n: number }).n;
  const promotionsOf = `from promotions p
      left join events e on e.id = p.event_id left join contests k on k.id = e.contest_id
      left join training_classes t on t.id = p.training_class_id
     where coalesce(k.org_id, t.org_id) in ${sub} and substr(p.promoted_on, 1, 4) = @year`;
  return {
    contests: one(`select count(*) as n from (${heldContests})`),
    trades: one(`select count(distinct e.trade_id) as n from events e where e.contest_id in (${heldContests})`),
    participants: one(
      `select count(*) as n from registrations r join events e on e.id = r.event_id where e.contest_id in (${heldContests}) and r.status = 'confirmed'`,
    ),
    trainingClasses: one(`select count(*) as n from (${heldClasses})`),
    trainees: one(`select count(*) as n from enrolments n where n.class_id in (${heldClasses}) and n.status = 'enrolled'`),
    promotions: one(`select count(*) as n ${promotionsOf}`),
    highSkillPromotions: one(
      `select count(distinct p.worker_id) as n ${promotionsOf} and (p.from_level is null or p.from_level not in ${HIGH}) and p.to_level in ${HIGH}`,
    ),
  };
}
