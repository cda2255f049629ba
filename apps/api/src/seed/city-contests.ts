/**
 * Contests of one year at city scale: 400+ contests (city, district and enterprise tiers, seasonal)
 * whose events cover every trade, 500,000+ registrations (mostly confirmed; some cancelled,
 * rejected, waitlisted, or still pending while a window is open), blind numbers and check-in for
 * contests held, published results, and the promotions of in-plan contests under the tier's
 * default rules (domain.md § Promotions), one contest promotion per worker per year.
 */
import { bandFor, PROMOTION_TEMPLATES, promotedLevel, type ContestTier, type SkillLevel } from '@gongjiang/domain';
import { MARKING_SCHEMES } from './data/marking-schemes';
import { CONTEST_MONTH_WEIGHTS } from './city-data';
import { levelName, sampleWorkers, Weighted, type CityOrg } from './city-model';
import { apportion, beijing, beijingDay, DAY, HOUR, isoOf, monthFrom, promote, secret, userOf, yearOf, type Ctx } from './city-context';

const TARGET: Record<ContestTier, SkillLevel> = { city: 'technician', district: 'senior', enterprise: 'intermediate' };
const AWARD_SHARES: [string, number][] = [
  ['first', 0.05],
  ['second', 0.15],
  ['third', 0.3],
  ['excellence', 0.5],
];

interface PlannedEvent {
  id: number;
  tradeId: number;
  confirmed: number;
  capacity: number;
  waitlisted: number;
  pending: number;
  requiresApproval: boolean;
  counters?: { taken: number; confirmed: number; waitlisted: number };
}
export interface PlannedContest {
  id: number;
  tier: ContestTier;
  owner: CityOrg;
  status: 'published' | 'cancelled' | 'draft';
  inPlan: boolean | null;
  opens: number;
  closes: number;
  starts: number;
  ends: number;
  title: string;
  events: PlannedEvent[];
}

/** Plans one year's contests (no participants yet): owners, dates, trades, sizes. */
export function planContests(ctx: Ctx, year: number, factor: number): PlannedContest[] {
  const { rng, scale } = ctx;
  const held = Math.max(8, Math.round(430 * scale * factor));
  const districts = ctx.orgs.filter((o) => o.kind === 'district');
  const districtPick = new Weighted(
    districts,
    districts.map((d) => d.hi - d.lo),
  );
  const bigBases = ctx.orgs.filter((o) => o.kind === 'base' && o.hi - o.lo >= 40);
  const basePick = new Weighted(
    bigBases,
    bigBases.map((b) => b.hi - b.lo),
  );
  const fed = ctx.orgs.find((o) => o.kind === 'federation')!;
  const contests: PlannedContest[] = [];
  const cancelled = Math.max(1, Math.round(12 * scale * factor));
  const drafts = year === ctx.year ? Math.max(1, Math.round(8 * scale)) : 0;
  for (let i = 0; i < held + cancelled + drafts; i++) {
    const r = rng.float();
    const tier: ContestTier = r < 0.07 ? 'city' : r < 0.35 ? 'district' : 'enterprise';
    const owner = tier === 'city' ? fed : tier === 'district' ? districtPick.pick(rng) : basePick.pick(rng);
    const status = i < held ? 'published' : i < held + cancelled ? 'cancelled' : 'draft';
    let starts = beijing(year, monthFrom(rng, CONTEST_MONTH_WEIGHTS), rng.int(1, 28), rng.pick([8, 9, 13]));
    if (status === 'draft') starts = Math.max(starts, ctx.now + 50 * DAY);
    const ends = starts + (tier === 'city' ? 2 : tier === 'district' ? 1 : 0) * DAY + 8 * HOUR;
    const nEvents = tier === 'city' ? rng.int(3, 8) : tier === 'district' ? rng.int(1, 4) : rng.int(1, 3);
    const tradeIds = new Set<number>();
    for (let g = 0; tradeIds.size < nEvents && g < 50; g++)
      tradeIds.add(tier === 'enterprise' && owner.trades ? owner.trades.pick(rng) : ctx.tradePick.pick(rng));
    const c: PlannedContest = {
      id: ctx.nextId('contests'),
      tier,
      owner,
      status,
      inPlan: null,
      opens: starts - 40 * DAY,
      closes: starts - 10 * DAY,
      starts,
      ends,
      title: '',
      events: [],
    };
    for (const tradeId of tradeIds) c.events.push(newEvent(ctx, tradeId));
    contests.push(c);
  }
  // Every trade of the catalogue has an event in some held city or district contest.
  const covered = new Set(contests.filter((c) => c.status === 'published').flatMap((c) => c.events.map((e) => e.tradeId)));
  const wide = contests.filter((c) => c.status === 'published' && c.tier !== 'enterprise');
  for (const t of ctx.trades) if (!covered.has(t.id) && wide.length > 0) rng.pick(wide).events.push(newEvent(ctx, t.id));
  for (const c of contests) c.title = titleOf(ctx, c, year);

  // Sizes: the year's 510,000 confirmed (× scale × factor) over events whose registration has opened.
  const events = contests.flatMap((c) => c.events.map((e) => ({ c, e })));
  const opened = (c: PlannedContest) =>
    c.status === 'published' ? Math.max(0, Math.min(1, (ctx.now - c.opens) / (c.closes - c.opens))) : c.status === 'cancelled' ? 1 : 0;
  const weights = events.map(({ c }) => opened(c) * rng.lognormal(1.1) * (c.tier === 'city' ? 3 : c.tier === 'district' ? 2 : 1));
  const caps = events.map(({ c }) => Math.floor((c.owner.hi - c.owner.lo) * (c.tier === 'enterprise' ? 0.5 : 0.2)));
  const sizes = apportion(Math.round(510_000 * scale * factor), weights, caps);
  events.forEach(({ c, e }, i) => {
    const n = Math.max(sizes[i] as number, opened(c) > 0 ? Math.min(3, caps[i] as number) : 0);
    const open = c.status === 'published' && ctx.now < c.closes;
    e.pending = open && e.requiresApproval ? Math.round(n * 0.3) : 0;
    e.confirmed = n - e.pending;
    const full = !open && rng.chance(0.15);
    e.capacity = full ? Math.max(1, n) : Math.max(10, Math.ceil((n * (1.1 + rng.float() * 0.5)) / 10) * 10);
    e.waitlisted = full ? Math.round(n * (0.03 + rng.float() * 0.12)) : 0;
  });
  return contests;
}

