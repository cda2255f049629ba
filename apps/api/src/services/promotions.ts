import ExcelJS from 'exceljs';
import {
  beijingYear,
  decidePromotions,
  isHighSkill,
  maskResidentId,
  SKILL_LEVEL_NAMES,
  type PromotionDecision,
  type PromotionSource,
  type SkillLevel,
  type WorkerStanding,
} from '@gongjiang/domain';
import type { Database, Handle } from '../data/database';
import { promotionRuleOf, promotionRulesOf } from '../data/repos/contests';
import { orgPath } from '../data/repos/organisations';
import {
  contestPromotionCounts,
  countPromotions,
  promotionItems,
  promotionItemsByIds,
  promotionPage,
  promotionsOfEvent,
  promotionsOfWorker,
  resultStandings,
  resultWorkerIds,
  setPromotionsApplied,
  trackerCondition,
  workerWithProfile,
  type PromotionItemRow,
} from '../data/repos/promotions';
import { conflict, defineMessages, notFound } from '../lib/errors';
import messages from '../messages/promotions.json' with { type: 'json' };
import type { AuditTrail } from './audit';
import { toCsv, type ExportFile } from './documents';
import { managedEvent } from './event-access';
import { asLevel, type PromotionRecords } from './promotion-records';
import { hasRole, type Caller, type Scope } from './scope';

export type { PromotionRecordInput } from './promotion-records';

defineMessages(messages);

const levelZh = (v: string | null) => (v ? (SKILL_LEVEL_NAMES[v as SkillLevel]?.zh ?? v) : '无');

export interface TrackerFilters {
  year?: number;
  orgId?: number;
  tradeId?: number;
  source?: PromotionSource;
  highSkill?: boolean;
}

