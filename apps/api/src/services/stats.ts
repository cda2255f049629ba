import { beijingYear } from '@gongjiang/domain';
import { writeTx, type Db } from '../db';
import { notFound } from '../lib/errors';
import type { AuthUser, OrgScope } from '../plugins/auth';
import { hasRole } from '../plugins/auth';
import { statsRebuildSql } from '../data/stats-sql';

/** The seven figures of the annual report (domain.md § The annual report). */
export interface AnnualFigures {
  contests: number;
  trades: number;
  participants: number;
  trainingClasses: number;
  trainees: number;
  promotions: number;
  highSkillPromotions: number;
}

type OrgKind = 'federation' | 'district' | 'base';
interface OrgRow {
  id: number;
  name: string;
  kind: OrgKind;
  path: string;
}
interface Params {
  year: number;
  org: number;
  lo: string;
  hi: string;
  from: number;
}

/** Running totals of one slice (the whole subtree, one child, one trade or one month). */
class Tally {
  contests = 0;
  participants = 0;
  trainingClasses = 0;
  trainees = 0;
  promotions = 0;
  readonly tradeIds = new Set<number>();
  readonly workers = new Set<number>();

  figures(): AnnualFigures {
    return {
      contests: this.contests,
      trades: this.tradeIds.size,
      participants: this.participants,
      trainingClasses: this.trainingClasses,
      trainees: this.trainees,
      promotions: this.promotions,
      highSkillPromotions: this.workers.size,
    };
  }

  empty(): boolean {
    return !(this.contests || this.participants || this.trainingClasses || this.trainees || this.promotions || this.workers.size);
  }
}

/** Per trade or per month, "distinct trades covered" means nothing. */
const withoutTrades = ({ trades: _trades, ...rest }: AnnualFigures) => rest;

const tallyIn = <K>(map: Map<K, Tally>, key: K): Tally => {
  let t = map.get(key);
  if (!t) map.set(key, (t = new Tally()));
  return t;
};

/**
 * The organisation directly below the chosen one that a summary row's organisation belongs to
 * (0: the chosen organisation itself), read off the materialised path: for the chosen path
 * "/1/4/", "/1/4/37/912/" belongs to child 37.
 */
const CHILD = `case when o.id = @org then 0 else cast(substr(o.path, @from, instr(substr(o.path, @from), '/') - 1) as integer) end`;
/** The subtree as a range on organisations_path_idx (a LIKE prefix match cannot use that index). */
const IN_SUBTREE = `o.id = s.org_id and o.path >= @lo and o.path < @hi`;

/**
 * GET /api/stats/annual. The counting happens in the triggers (stats-sql.ts); a request only sums
 * the summary rows of one year over the chosen subtree — a few thousand rows for the whole city,
 * never the 500,000 registrations behind them.
 */
export class StatsService {
  private readonly st;

  constructor(
    private readonly db: Db,
    private readonly scope: OrgScope,
  ) {
    const c = db.$client;
    this.st = {
      org: c.prepare<[number], OrgRow>('select id, name, kind, path from organisations where id = ?'),
      root: c.prepare<[], { id: number }>('select id from organisations where parent_id is null order by id limit 1'),
      children: c.prepare<[number], { id: number; name: string; kind: OrgKind }>(
        'select id, name, kind from organisations where parent_id = ? order by id',
      ),
      trades: c.prepare<[], { id: number; code: string; name: string; nameEn: string }>(
        'select id, code, name, name_en as nameEn from trades',
      ),
      tradeMonth: c.prepare<
        [Params],
        {
          child: number;
          tradeId: number;
          month: number;
          contests: number;
          participants: number;
          trainingClasses: number;
          trainees: number;
          promotions: number;
        }
      >(
        `select ${CHILD} as child, s.trade_id as tradeId, s.month as month, sum(s.contests) as contests, sum(s.participants) as participants,
                sum(s.training_classes) as trainingClasses, sum(s.trainees) as trainees, sum(s.promotions) as promotions
           from stats_trade_month s join organisations o on ${IN_SUBTREE}
          where s.year = @year
          group by 1, 2, 3`,
      ),
      contestMonth: c.prepare<[Params], { child: number; month: number; contests: number }>(
        `select ${CHILD} as child, s.month as month, sum(s.contests) as contests
           from stats_contest_month s join organisations o on ${IN_SUBTREE}
          where s.year = @year
          group by 1, 2`,
      ),
      highSkill: c.prepare<[Params], { child: number; tradeId: number; month: number; workerId: number }>(
        `select ${CHILD} as child, s.trade_id as tradeId, s.month as month, s.worker_id as workerId
           from stats_high_skill s join organisations o on ${IN_SUBTREE}
          where s.year = @year and s.promotions > 0`,
      ),
    };
  }