function newEvent(ctx: Ctx, tradeId: number): PlannedEvent {
  return {
    id: ctx.nextId('events'),
    tradeId,
    confirmed: 0,
    capacity: 10,
    waitlisted: 0,
    pending: 0,
    requiresApproval: ctx.rng.chance(0.35),
  };
}

function titleOf(ctx: Ctx, c: PlannedContest, year: number): string {
  const trade = ctx.tradeById.get(c.events[0]!.tradeId)!.name;
  const owner = c.owner.name.replace(/总工会$|工会(联合会)?$/, '');
  if (c.tier === 'city') return `${year}年无锡市职工职业技能大赛·${trade}等${c.events.length}个赛项`;
  if (c.tier === 'district') return `${year}年${owner}职工技能竞赛（${trade}${c.events.length > 1 ? '等' : ''}）`;
  return `${owner}${year}年${trade}岗位练兵技术比武`;
}

/** Registrations, results and promotions of one contest. */
export function runContest(ctx: Ctx, c: PlannedContest, quota: { left: number }): void {
  const { rng, wf } = ctx;
  const past = c.ends < ctx.now;
  const promotedOn = c.ends + 14 * DAY;
  if (c.inPlan === null) {
    const confirmed = c.events.reduce((s, e) => s + e.confirmed, 0);
    // upper bounds: the enterprise template promotes the top 30 %, city and district ones ranks 1–10 and 1–6
    const expected = c.tier === 'enterprise' ? confirmed * 0.3 : c.events.length * (c.tier === 'city' ? 10 : 6);
    // city contests are in the plan, most district ones, some enterprise ones — while the year's quota lasts
    c.inPlan =
      c.status === 'published' &&
      expected <= quota.left &&
      (c.tier === 'city' || (c.tier === 'district' ? rng.chance(0.75) : confirmed <= 1_500 && rng.chance(0.6)));
  }
  const accept =
    c.tier === 'city'
      ? (w: number) => (wf.level[w] as number) >= 2
      : c.tier === 'district'
        ? (w: number) => (wf.level[w] as number) <= 2
        : () => true;
  const reg = ctx.w.insert('registrations', [
    'id',
    'event_id',
    'worker_id',
    'status',
    'waitlist_seq',
    'bib',
    'ticket_code',
    'checked_in_at',
    'reason',
    'created_at',
    'updated_at',
  ]);
  for (const e of c.events) {
    const cancelledN = Math.round(e.confirmed * 0.04);
    const rejectedN = e.requiresApproval ? Math.round(e.confirmed * 0.02) : 0;
    const total = e.confirmed + e.pending + e.waitlisted + cancelledN + rejectedN;
    const people = sampleWorkers(rng, c.owner.lo, c.owner.hi, total, accept);
    const until = Math.min(c.closes, ctx.now);
    const contestants: { regId: number; w: number }[] = [];
    const bibs = people.slice(0, e.confirmed).map((_, i) => i + 1);
    for (let i = bibs.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [bibs[i], bibs[j]] = [bibs[j]!, bibs[i]!];
    }
    let seq = 0;
    let k = 0;
    const counters = { taken: 0, confirmed: 0, waitlisted: 0 };
    for (const w of people) {
      const i = k++;
      const at = isoOf(c.opens + Math.floor(rng.float() * Math.max(HOUR, until - c.opens)));
      const id = ctx.nextId('registrations');
      let status = 'confirmed';
      if (c.status === 'cancelled') status = 'cancelled';
      else if (i >= e.confirmed + e.pending + e.waitlisted)
        status = i < e.confirmed + e.pending + e.waitlisted + cancelledN ? 'cancelled' : 'rejected';
      else if (i >= e.confirmed + e.pending) status = 'waitlisted';
      else if (i >= e.confirmed) status = 'pending';
      const checkedIn = status === 'confirmed' && past && rng.chance(0.96) ? isoOf(c.starts - 30 * 60_000) : null;
      const bib = status === 'confirmed' && past ? String(bibs[i]).padStart(4, '0') : null;
      const reason = status === 'rejected' ? '不符合报名条件' : status === 'cancelled' && c.status === 'cancelled' ? '比赛取消' : null;
      reg(id, e.id, userOf(ctx, w), status, status === 'waitlisted' ? ++seq : null, bib, secret(), checkedIn, reason, at, at);
      if (status === 'confirmed' || status === 'pending') counters.taken++;
      if (status === 'confirmed') counters.confirmed++;
      if (status === 'waitlisted') counters.waitlisted++;
      if (checkedIn) contestants.push({ regId: id, w });
    }
    e.counters = counters;
    e.waitlisted = seq;
    if (past && c.status === 'published' && c.ends + 3 * DAY < ctx.now)
      results(ctx, c, e, contestants, promotedOn <= ctx.now && c.inPlan, quota);
  }
}

