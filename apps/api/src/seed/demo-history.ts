/**
 * The demo's history (data/history.ts) replayed through the product's own code: the seed writes what
 * people enter — registrations, blind numbers, the judges' marks and locked sheets, theory scores,
 * attendance and exam scores — and the API services compute and record the rest, at the instant it
 * happened: ResultsService.publish (the domain's results computation), PromotionsService.apply (the
 * promotion engine: bands, caps, one contest promotion per worker per year), TrainingCompletionService
 * .complete (training outcomes, certificates, promotions) — each with its audit entries.
 */
import { drawBibs, isConflicted, levelOrder, validateMark, type CriterionKind, type SkillLevel } from '@gongjiang/domain';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../data/database';
import { AuditTrail } from '../services/audit';
import { skillServices } from '../services/index';
import { CheckInCodes } from '../services/check-in-codes';
import crypto from 'node:crypto';
import { drawSeed32 } from '../services/registrations';
import { Scope, type Caller } from '../services/scope';
import { StagesService } from '../services/stages';
import { databaseInTransaction } from './in-transaction';
import type { HistoryDay } from './data/history';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What the history needs of the seed's PRNG. */
export interface HistoryRng {
  float(): number;
  int(min: number, max: number): number;
  normal(mean: number, sd: number): number;
  between(from: Date, to: Date): Date;
}

/** Beijing calendar days from today to a history day (today = { y, m, d }, Beijing). */
export function dayOffset(day: HistoryDay, today: { y: number; m: number; d: number }): number {
  const todayUtc = Date.UTC(today.y, today.m - 1, today.d);
  if (day.year === 'previous') return Math.round((Date.UTC(today.y - 1, day.month - 1, day.day) - todayUtc) / DAY);
  const elapsed = Math.round((todayUtc - Date.UTC(today.y, 0, 1)) / DAY);
  return -elapsed + Math.floor(day.share * elapsed);
}

/**
 * The instants of a story: `steps` are (days after `day`, hh:mm Beijing) in order. A story that would
 * not be over an hour before now (a this-year story early in January) is compressed into the time
 * left, keeping its first instant and its order.
 */
export function story(
  at: (day: number, hhmm: string) => Date,
  now: Date,
  day: number,
  steps: readonly (readonly [number, string])[],
): Date[] {
  const xs = steps.map(([d, hhmm]) => at(day + d, hhmm).getTime());
  const first = xs[0] as number;
  const last = xs[xs.length - 1] as number;
  const limit = now.getTime() - HOUR;
  if (last <= limit) return xs.map((x) => new Date(x));
  const f = Math.max(0, limit - first) / (last - first);
  return xs.map((x) => new Date(first + (x - first) * f));
}

// ---------------------------------------------------------------------------------------------
// What people enter at a contest: blind numbers, check-in, the judges' marks, theory scores

export interface JudgingInput {
  eventId: number;
  criteria: readonly { id: number; kind: CriterionKind; maxScore: number }[];
  /** the event's registration rows (already decided); confirmed ones get a blind number and are marked */
  registrations: { id: number; workerId: number; status: string; bib?: string | null; checkedInAt?: string | null }[];
  /** the event's judge rows; their sheets end up submitted (locked) */
  judges: { judgeId: number; submittedAt?: string | null }[];
  judgeOrg: (judgeId: number) => number | null;
  worker: (workerId: number) => { employerOrgId: number | null; level: SkillLevel | null };
  drawnAt: Date;
  starts: Date;
  ends: Date;
  theoryAt: Date;
}

export interface JudgingRows {
  drawSeed: string;
  scores: {
    eventId: number;
    registrationId: number;
    judgeId: number;
    criterionId: number;
    score: number;
    createdAt: string;
    updatedAt: string;
  }[];
  theory: { eventId: number; registrationId: number; score: number; createdAt: string; updatedAt: string }[];
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const halves = (x: number) => Math.round(x * 2) / 2;

/**
 * Blind numbers drawn the way POST /api/events/:id/draw does (the same shuffle of the confirmed
 * registrations by id, A001…), everyone checked in, every sheet complete and within the judgement
 * spread a judge may submit with, then locked; a theory score for everyone. Fills the registration
 * and judge rows in place; returns the marks and theory scores to insert.
 */
export function judgeEvent(r: HistoryRng, x: JudgingInput): JudgingRows {
  const iso = (d: Date) => d.toISOString();
  const drawSeed = `${r.int(0, 0xffffff).toString(16).padStart(6, '0')}${r.int(0, 0xffffff).toString(16).padStart(6, '0')}`;
  const confirmed = x.registrations.filter((g) => g.status === 'confirmed').sort((a, b) => a.id - b.id);
  drawBibs(
    confirmed.map((g) => g.id),
    drawSeed32(drawSeed),
  ).forEach(({ registrationId, bib }) => {
    const g = confirmed.find((c) => c.id === registrationId)!;
    g.bib = bib;
    g.checkedInAt = iso(new Date(x.starts.getTime() - r.int(10, 50) * MINUTE));
  });
  const scores: JudgingRows['scores'] = [];
  const theory: JudgingRows['theory'] = [];
  for (const g of confirmed) {
    const w = x.worker(g.workerId);
    // how well they do: better with a higher level, and the day's form
    const ability = clamp(0.52 + 0.06 * levelOrder(w.level) + r.normal(0, 0.13), 0.1, 0.97);
    const judges = x.judges.filter((j) => !isConflicted(x.judgeOrg(j.judgeId), w.employerOrgId));
    if (judges.length === 0) throw new Error(`seed history: nobody may judge registration ${g.id}`);
    for (const c of x.criteria) {
      // a measurement is all or nothing and the same for every judge; judgement marks stay within 1 of each other
      const measured = r.float() < ability + 0.1 ? c.maxScore : 0;
      const low = clamp(Math.round(3 * ability - 0.5 + r.normal(0, 0.4)), 0, 2);
      for (const j of judges) {
        const score =
          c.kind === 'measurement'
            ? measured
            : c.kind === 'judgement'
              ? low + (r.float() < 0.5 ? 1 : 0)
              : clamp(halves(c.maxScore * (ability + r.normal(0, 0.06))), 0, c.maxScore);
        if (validateMark(c.kind, c.maxScore, score)) throw new Error(`seed history: mark ${score} for ${c.kind}/${c.maxScore}`);
        const at = iso(r.between(x.starts, x.ends));
        scores.push({
          eventId: x.eventId,
          registrationId: g.id,
          judgeId: j.judgeId,
          criterionId: c.id,
          score,
          createdAt: at,
          updatedAt: at,
        });
      }
    }
    const at = iso(x.theoryAt);
    theory.push({
      eventId: x.eventId,
      registrationId: g.id,
      score: clamp(halves(r.normal(45 + 45 * ability, 7)), 0, 100),
      createdAt: at,
      updatedAt: at,
    });
  }
  for (const j of x.judges) j.submittedAt = iso(x.ends);
  return { drawSeed, scores, theory };
}

// ---------------------------------------------------------------------------------------------
// The services, at the instant each step happened

export interface PromotionMade {
  id: number;
  workerId: number;
  fromLevel: SkillLevel | null;
  toLevel: SkillLevel;
  certificateNo: string | null;
  at: Date;
}

/**
 * The API services over the seed's transaction, with a clock the seed sets: audit entries and the
 * rows the services insert carry the instant the step happened, not the instant the seed ran.
 */
export class HistoryDesk {
  private at = new Date(0);
  private readonly services;
  private readonly stages: StagesService;

