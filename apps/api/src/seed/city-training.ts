/**
 * Training classes of one year at city scale: 6,000+ classes run by base unions, district unions
 * and the federation, 107,500 enrolments (× scale) plus cancellations and waiting lists, weekly
 * sessions, attendance and exam scores for the classes that finished, completion by the domain
 * rule (attendance ≥ 80 % present or late, both exam parts ≥ 60) and promotions for completers
 * below the class's target level (domain.md § Promotions). Most classes train workers already at
 * their target (refresher courses); a quota of upgrade classes (晋级培训) takes workers one level
 * below the target up to it — together with the contests, close to 10,000 promotions a year.
 */
import type { SkillLevel } from '@gongjiang/domain';
import { CLASS_MONTH_WEIGHTS } from './city-data';
import { levelNum, sampleWorkers, Weighted, type CityOrg } from './city-model';
import { apportion, beijing, beijingDay, DAY, HOUR, isoOf, monthFrom, promote, secret, userOf, yearOf, type Ctx } from './city-context';

const UPGRADE_TARGETS = new Weighted<SkillLevel>(['intermediate', 'senior', 'technician', 'senior_technician'], [12, 65, 18, 5]);
const REFRESHER_TARGETS = new Weighted<SkillLevel>(['junior', 'intermediate', 'senior', 'technician'], [30, 45, 20, 5]);
/**
 * Share of completed classes run as upgrade classes. Small on purpose: refresher classes in base unions with few
 * workers at the target level also take some below it (sampleWorkers falls back to anyone), and those completers are
 * promoted by the rules too — about 3,000 a year. With 0.3 the upgrade quota ran out by April and the year ended at
 * 12,361 promotions; at 0.03 upgrades spread over the whole year and the year has 10,351 (6,791 into high-skill).
 */
const UPGRADE_SHARE = 0.03;
const ATTENDANCE = new Weighted(['present', 'late', 'absent', 'excused'], [88, 5, 5, 2]);

export interface PlannedClass {
  id: number;
  owner: CityOrg;
  tradeId: number;
  status: 'published' | 'completed' | 'cancelled' | 'draft';
  target: SkillLevel;
  opens: number;
  closes: number;
  sessions: { id: number; starts: number }[];
  completedAt: number | null;
  capacity: number;
  enrolled: number;
  waitlisted: number;
  counters?: { taken: number; waitlisted: number; seq: number };
}

export function planClasses(ctx: Ctx, year: number, factor: number): PlannedClass[] {
  const { rng, scale } = ctx;
  const held = Math.max(20, Math.round(6_150 * scale * factor));
  const cancelled = Math.max(1, Math.round(60 * scale * factor));
  const drafts = year === ctx.year ? Math.max(1, Math.round(30 * scale)) : 0;
  const bases = ctx.orgs.filter((o) => o.kind === 'base' && o.hi - o.lo >= 20);
  const basePick = new Weighted(
    bases,
    bases.map((b) => Math.sqrt(b.hi - b.lo)),
  );
  const districts = ctx.orgs.filter((o) => o.kind === 'district');
  const fed = ctx.orgs.find((o) => o.kind === 'federation')!;
  const classes: PlannedClass[] = [];
  for (let i = 0; i < held + cancelled + drafts; i++) {
    const r = rng.float();
    const owner = r < 0.05 ? fed : r < 0.25 ? rng.pick(districts) : basePick.pick(rng);
    const status = i < held ? 'published' : i < held + cancelled ? 'cancelled' : 'draft';
    let first = beijing(year, monthFrom(rng, CLASS_MONTH_WEIGHTS), rng.int(1, 28), rng.pick([9, 14, 19]));
    if (status === 'draft') first = Math.max(first, ctx.now + 40 * DAY);
    const sessions = Array.from({ length: rng.int(4, 8) }, (_, k) => ({
      id: ctx.nextId('training_sessions'),
      starts: first + k * 7 * DAY,
    }));
    const lastEnd = sessions[sessions.length - 1]!.starts + 3 * HOUR;
    const done = status === 'published' && lastEnd + 3 * DAY < ctx.now;
    classes.push({
      id: ctx.nextId('training_classes'),
      owner,
      tradeId: owner.trades ? owner.trades.pick(rng) : ctx.tradePick.pick(rng),
      status: done ? 'completed' : status,
      target: REFRESHER_TARGETS.pick(rng),
      opens: first - 30 * DAY,
      closes: first - 3 * DAY,
      sessions,
      completedAt: done ? lastEnd + 3 * DAY : null,
      capacity: 0,
      enrolled: 0,
      waitlisted: 0,
    });
  }
  const opened = (c: PlannedClass) => (c.status === 'draft' ? 0 : Math.max(0, Math.min(1, (ctx.now - c.opens) / (c.closes - c.opens))));
  const weights = classes.map((c) => opened(c) * rng.lognormal(0.45));
  const caps = classes.map((c) => Math.min(80, Math.floor((c.owner.hi - c.owner.lo) * 0.5)));
  const sizes = apportion(Math.round(107_500 * scale * factor), weights, caps);
  classes.forEach((c, i) => {
    const n = sizes[i] as number;
    const full = c.status !== 'draft' && rng.chance(0.1);
    c.enrolled = n;
    c.capacity = full ? Math.max(n, 10) : Math.max(10, Math.ceil((n * (1.1 + rng.float() * 0.4)) / 5) * 5);
    c.waitlisted = full && n >= c.capacity ? rng.int(1, 6) : 0;
  });
  return classes;
}

