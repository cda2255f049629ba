import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import ExcelJS from 'exceljs';
import {
  becameHighSkill,
  beijingDate,
  beijingYear,
  decidePromotions,
  isHighSkill,
  isSkillLevel,
  levelOrder,
  maskResidentId,
  SKILL_LEVEL_NAMES,
  type PromotionDecision,
  type PromotionRule,
  type PromotionSource,
  type SkillLevel,
  type WorkerStanding,
} from '@gongjiang/domain';
import { writeTx, type Db } from '../db';
import {
  contests,
  events,
  organisations,
  promotionRules,
  promotions,
  results,
  trades,
  trainingClasses,
  users,
  workerProfiles,
} from '../db/schema';
import { conflict, defineMessages, notFound } from '../lib/errors';
import type { AuthUser, OrgScope } from '../plugins/auth';
import { hasRole } from '../plugins/auth';
import type { AuditService } from './audit';
import { CertificatesService } from './certificates';
import { toCsv, type ExportFile } from './documents';
import { TrainingCompletionService } from './training-completion';
import { TrainingsService } from './trainings';

defineMessages({
  RESULTS_NOT_PUBLISHED: { zh: '该赛项成绩尚未公布', en: 'Results of this event have not been published yet' },
});

type PromotionRow = typeof promotions.$inferSelect;
const asLevel = (v: string | null | undefined): SkillLevel | null => (isSkillLevel(v) ? v : null);
const levelZh = (v: string | null) => (v ? (SKILL_LEVEL_NAMES[v as SkillLevel]?.zh ?? v) : '无');

export interface PromotionRecordInput {
  workerId: number;
  toLevel: SkillLevel;
  sourceType: PromotionSource;
  eventId?: number | null;
  trainingClassId?: number | null;
  orgId: number;
  tradeId: number | null;
  title: string | null;
  certificateNo: string;
}

export interface TrackerFilters {
  year?: number;
  orgId?: number;
  tradeId?: number;
  source?: PromotionSource;
  highSkill?: boolean;
}

/** `path LIKE 'p%'` as a range the organisations_path_idx can serve (LIKE on a BINARY index cannot). */
const subtreeOf = (path: string) =>
  sql`(select id from organisations where path >= ${path} and path < ${path.slice(0, -1) + String.fromCharCode(path.charCodeAt(path.length - 1) + 1)})`;

