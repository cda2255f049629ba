import ExcelJS from 'exceljs';
import type { Database } from '../data/database';
import { orgById } from '../data/repos/organisations';
import { rootOrgId } from '../data/repos/stats';
import { notFound } from '../lib/errors';
import { hasRole, type Caller, type Scope } from './scope';
import type { ExportFile } from './documents';
import type { AnnualFigures, StatsService } from './stats';

type OrgKind = 'federation' | 'district' | 'base';
export interface TrailItem {
  id: number;
  name: string;
  kind: OrgKind;
}
type Annual = Awaited<ReturnType<StatsService['annual']>>;
type Six = Omit<AnnualFigures, 'trades'>;

/** The seven figures in report order, with the Chinese name and unit the union's own report uses. */
export const FIGURES: { key: keyof AnnualFigures; label: string; unit: string }[] = [
  { key: 'contests', label: '举办技能比赛', unit: '场' },
  { key: 'trades', label: '覆盖工种', unit: '个' },
  { key: 'participants', label: '参赛职工', unit: '人次' },
  { key: 'trainingClasses', label: '举办技能培训班', unit: '期' },
  { key: 'trainees', label: '培训职工', unit: '人次' },
  { key: 'promotions', label: '晋升技术等级', unit: '人次' },
  { key: 'highSkillPromotions', label: '晋升高技能人才', unit: '人' },
];
const SIX = FIGURES.filter((f) => f.key !== 'trades') as { key: keyof Six; label: string; unit: string }[];
const header = (f: { label: string; unit: string }) => `${f.label}(${f.unit})`;
const KIND_ZH: Record<OrgKind, string> = { federation: '总工会', district: '区(市)总工会', base: '基层工会' };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The annual report's exports (issue 6 § The report): the year as an XLSX workbook with one sheet per
 * breakdown, and the organisation trail the dashboard's breadcrumb shows. Every figure comes from
 * StatsService.annual, so the export can never disagree with the dashboard or GET /api/stats/annual.
 */
export class StatsReportService {
  constructor(
    private readonly db: Database,
    private readonly stats: StatsService,
    private readonly scope: Scope,
  ) {}

  /**
   * The organisations from the top of the caller's subtree (their own organisation; an admin's: the root)
   * down to the chosen one — the dashboard's breadcrumb. 404 outside the caller's subtree.
   */
  async trail(user: Caller, orgId: number | undefined): Promise<TrailItem[]> {
    const h = this.db.read;
    const top = user.orgId ?? (hasRole(user, 'admin') ? await rootOrgId(h) : undefined);
    const id = orgId ?? top;
    if (id == null) throw notFound('organisation');
    await this.scope.assert(user, id, 'organisation');
    const chosen = await orgById(h, id);
    if (!chosen?.path) throw notFound('organisation');
    const topPath = top != null ? await this.scope.pathOf(top) : undefined;
    const ids = chosen.path.split('/').filter(Boolean).map(Number);
    const orgs = await Promise.all(ids.map((i) => orgById(h, i)));
    return orgs
      .filter((o): o is NonNullable<typeof o> => !!o && (!topPath || o.path.startsWith(topPath)))
      .map(({ id: oid, name, kind }) => ({ id: oid, name, kind }));
  }

  /** GET /api/stats/annual.xlsx — the same scope and figures as GET /api/stats/annual, as a workbook. */
  async xlsx(user: Caller, q: { year?: number; orgId?: number }, now = new Date()): Promise<ExportFile> {
    const a = await this.stats.annual(user, q, now);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Gongjiang';
    wb.title = `${a.orgName}${a.year}年度技能竞赛与培训统计`;
    this.overview(wb, a);
    this.byTrade(wb, a);
    this.byOrg(wb, a);
    this.byMonth(wb, a);
    const body = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    return {
      filename: `${a.orgName}-${a.year}年度统计.xlsx`,
      asciiFilename: `annual-report-${a.year}-org${a.orgId}.xlsx`,
      contentType: XLSX_TYPE,
      body,
    };
  }