function results(
  ctx: Ctx,
  c: PlannedContest,
  e: PlannedEvent,
  contestants: { regId: number; w: number }[],
  promoting: boolean,
  quota: { left: number },
): void {
  const { rng, wf } = ctx;
  const clamp = (x: number) => Math.max(0, Math.min(100, Math.round(x * 2) / 2));
  const rows = contestants
    .map((x) => {
      const skill = (wf.level[x.w] as number) * 2;
      const theory = clamp(rng.normal(70 + skill, 11));
      const practical = clamp(rng.normal(66 + skill, 13));
      return { ...x, theory, practical, total: Math.round((theory * 0.3 + practical * 0.7) * 100) / 100 };
    })
    .sort((a, b) => b.total - a.total || b.practical - a.practical || b.theory - a.theory);
  const n = rows.length;
  const at = isoOf(c.ends + 3 * DAY);
  const ins = ctx.w.insert('results', [
    'event_id',
    'registration_id',
    'worker_id',
    'rank',
    'theory',
    'practical',
    'total',
    'passed',
    'award',
    'tied',
    'created_at',
    'updated_at',
  ]);
  const rules = PROMOTION_TEMPLATES[c.tier];
  const year = yearOf(c.ends + 14 * DAY);
  const done = ctx.contestPromoted.get(year) ?? new Set<number>();
  ctx.contestPromoted.set(year, done);
  let rank = 0;
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    const tied = !!prev && prev.total === r.total && prev.practical === r.practical && prev.theory === r.theory;
    if (!tied) rank = i + 1;
    const award = AWARD_SHARES.find(([, share]) => rank <= Math.max(1, Math.floor(n * share)))?.[0] ?? null;
    const passed = r.total >= 60;
    ins(e.id, r.regId, userOf(ctx, r.w), rank, r.theory, r.practical, r.total, passed ? 1 : 0, award, tied ? 1 : 0, at, at);
    if (!promoting || !passed || done.has(r.w)) return;
    const rule = bandFor(rules, rank, n);
    const to = rule && promotedLevel(levelName(wf.level[r.w] as number), rule);
    if (!rule || !to) return;
    done.add(r.w);
    quota.left--;
    promote(ctx, r.w, to, {
      type: 'contest',
      eventId: e.id,
      classId: null,
      orgId: c.owner.id,
      tradeId: e.tradeId,
      date: beijingDay(c.ends + 14 * DAY),
      title: rule.title,
    });
  });
}