/** Enrolments, attendance, exam scores, completion and promotions of one class. */
export function runClass(ctx: Ctx, c: PlannedClass, quota: { left: number }): void {
  const { rng, wf } = ctx;
  const upgrade = c.status === 'completed' && quota.left > 0 && rng.chance(UPGRADE_SHARE);
  if (upgrade) c.target = UPGRADE_TARGETS.pick(rng);
  const t = levelNum(c.target);
  const accept = upgrade ? (w: number) => (wf.level[w] as number) === t - 1 : (w: number) => (wf.level[w] as number) >= t;
  const cancelledN = Math.round(c.enrolled * 0.05) + (c.enrolled > 0 && rng.chance(0.3) ? 1 : 0);
  // Some who won a promotion at a contest earlier this year take the next step in a class (promoted twice in a year).
  const again = upgrade
    ? [...(ctx.contestPromoted.get(yearOf(c.completedAt!)) ?? [])]
        .filter((w) => w >= c.owner.lo && w < c.owner.hi && (wf.level[w] as number) < t)
        .slice(0, Math.ceil(c.enrolled * 0.1))
    : [];
  const people = [
    ...again,
    ...sampleWorkers(rng, c.owner.lo, c.owner.hi, c.enrolled + c.waitlisted + cancelledN - again.length, accept, new Set(again)),
  ];
  const enrol = ctx.w.insert('enrolments', [
    'id',
    'class_id',
    'worker_id',
    'status',
    'waitlist_seq',
    'completed',
    'created_at',
    'updated_at',
  ]);
  const attend = ctx.w.insert('attendance', ['session_id', 'enrolment_id', 'status', 'created_at', 'updated_at']);
  const exam = ctx.w.insert('exam_scores', ['enrolment_id', 'theory', 'practical', 'created_at', 'updated_at']);
  const needed = Math.ceil(c.sessions.length * 0.8);
  const counters = { taken: 0, waitlisted: 0, seq: 0 };
  const until = Math.min(c.closes, ctx.now);
  people.forEach((w, i) => {
    const id = ctx.nextId('enrolments');
    const at = isoOf(c.opens + Math.floor(rng.float() * Math.max(HOUR, until - c.opens)));
    let status = i < c.enrolled ? 'enrolled' : i < c.enrolled + c.waitlisted ? 'waitlisted' : 'cancelled';
    if (c.status === 'cancelled') status = 'cancelled';
    let completed: number | null = null;
    if (status === 'enrolled' && c.status === 'completed') {
      let attended = 0;
      for (const s of c.sessions) {
        const a = ATTENDANCE.pick(rng);
        if (a === 'present' || a === 'late') attended++;
        const when = isoOf(s.starts + (a === 'late' ? 20 : 5) * 60_000); // once the session has begun, never before
        attend(s.id, id, a, when, when);
      }
      const theory = Math.max(0, Math.min(100, Math.round(rng.normal(78, 10))));
      const practical = Math.max(0, Math.min(100, Math.round(rng.normal(76, 11))));
      const examAt = isoOf(c.sessions[c.sessions.length - 1]!.starts + 4 * HOUR);
      exam(id, theory, practical, examAt, examAt);
      completed = attended >= needed && theory >= 60 && practical >= 60 ? 1 : 0;
    }
    enrol(id, c.id, userOf(ctx, w), status, status === 'waitlisted' ? ++counters.seq : null, completed, at, at);
    if (status === 'enrolled') counters.taken++;
    if (status === 'waitlisted') counters.waitlisted++;
    if (completed && (wf.level[w] as number) < t) {
      quota.left--;
      promote(ctx, w, c.target, {
        type: 'training',
        eventId: null,
        classId: c.id,
        orgId: c.owner.id,
        tradeId: c.tradeId,
        date: beijingDay(c.completedAt!),
        title: null,
      });
    }
  });
  c.counters = counters;
}

export function writeClass(ctx: Ctx, c: PlannedClass): void {
  const trade = ctx.tradeById.get(c.tradeId)!.name;
  const owner = c.owner.name.replace(/总工会$|工会(联合会)?$/, '');
  const created = isoOf(c.opens - 7 * DAY);
  const k = c.counters ?? { taken: 0, waitlisted: 0, seq: 0 };
  const level =
    { junior: '初级工', intermediate: '中级工', senior: '高级工', technician: '技师', senior_technician: '高级技师' }[c.target as string] ??
    '';
  ctx.w.insert('training_classes', [
    'id',
    'title',
    'description',
    'trade_id',
    'target_level',
    'org_id',
    'status',
    'venue',
    'capacity',
    'taken',
    'waitlisted_count',
    'waitlist_seq',
    'enrol_opens_at',
    'enrol_closes_at',
    'first_session_at',
    'completed_at',
    'created_by',
    'created_at',
    'updated_at',
  ])(
    c.id,
    `${owner}${trade}（${level}）培训班`,
    `${trade}${level}技能提升培训`,
    c.tradeId,
    c.target,
    c.owner.id,
    c.status,
    `${owner}职工学校`,
    c.capacity,
    k.taken,
    k.waitlisted,
    k.seq,
    isoOf(c.opens),
    isoOf(c.closes),
    isoOf(c.sessions[0]!.starts),
    c.completedAt ? isoOf(c.completedAt) : null,
    ctx.creatorId,
    created,
    created,
  );
  const ses = ctx.w.insert('training_sessions', ['id', 'class_id', 'starts_at', 'ends_at', 'check_in_token', 'created_at', 'updated_at']);
  for (const s of c.sessions) ses(s.id, c.id, isoOf(s.starts), isoOf(s.starts + 3 * HOUR), secret(), created, created);
}