  /** `t` is the seed's transaction, open for as long as the desk is used (see ./in-transaction.ts). */
  constructor(
    db: Database,
    private readonly t: Tx,
  ) {
    const database = databaseInTransaction(db, t);
    const trail = new AuditTrail(() => this.at);
    const scope = new Scope(database);
    // the history records no self check-in: a throwaway key for the class codes it never draws
    this.services = skillServices(database, trail, scope, new CheckInCodes(crypto.randomBytes(32).toString('hex')));
    this.stages = new StagesService(database, trail, scope);
  }

  private async maxId(table: string): Promise<number> {
    return (await this.t.get<{ m: number }>(sql`select coalesce(max(id), 0) as "m" from ${sql.identifier(table)}`))!.m;
  }

  /** created_at/updated_at of the rows a service inserted (SQL defaults: the wall clock) → the step's instant. */
  private async stamp(table: string, after: number, at: Date): Promise<void> {
    const t = at.toISOString();
    await this.t.run(sql`update ${sql.identifier(table)} set created_at = ${t}, updated_at = ${t} where id > ${after}`);
  }

  private async touch(table: string, where: string, id: number, at: Date): Promise<void> {
    await this.t.run(sql`update ${sql.identifier(table)} set updated_at = ${at.toISOString()} where ${sql.identifier(where)} = ${id}`);
  }

  /** The promotions (and their certificates) a step recorded, stamped; the workers' profiles touched. */
  private async recorded(promotionsBefore: number, certificatesBefore: number, at: Date): Promise<PromotionMade[]> {
    await this.stamp('promotions', promotionsBefore, at);
    await this.stamp('certificates', certificatesBefore, at);
    const made = await this.t.all<Omit<PromotionMade, 'at'>>(
      sql`select id, worker_id as "workerId", from_level as "fromLevel", to_level as "toLevel", certificate_no as "certificateNo"
            from promotions where id > ${promotionsBefore} order by id`,
    );
    for (const p of made) await this.touch('worker_profiles', 'user_id', p.workerId, at);
    return made.map((p) => ({ ...p, at }));
  }

  /** POST /api/events/:id/results/publish at `at`. */
  async publish(eventId: number, user: Caller, at: Date): Promise<void> {
    this.at = at;
    const before = await this.maxId('results');
    await this.services.results.publish(eventId, user, at);
    await this.stamp('results', before, at);
    await this.touch('events', 'id', eventId, at);
  }

  /** POST /api/events/:id/promotions at `at`. */
  async applyPromotions(eventId: number, user: Caller, at: Date): Promise<PromotionMade[]> {
    this.at = at;
    const p = await this.maxId('promotions');
    const c = await this.maxId('certificates');
    await this.services.promotions.apply(eventId, user, at);
    await this.touch('events', 'id', eventId, at);
    return this.recorded(p, c, at);
  }

  /** POST /api/events/:id/advance at `at`: the final's qualifiers from its published preliminaries. */
  async advance(eventId: number, user: Caller, at: Date): Promise<number> {
    this.at = at;
    const before = await this.maxId('registrations');
    const { items } = await this.stages.advance(eventId, user);
    await this.stamp('registrations', before, at);
    await this.t.run(sql`update registrations set updated_at = ${at.toISOString()} where event_id = ${eventId} and qualified_from_event_id is not null`);
    await this.touch('events', 'id', eventId, at);
    return items.length;
  }

  /** POST /api/trainings/:id/complete at `at`. */
  async complete(classId: number, user: Caller, at: Date): Promise<PromotionMade[]> {
    this.at = at;
    const p = await this.maxId('promotions');
    const c = await this.maxId('certificates');
    await this.services.trainingCompletion.complete(classId, user, at);
    await this.touch('training_classes', 'id', classId, at);
    await this.t.run(sql`update enrolments set updated_at = ${at.toISOString()} where class_id = ${classId} and completed is not null`);
    return this.recorded(p, c, at);
  }
}
