import { beijingYear } from '@gongjiang/domain';
import type { Database } from '../data/database';
import { orgById } from '../data/repos/organisations';
import { allTrades, childOrgs, contestMonthRows, highSkillRows, rebuildStats, rootOrgId, tradeMonthRows } from '../data/repos/stats';
import { notFound } from '../lib/errors';
import { hasRole, type Caller, type Scope } from './scope';

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
 * GET /api/stats/annual. The counting happens in the triggers (stats-sql.ts); a request only sums
 * the summary rows of one year over the chosen subtree — a few thousand rows for the whole city,
 * never the 500,000 registrations behind them.
 */
export class StatsService {
  constructor(
    private readonly db: Database,
    private readonly scope: Scope,
  ) {}

  /** The chosen organisation: the caller's own by default (an admin without one: the root); 404 outside the caller's subtree. */
  private async chosenOrg(user: Caller, orgId: number | undefined): Promise<OrgRow> {
    const id = orgId ?? user.orgId ?? (hasRole(user, 'admin') ? await rootOrgId(this.db.report) : undefined);
    if (id == null) throw notFound('organisation');
    await this.scope.assert(user, id, 'organisation');
    const org = await orgById(this.db.report, id);
    if (!org?.path) throw notFound('organisation');
    return org;
  }

  /** Every summary row of one year in the subtree, tallied by child, trade and month. */
  private async tally(year: number, org: OrgRow) {
    const h = this.db.report;
    const q = { year, orgId: org.id, path: org.path };
    const [tradeMonth, contestMonth, highSkill] = await Promise.all([tradeMonthRows(h, q), contestMonthRows(h, q), highSkillRows(h, q)]);
    const total = new Tally();
    const byChild = new Map<number, Tally>();
    const byTrade = new Map<number, Tally>();
    const byMonth = new Map<number, Tally>();
    for (const r of tradeMonth) {
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
    for (const r of contestMonth) {
      for (const t of [total, tallyIn(byChild, r.child), tallyIn(byMonth, r.month)]) t.contests += r.contests;
    }
    for (const r of highSkill) {
      for (const t of [total, tallyIn(byChild, r.child), tallyIn(byTrade, r.tradeId), tallyIn(byMonth, r.month)]) t.workers.add(r.workerId);
    }
    return { total, byChild, byTrade, byMonth };
  }

  /** GET /api/stats/annual — the report of one calendar year (Beijing) for an organisation's subtree. */
  async annual(user: Caller, q: { year?: number; orgId?: number }, now = new Date()) {
    const year = q.year ?? beijingYear(now);
    const org = await this.chosenOrg(user, q.orgId);
    const [{ total, byChild, byTrade, byMonth }, previous, tradeRows, children] = await Promise.all([
      this.tally(year, org),
      this.tally(year - 1, org),
      allTrades(this.db.report),
      childOrgs(this.db.report, org.id),
    ]);
    const trades = new Map(tradeRows.map((t) => [t.id, t]));
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
      byOrg: children
        .map((c) => ({ c, t: byChild.get(c.id) ?? none }))
        // district unions are always listed; the (possibly thousands of) base unions only when active
        .filter(({ c, t }) => c.kind !== 'base' || !t.empty())
        .map(({ c, t }) => ({ orgId: c.id, name: c.name, kind: c.kind, ...t.figures() })),
      direct: (byChild.get(0) ?? none).figures(),
      byMonth: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...withoutTrades((byMonth.get(i + 1) ?? none).figures()) })),
      previous: { year: year - 1, ...previous.total.figures() },
    };
  }

  /** Recomputes every summary from the raw tables (after a bulk load with the triggers bypassed, or to check them). */
  rebuild(): Promise<void> {
    return this.db.tx(rebuildStats);
  }
}