  /** The chosen organisation: the caller's own by default (an admin without one: the root); 404 outside the caller's subtree. */
  private chosenOrg(user: AuthUser, orgId: number | undefined): OrgRow {
    const id = orgId ?? user.orgId ?? (hasRole(user, 'admin') ? this.st.root.get()?.id : undefined);
    if (id == null) throw notFound('organisation');
    this.scope.assert(user, id, 'organisation');
    const org = this.st.org.get(id);
    if (!org?.path) throw notFound('organisation');
    return org;
  }

  /** Every summary row of one year in the subtree, tallied by child, trade and month. */
  private tally(year: number, org: OrgRow) {
    const last = org.path.charCodeAt(org.path.length - 1);
    const p: Params = {
      year,
      org: org.id,
      lo: org.path,
      hi: org.path.slice(0, -1) + String.fromCharCode(last + 1),
      from: org.path.length + 1,
    };
    const total = new Tally();
    const byChild = new Map<number, Tally>();
    const byTrade = new Map<number, Tally>();
    const byMonth = new Map<number, Tally>();
    for (const r of this.st.tradeMonth.all(p)) {
      const child = tallyIn(byChild, r.child);
      const trade = tallyIn(byTrade, r.tradeId);
      for (const t of [total, child, trade, tallyIn(byMonth, r.month)]) {
        t.participants += r.participants;
        t.trainingClasses += r.trainingClasses;
        t.trainees += r.trainees;
        t.promotions += r.promotions;
      }
      // A trade is covered when a counted contest has an event in it; per trade, `contests` counts those contests.
      if (r.contests > 0) {
        total.tradeIds.add(r.tradeId);
        child.tradeIds.add(r.tradeId);
        trade.contests += r.contests;
      }
    }
    for (const r of this.st.contestMonth.all(p)) {
      for (const t of [total, tallyIn(byChild, r.child), tallyIn(byMonth, r.month)]) t.contests += r.contests;
    }
    for (const r of this.st.highSkill.all(p)) {
      for (const t of [total, tallyIn(byChild, r.child), tallyIn(byTrade, r.tradeId), tallyIn(byMonth, r.month)]) t.workers.add(r.workerId);
    }
    return { total, byChild, byTrade, byMonth };
  }

  /** GET /api/stats/annual — the report of one calendar year (Beijing) for an organisation's subtree. */
  annual(user: AuthUser, q: { year?: number; orgId?: number }, now = new Date()) {
    const year = q.year ?? beijingYear(now);
    const org = this.chosenOrg(user, q.orgId);
    const { total, byChild, byTrade, byMonth } = this.tally(year, org);
    const trades = new Map(this.st.trades.all().map((t) => [t.id, t]));
    const none = new Tally();
    return {
      year,
      orgId: org.id,
      orgName: org.name,
      ...total.figures(),
      byTrade: [...byTrade.entries()]
        .filter(([id, t]) => trades.has(id) && !t.empty())
        .map(([id, t]) => {
          const trade = trades.get(id)!;
          return { tradeId: id, code: trade.code, name: trade.name, nameEn: trade.nameEn, ...withoutTrades(t.figures()) };
        })
        .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.tradeId - b.tradeId)),
      byOrg: this.st.children
        .all(org.id)
        .map((c) => ({ c, t: byChild.get(c.id) ?? none }))
        // district unions are always listed; the (possibly thousands of) base unions only when active
        .filter(({ c, t }) => c.kind !== 'base' || !t.empty())
        .map(({ c, t }) => ({ orgId: c.id, name: c.name, kind: c.kind, ...t.figures() })),
      direct: (byChild.get(0) ?? none).figures(),
      byMonth: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...withoutTrades((byMonth.get(i + 1) ?? none).figures()) })),
      previous: { year: year - 1, ...this.tally(year - 1, org).total.figures() },
    };
  }

  /** Recomputes every summary from the raw tables (after a bulk load with the triggers bypassed, or to check them). */
  rebuild(): void {
    writeTx(this.db, () => {
      for (const s of statsRebuildSql()) this.db.$client.prepare(s).run();
    });
  }
}