  /** 总览: a title, then each figure this year and last with the change. */
  private overview(wb: ExcelJS.Workbook, a: Annual) {
    const ws = wb.addWorksheet('总览', { views: [{ state: 'frozen', ySplit: 3 }] });
    ws.columns = [{ width: 22 }, { width: 10 }, { width: 14 }, { width: 14 }, { width: 12 }, { width: 12 }];
    ws.mergeCells('A1:F1');
    ws.getCell('A1').value = `${a.orgName} ${a.year}年度技能竞赛与培训统计`;
    ws.getCell('A1').font = { bold: true, size: 14 };
    ws.getCell('A2').value = `统计范围：${a.orgName}及所属各级工会；年度按北京时间计`;
    ws.getCell('A2').font = { color: { argb: 'FF625C55' } };
    ws.mergeCells('A2:F2');
    const head = ws.getRow(3);
    head.values = ['指标', '计量单位', `${a.year}年`, `${a.previous.year}年`, '增减', '增减率'];
    head.font = { bold: true };
    for (const f of FIGURES) {
      const cur = a[f.key];
      const prev = a.previous[f.key];
      const row = ws.addRow([f.label, f.unit, cur, prev, cur - prev, prev > 0 ? (cur - prev) / prev : cur > 0 ? '—' : 0]);
      row.getCell(3).numFmt = '#,##0';
      row.getCell(4).numFmt = '#,##0';
      row.getCell(5).numFmt = '+#,##0;-#,##0;0';
      row.getCell(6).numFmt = '+0.0%;-0.0%;0.0%'; // '—': no base last year
    }
  }

  /** 按工种: one row per trade with any figure, by trade code (a contest of three trades counts under each). */
  private byTrade(wb: ExcelJS.Workbook, a: Annual) {
    const ws = table(wb, '按工种', ['工种代码', '工种', ...SIX.map(header)], [14, 16, ...SIX.map(() => 16)]);
    for (const t of a.byTrade) ws.addRow([t.code, t.name, ...SIX.map((f) => t[f.key])]);
    numbers(ws, 3);
  }

  /** 按单位: the organisations directly below the chosen one (each with its subtree), then its own, then the total. */
  private byOrg(wb: ExcelJS.Workbook, a: Annual) {
    const ws = table(wb, '按单位', ['单位', '类型', ...FIGURES.map(header)], [34, 14, ...FIGURES.map(() => 16)]);
    for (const o of a.byOrg) ws.addRow([o.name, KIND_ZH[o.kind], ...FIGURES.map((f) => o[f.key])]);
    ws.addRow([`${a.orgName}（本级）`, '本级', ...FIGURES.map((f) => a.direct[f.key])]);
    ws.addRow(['合计', '', ...FIGURES.map((f) => a[f.key])]).font = { bold: true };
    numbers(ws, 3);
  }

  /** 按月份: twelve months and the year's total. */
  private byMonth(wb: ExcelJS.Workbook, a: Annual) {
    const ws = table(wb, '按月份', ['月份', ...SIX.map(header)], [10, ...SIX.map(() => 16)]);
    for (const r of a.byMonth) ws.addRow([`${r.month}月`, ...SIX.map((f) => r[f.key])]);
    ws.addRow(['全年', ...SIX.map((f) => a[f.key])]).font = { bold: true };
    numbers(ws, 2);
  }
}

function table(wb: ExcelJS.Workbook, name: string, headers: string[], widths: number[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h, i) => ({ header: h, key: `c${i}`, width: widths[i] }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  return ws;
}

/** Thousands separators on every numeric column from `from` (1-based). */
function numbers(ws: ExcelJS.Worksheet, from: number) {
  for (let c = from; c <= ws.columnCount; c++) ws.getColumn(c).numFmt = '#,##0';
}