/** Contest promotions (domain.md § Promotions), skill history and the promotions tracker. */
export class PromotionsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly scope: OrgScope,
    private readonly certificates: CertificatesService,
  ) {}

  /**
   * Writes one promotion record and raises the worker's level; call inside a write transaction.
   * The level is re-read here: a promotion that would not raise it is refused (never lowers a level).
   */
  record(p: PromotionRecordInput, actorId: number, now: Date): PromotionRow {
    const fromLevel = asLevel(
      this.db.select({ l: workerProfiles.skillLevel }).from(workerProfiles).where(eq(workerProfiles.userId, p.workerId)).get()?.l,
    );
    if (levelOrder(p.toLevel) <= levelOrder(fromLevel))
      throw new Error(`promotion of worker ${p.workerId} to ${p.toLevel} would not raise ${fromLevel}`);
    const holder = this.certificates.holderOf(p.workerId);
    const row = this.db
      .insert(promotions)
      .values({
        workerId: p.workerId,
        fromLevel,
        toLevel: p.toLevel,
        sourceType: p.sourceType,
        eventId: p.eventId ?? null,
        trainingClassId: p.trainingClassId ?? null,
        orgId: p.orgId,
        tradeId: p.tradeId,
        promotedOn: beijingDate(now),
        year: beijingYear(now),
        certificateNo: p.certificateNo,
        title: p.title,
        becameHighSkill: becameHighSkill(fromLevel, p.toLevel),
        holderName: holder.name,
        holderResidentId: holder.residentId,
      })
      .returning()
      .get();
    this.db
      .insert(workerProfiles)
      .values({ userId: p.workerId, skillLevel: p.toLevel, certificateNo: p.certificateNo })
      .onConflictDoUpdate({ target: workerProfiles.userId, set: { skillLevel: p.toLevel, certificateNo: p.certificateNo } })
      .run();
    this.audit.record({
      actorId,
      action: 'promotion.create',
      entity: 'promotion',
      entityId: row.id,
      before: { workerId: p.workerId, skillLevel: fromLevel },
      after: {
        workerId: p.workerId,
        skillLevel: p.toLevel,
        source: p.sourceType,
        eventId: row.eventId,
        trainingClassId: row.trainingClassId,
        certificateNo: p.certificateNo,
        title: p.title,
      },
    });
    return row;
  }

  /** An organizer's event through the synchronous handle (until this service moves to the async data layer). */
  private managedEventLegacy(eventId: number, user: AuthUser) {
    const row = this.db
      .select({ e: events, c: contests })
      .from(events)
      .innerJoin(contests, eq(contests.id, events.contestId))
      .where(eq(events.id, eventId))
      .get();
    if (!row || !hasRole(user, 'organizer', 'admin') || !this.scope.contains(user, row.c.orgId)) throw notFound('event');
    return row;
  }

  /** The event's published results and every contestant's decision as of `now`. */
  private decide(eventId: number, user: AuthUser, now: Date) {
    const { e, c } = this.managedEventLegacy(eventId, user);
    if (!e.resultsPublishedAt) throw conflict('RESULTS_NOT_PUBLISHED');
    const rules: PromotionRule[] = this.db
      .select()
      .from(promotionRules)
      .where(eq(promotionRules.eventId, eventId))
      .orderBy(asc(promotionRules.position))
      .all()
      .map((r) => ({
        fromRank: r.fromRank,
        toRank: r.toRank,
        topPercent: r.topPercent,
        targetLevel: r.targetLevel as SkillLevel,
        capLevel: r.capLevel as SkillLevel,
        title: r.title,
      }));
    const rows = this.db
      .select({
        workerId: results.workerId,
        rank: results.rank,
        passed: results.passed,
        total: results.total,
        name: users.name,
        level: workerProfiles.skillLevel,
        employer: organisations.name,
      })
      .from(results)
      .innerJoin(users, eq(users.id, results.workerId))
      .leftJoin(workerProfiles, eq(workerProfiles.userId, results.workerId))
      .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
      .where(eq(results.eventId, eventId))
      .orderBy(asc(results.rank), asc(results.id))
      .all();
    const ids = rows.map((r) => r.workerId);
    const year = beijingYear(now);
    // "At most one contest promotion per worker per calendar year": the year of the promotion date (today, Beijing).
    const counts = new Map(
      (ids.length
        ? this.db
            .select({ workerId: promotions.workerId, n: sql<number>`count(*)` })
            .from(promotions)
            .where(and(inArray(promotions.workerId, ids), eq(promotions.year, year), eq(promotions.sourceType, 'contest')))
            .groupBy(promotions.workerId)
            .all()
        : []
      ).map((r) => [r.workerId, r.n]),
    );
    const workers = new Map<number, WorkerStanding>(
      rows.map((r) => [r.workerId, { currentLevel: asLevel(r.level), contestPromotionsThisYear: counts.get(r.workerId) ?? 0 }]),
    );
    const decisions = decidePromotions({ inPlan: c.inPlan, rules, results: rows, workers });
    return { e, c, rows, decisions };
  }

  private appliedOf(eventId: number) {
    return this.db.select().from(promotions).where(eq(promotions.eventId, eventId)).orderBy(asc(promotions.id)).all();
  }

  /** GET /api/events/:id/promotions/preview — every contestant with the decision (or the applied record). */
  preview(eventId: number, user: AuthUser, now = new Date()) {
    const { e, c, rows, decisions } = this.decide(eventId, user, now);
    const applied = new Map(this.appliedOf(eventId).map((p) => [p.workerId, p]));
    const items = rows.map((r, i) => {
      const p = applied.get(r.workerId);
      const d = decisions[i]!;
      const base = {
        workerId: r.workerId,
        name: r.name,
        employer: r.employer,
        rank: r.rank,
        total: r.total,
        passed: r.passed,
        currentLevel: asLevel(r.level),
      };
      if (p)
        return {
          ...base,
          promote: true,
          applied: true,
          fromLevel: asLevel(p.fromLevel),
          toLevel: p.toLevel as SkillLevel,
          title: p.title,
          becameHighSkill: p.becameHighSkill,
          reason: null,
          certificateNo: p.certificateNo,
        };
      return d.promote
        ? {
            ...base,
            promote: true,
            applied: false,
            fromLevel: d.fromLevel,
            toLevel: d.toLevel,
            title: d.title,
            becameHighSkill: d.becameHighSkill,
            reason: null,
            certificateNo: null,
          }
        : {
            ...base,
            promote: false,
            applied: false,
            fromLevel: null,
            toLevel: null,
            title: null,
            becameHighSkill: false,
            reason: d.reason,
            certificateNo: null,
          };
    });
    return { eventId, inPlan: c.inPlan, tier: c.tier, appliedAt: e.promotionsAppliedAt, items };
  }

  /**
   * POST /api/events/:id/promotions — one transaction: records, levels, certificates, the event's
   * promotions_applied_at, audit. Applying again writes nothing and returns the same list.
   */
  apply(eventId: number, user: AuthUser, now = new Date()) {
    return writeTx(this.db, () => {
      const { e, c, decisions } = this.decide(eventId, user, now);
      if (!e.promotionsAppliedAt) {
        // one record per worker and event (the unique index says so too), whatever the results hold
        const promoted = new Map<number, Extract<PromotionDecision, { promote: true }>>();
        for (const d of decisions) if (d.promote && !promoted.has(d.workerId)) promoted.set(d.workerId, d);
        for (const d of promoted.values()) {
          const cert = this.certificates.issue(
            { workerId: d.workerId, level: d.toLevel, title: d.title, sourceType: 'contest', eventId },
            now,
          );
          this.record(
            {
              workerId: d.workerId,
              toLevel: d.toLevel,
              sourceType: 'contest',
              eventId,
              orgId: c.orgId,
              tradeId: e.tradeId,
              title: d.title,
              certificateNo: cert.certificateNo,
            },
            user.id,
            now,
          );
        }
        const at = now.toISOString();
        this.db.update(events).set({ promotionsAppliedAt: at }).where(eq(events.id, eventId)).run();
        this.audit.record({
          actorId: user.id,
          action: 'event.promotions_apply',
          entity: 'event',
          entityId: eventId,
          before: { promotionsAppliedAt: null },
          after: { promotionsAppliedAt: at, promoted: promoted.size },
        });
      }
      return this.appliedOf(eventId).map((p) => ({
        workerId: p.workerId,
        fromLevel: asLevel(p.fromLevel),
        toLevel: p.toLevel as SkillLevel,
        title: p.title,
        certificateNo: p.certificateNo,
        becameHighSkill: p.becameHighSkill,
      }));
    });
  }

  /** The worker themself, or an organizer whose subtree holds the worker's employer; anyone else 404. */
  private reachableWorker(workerId: number, user: AuthUser) {
    const w = this.db
      .select({ id: users.id, name: users.name, p: workerProfiles, employer: organisations.name, trade: trades.name })
      .from(users)
      .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
      .leftJoin(organisations, eq(organisations.id, workerProfiles.employerOrgId))
      .leftJoin(trades, eq(trades.id, workerProfiles.tradeId))
      .where(eq(users.id, workerId))
      .get();
    if (!w) throw notFound('user');
    if (w.id === user.id) return w;
    if (hasRole(user, 'organizer', 'admin') && w.p?.employerOrgId != null && this.scope.contains(user, w.p.employerOrgId)) return w;
    throw notFound('user');
  }

  /** GET /api/workers/:id — masked profile with the current level. */
  workerProfile(workerId: number, user: AuthUser) {
    const w = this.reachableWorker(workerId, user);
    const level = asLevel(w.p?.skillLevel);
    return {
      id: w.id,
      name: w.name,
      residentId: maskResidentId(w.p?.idNumber),
      gender: w.p?.gender ?? null,
      employerOrgId: w.p?.employerOrgId ?? null,
      employer: w.employer,
      tradeId: w.p?.tradeId ?? null,
      trade: w.trade,
      skillLevel: level,
      highSkill: isHighSkill(level),
      certificateNo: w.p?.certificateNo ?? null,
    };
  }

  private readonly employer = alias(organisations, 'employer');

  private rowsQuery(where: SQL | undefined) {
    return this.db
      .select({
        p: promotions,
        // the record's holder as recorded (a later correction of the worker's name does not rewrite it)
        name: sql<string>`coalesce(${promotions.holderName}, ${users.name})`,
        employer: this.employer.name,
        trade: trades.name,
        sourceTitle: sql<string | null>`coalesce(${contests.title}, ${trainingClasses.title})`,
      })
      .from(promotions)
      .innerJoin(users, eq(users.id, promotions.workerId))
      .leftJoin(workerProfiles, eq(workerProfiles.userId, promotions.workerId))
      .leftJoin(this.employer, eq(this.employer.id, workerProfiles.employerOrgId))
      .leftJoin(trades, eq(trades.id, promotions.tradeId))
      .leftJoin(events, eq(events.id, promotions.eventId))
      .leftJoin(contests, eq(contests.id, events.contestId))
      .leftJoin(trainingClasses, eq(trainingClasses.id, promotions.trainingClassId))
      .where(where);
  }

  private item(r: { p: PromotionRow; name: string; employer: string | null; trade: string | null; sourceTitle: string | null }) {
    const { p } = r;
    return {
      id: p.id,
      workerId: p.workerId,
      name: r.name,
      employer: r.employer,
      trade: r.trade,
      fromLevel: asLevel(p.fromLevel),
      toLevel: p.toLevel as SkillLevel,
      source: { type: p.sourceType, id: (p.sourceType === 'contest' ? p.eventId : p.trainingClassId) ?? null, title: r.sourceTitle ?? '' },
      date: p.promotedOn,
      certificateNo: p.certificateNo,
      title: p.title,
      becameHighSkill: p.becameHighSkill,
    };
  }

  /** GET /api/workers/:id/skill-history — oldest first. */
  skillHistory(workerId: number, user: AuthUser) {
    this.reachableWorker(workerId, user);
    return this.rowsQuery(eq(promotions.workerId, workerId))
      .orderBy(asc(promotions.promotedOn), asc(promotions.id))
      .all()
      .map((r) => {
        const { date, fromLevel, toLevel, source, certificateNo, title } = this.item(r);
        return { date, fromLevel, toLevel, source, certificateNo, title };
      });
  }

  /**
   * The tracker's filter: promotions of one year (default: this year in Beijing) whose owning
   * organisation is in the caller's subtree (or the chosen one inside it). Year and org go through
   * promotions_year_org_idx and organisations_path_idx — no full scan.
   */
  trackerWhere(f: TrackerFilters, user: AuthUser, now = new Date()): SQL {
    let path = this.scope.prefixFor(user);
    if (f.orgId != null) {
      this.scope.assert(user, f.orgId, 'organisation');
      path = this.db.select({ path: organisations.path }).from(organisations).where(eq(organisations.id, f.orgId)).get()?.path ?? null;
    }
    if (!path) throw notFound('organisation');
    const conds: SQL[] = [eq(promotions.year, f.year ?? beijingYear(now)), sql`${promotions.orgId} in ${subtreeOf(path)}`];
    if (f.tradeId != null) conds.push(eq(promotions.tradeId, f.tradeId));
    if (f.source) conds.push(eq(promotions.sourceType, f.source));
    if (f.highSkill != null) conds.push(eq(promotions.becameHighSkill, f.highSkill));
    return and(...conds)!;
  }

  /** GET /api/promotions — paged, newest first. */
  list(f: TrackerFilters & { page: number; pageSize: number }, user: AuthUser, now = new Date()) {
    const where = this.trackerWhere(f, user, now);
    const total =
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(promotions)
        .where(where)
        .get()?.n ?? 0;
    // Deferred join: order and page the narrow promotion rows first, then join names and titles for this page only
    // (a city-wide year is ~10,000 records; joining all of them before the sort cost ~250 ms at city scale).
    const ids = this.db
      .select({ id: promotions.id })
      .from(promotions)
      .where(where)
      .orderBy(desc(promotions.promotedOn), desc(promotions.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .all()
      .map((r) => r.id);
    const byId = new Map((ids.length ? this.rowsQuery(inArray(promotions.id, ids)).all() : []).map((r) => [r.p.id, this.item(r)] as const));
    const items = ids.map((id) => byId.get(id)!);
    return { items, total, page: f.page, pageSize: f.pageSize };
  }

  /** GET /api/promotions/export — the same filter, every row, Chinese headers; CSV via the shared helpers (BOM, CRLF, formula-safe). */
  async export(f: TrackerFilters, user: AuthUser, format: 'csv' | 'xlsx', now = new Date()): Promise<ExportFile> {
    const where = this.trackerWhere(f, user, now);
    const year = f.year ?? beijingYear(now);
    const table = this.rowsQuery(where)
      .orderBy(asc(promotions.promotedOn), asc(promotions.id))
      .all()
      .map((r, i) => {
        const x = this.item(r);
        return [
          i + 1,
          x.name,
          x.employer ?? '',
          x.trade ?? '',
          levelZh(x.fromLevel),
          levelZh(x.toLevel),
          x.source.title,
          x.source.type === 'contest' ? '技能竞赛' : '职业培训',
          x.date,
          x.certificateNo ?? '',
          x.title ?? '',
          x.becameHighSkill ? '是' : '否',
        ];
      });
    const base = `晋升记录-${year}`;
    if (format === 'csv') {
      return {
        filename: `${base}.csv`,
        asciiFilename: `promotions-${year}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: toCsv([[...PROMOTION_EXPORT_HEADER], ...table]),
      };
    }
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Gongjiang';
    const ws = wb.addWorksheet('晋升记录', { views: [{ state: 'frozen', ySplit: 1 }] });
    const widths = [6, 12, 34, 12, 14, 14, 36, 10, 12, 16, 12, 14];
    ws.columns = PROMOTION_EXPORT_HEADER.map((header, i) => ({ header, key: `c${i}`, width: widths[i] }));
    ws.getRow(1).font = { bold: true };
    for (const r of table) ws.addRow(r);
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: PROMOTION_EXPORT_HEADER.length } };
    const body = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    return {
      filename: `${base}.xlsx`,
      asciiFilename: `promotions-${year}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body,
    };
  }
}

export const PROMOTION_EXPORT_HEADER = [
  '序号',
  '姓名',
  '工作单位',
  '工种',
  '原等级',
  '晋升等级',
  '晋升来源',
  '来源类型',
  '晋升日期',
  '证书编号',
  '荣誉称号',
  '进入高技能人才',
] as const;

/** The services of promotions, training completion and certificates, for buildServices. */
export function promotionServices(db: Db, audit: AuditService, scope: OrgScope) {
  const certificates = new CertificatesService(db, scope);
  const promotions = new PromotionsService(db, audit, scope, certificates);
  const trainingCompletion = new TrainingCompletionService(db, audit, new TrainingsService(db, audit, scope), certificates, promotions);
  return { certificates, promotions, trainingCompletion };
}