/** The contest, event, criteria and promotion-rule rows (after runContest filled in the counters). */
export function writeContest(ctx: Ctx, c: PlannedContest): void {
  const past = c.ends < ctx.now;
  const created = isoOf(c.opens - 14 * DAY);
  ctx.w.insert('contests', [
    'id',
    'title',
    'description',
    'tier',
    'org_id',
    'in_plan',
    'status',
    'venue',
    'registration_opens_at',
    'registration_closes_at',
    'starts_at',
    'ends_at',
    'created_by',
    'created_at',
    'updated_at',
  ])(
    c.id,
    c.title,
    `${c.owner.name}主办`,
    c.tier,
    c.owner.id,
    c.inPlan ? 1 : 0,
    c.status,
    `${c.owner.name.replace(/工会.*$/, '')}实训基地`,
    isoOf(c.opens),
    isoOf(c.closes),
    isoOf(c.starts),
    isoOf(c.ends),
    ctx.creatorId,
    created,
    created,
  );
  const ev = ctx.w.insert('events', [
    'id',
    'contest_id',
    'trade_id',
    'target_level',
    'capacity',
    'taken',
    'confirmed_count',
    'waitlisted_count',
    'waitlist_seq',
    'requires_approval',
    'min_level',
    'max_level',
    'draw_seed',
    'drawn_at',
    'results_published_at',
    'promotions_applied_at',
    'created_at',
    'updated_at',
  ]);
  const crit = ctx.w.insert('criteria', ['event_id', 'position', 'name', 'max_score', 'kind', 'created_at', 'updated_at']);
  const rule = ctx.w.insert('promotion_rules', [
    'event_id',
    'position',
    'from_rank',
    'to_rank',
    'top_percent',
    'target_level',
    'cap_level',
    'title',
    'created_at',
    'updated_at',
  ]);
  for (const e of c.events) {
    const k = e.counters ?? { taken: 0, confirmed: 0, waitlisted: 0 };
    const published = past && c.status === 'published' && c.ends + 3 * DAY < ctx.now;
    ev(
      e.id,
      c.id,
      e.tradeId,
      TARGET[c.tier],
      e.capacity,
      k.taken,
      k.confirmed,
      k.waitlisted,
      e.waitlisted,
      e.requiresApproval ? 1 : 0,
      c.tier === 'city' ? 'intermediate' : null,
      c.tier === 'district' ? 'intermediate' : null,
      past ? secret() : null,
      past ? isoOf(c.starts - 2 * DAY) : null,
      published ? isoOf(c.ends + 3 * DAY) : null,
      published && c.inPlan && c.ends + 14 * DAY <= ctx.now ? isoOf(c.ends + 14 * DAY) : null,
      created,
      created,
    );
    MARKING_SCHEMES[ctx.tradeById.get(e.tradeId)!.family].forEach((s, i) =>
      crit(e.id, i + 1, s.name, s.maxScore, s.kind, created, created),
    );
    PROMOTION_TEMPLATES[c.tier].forEach((r, i) =>
      rule(e.id, i + 1, r.fromRank, r.toRank, r.topPercent, r.targetLevel, r.capLevel, r.title, created, created),
    );
  }
}