/** Contest promotions (domain.md § Promotions), skill history and the promotions tracker. */
export class PromotionsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly scope: Scope,
    private readonly records: PromotionRecords,
  ) {}

  /** The event's published results and every contestant's decision as of `now`, read through `h` (the reader or a transaction). */
  private async decide(h: Handle, eventId: number, user: Caller, now: Date) {
    const { e, c } = await managedEvent(h, this.scope, eventId, user);
    if (!e.resultsPublishedAt) throw conflict('RESULTS_NOT_PUBLISHED');
    const ruleRows = await promotionRulesOf(h, eventId);
    const rows = await resultStandings(h, eventId);
    const rules = ruleRows.map(promotionRuleOf);
    // "At most one contest promotion per worker per calendar year": the year of the promotion date (today, Beijing).
    const counts = await contestPromotionCounts(
      h,
      rows.map((r) => r.workerId),
      beijingYear(now),
    );
    const workers = new Map<number, WorkerStanding>(
      rows.map((r) => [r.workerId, { currentLevel: asLevel(r.level), contestPromotionsThisYear: counts.get(r.workerId) ?? 0 }]),
    );
    const decisions = decidePromotions({ inPlan: c.inPlan, rules, results: rows, workers });
    return { e, c, rows, decisions };
  }

  /** GET /api/events/:id/promotions/preview — every contestant with the decision (or the applied record). */
  async preview(eventId: number, user: Caller, now = new Date()) {
    const h = this.db.read;
    const { e, c, rows, decisions } = await this.decide(h, eventId, user, now);
    const applied = new Map((await promotionsOfEvent(h, eventId)).map((p) => [p.workerId, p]));
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
   *
   * Lock roots: the event (its promotions_applied_at), then its contestants' user rows before their levels and this
   * year's contest promotions are read — so one promotion per worker per year holds when two events apply at once
   * (on PostgreSQL; on SQLite the transaction holds the write lock).
   */
  apply(eventId: number, user: Caller, now = new Date()) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      await t.lock('users', await resultWorkerIds(t, eventId));
      const { e, c, decisions } = await this.decide(t, eventId, user, now);
      if (!e.promotionsAppliedAt) {
        // one record per worker and event (the unique index says so too), whatever the results hold
        const promoted = new Map<number, Extract<PromotionDecision, { promote: true }>>();
        for (const d of decisions) if (d.promote && !promoted.has(d.workerId)) promoted.set(d.workerId, d);
        for (const d of promoted.values()) {
          const cert = await this.records.certificates.issue(
            t,
            { workerId: d.workerId, level: d.toLevel, title: d.title, sourceType: 'contest', eventId },
            now,
          );
          await this.records.record(
            t,
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
        await setPromotionsApplied(t, eventId, at);
        await this.audit.record(t, {
          actorId: user.id,
          action: 'event.promotions_apply',
          entity: 'event',
          entityId: eventId,
          before: { promotionsAppliedAt: null },
          after: { promotionsAppliedAt: at, promoted: promoted.size },
        });
      }
      return (await promotionsOfEvent(t, eventId)).map((p) => ({
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
  private async reachableWorker(workerId: number, user: Caller) {
    const w = await workerWithProfile(this.db.read, workerId);
    if (!w) throw notFound('user');
    if (w.id === user.id) return w;
    if (hasRole(user, 'organizer', 'admin') && w.p?.employerOrgId != null && (await this.scope.contains(user, w.p.employerOrgId))) return w;
    throw notFound('user');
  }

  /** GET /api/workers/:id — masked profile with the current level. */
  async workerProfile(workerId: number, user: Caller) {
    const w = await this.reachableWorker(workerId, user);
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

  private item(r: PromotionItemRow) {
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
  async skillHistory(workerId: number, user: Caller) {
    await this.reachableWorker(workerId, user);
    return (await promotionsOfWorker(this.db.read, workerId)).map((r) => {
      const { date, fromLevel, toLevel, source, certificateNo, title } = this.item(r);
      return { date, fromLevel, toLevel, source, certificateNo, title };
    });
  }

  /**
   * The tracker's filter, read through `h`: promotions of one year (default: this year in Beijing) whose owning
   * organisation is in the caller's subtree (or the chosen one inside it).
   */
  async trackerWhere(h: Handle, f: TrackerFilters, user: Caller, now = new Date()) {
    let path = await this.scope.prefixFor(user);
    if (f.orgId != null) {
      await this.scope.assert(user, f.orgId, 'organisation');
      path = (await orgPath(h, f.orgId)) ?? null;
    }
    if (!path) throw notFound('organisation');
    return trackerCondition(h, {
      year: f.year ?? beijingYear(now),
      underPath: path,
      tradeId: f.tradeId,
      source: f.source,
      highSkill: f.highSkill,
    });
  }

  /** GET /api/promotions — paged, newest first. */
  async list(f: TrackerFilters & { page: number; pageSize: number }, user: Caller, now = new Date()) {
    const h = this.db.read;
    const where = await this.trackerWhere(h, f, user, now);
    // Deferred join: order and page the narrow promotion rows first, then join names and titles for this page only
    // (a city-wide year is ~10,000 records; joining all of them before the sort cost ~250 ms at city scale).
    const [total, ids] = await Promise.all([countPromotions(h, where), promotionPage(h, where, f.pageSize, (f.page - 1) * f.pageSize)]);
    const byId = new Map((await promotionItemsByIds(h, ids)).map((r) => [r.p.id, this.item(r)] as const));
    const items = ids.map((id) => byId.get(id)!);
    return { items, total, page: f.page, pageSize: f.pageSize };
  }

  /** GET /api/promotions/export — the same filter, every row, Chinese headers; CSV via the shared helpers (BOM, CRLF, formula-safe). */
  async export(f: TrackerFilters, user: Caller, format: 'csv' | 'xlsx', now = new Date()): Promise<ExportFile> {
    const h = this.db.report;
    const where = await this.trackerWhere(h, f, user, now);
    const year = f.year ?? beijingYear(now);
    const table = (await promotionItems(h, where)).map((r, i) => {
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
