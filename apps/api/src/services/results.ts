import ExcelJS from 'exceljs';
import {
  computeEventResults,
  isConflicted,
  judgementConflicts,
  normaliseBib,
  parseAwardConfig,
  parseScoreText,
  roundHalfUp,
  sheetProgress,
  theoryRowErrors,
  type Award,
  type ContestantResult,
  type TheoryRow,
  type TheoryRowError,
  type TheoryRowProblem,
} from '@gongjiang/domain';
import type { Database, Handle } from '../data/database';
import { assignments, contestantNames, contestants, criteria, eventMarks, type EventInfo } from '../data/repos/judging';
import { frozenResults, insertResults, setResultsPublished, theoryScores, upsertTheory } from '../data/repos/results';
import { AppError, conflict, defineMessages, notFound, validation, type Lang } from '../lib/errors';
import messages from '../messages/results.json' with { type: 'json' };
import type { AuditTrail } from './audit';
import { DetailedError, type JudgingAccess } from './judging';
import type { Caller } from './scope';
import { assertOnTime } from './timing';
import { decodeText, IMPORT_LIMITS, readCsvTable, readXlsxTable, type TableRow } from './table-import';
import { notifyLater } from './notifications';

export { decodeText, parseCsv } from './table-import';

defineMessages(messages);

export interface ResultRow {
  rank: number | null;
  bib: string;
  name: string | null;
  employer: string | null;
  theory: number | null;
  practical: number | null;
  total: number | null;
  passed: boolean | null;
  award: Award | null;
  tied: boolean;
  registrationId?: number;
}

export type ImportPayload = { csv: string } | { csvBytes: Buffer } | { xlsx: Buffer };

export const AWARD_NAMES_ZH: Record<Award, string> = { first: '一等奖', second: '二等奖', third: '三等奖', excellence: '优胜奖' };
export const EXPORT_HEADERS = ['名次', '检录号', '姓名', '工作单位', '理论', '实操', '总分', '是否合格', '奖项', '并列'] as const;

const PROBLEM_TEXT: Record<TheoryRowProblem, Record<Lang, string>> = {
  missing_bib: { zh: '缺少检录号', en: 'blind number missing' },
  unknown_bib: { zh: '检录号不存在', en: 'unknown blind number' },
  duplicate_bib: { zh: '检录号重复', en: 'blind number given more than once' },
  not_a_number: { zh: '成绩不是数字', en: 'score is not a number' },
  out_of_range: { zh: '成绩不在 0–100 之间', en: 'score outside 0–100' },
};

type Blocker = 'no_judges' | 'no_contestants' | 'sheets_open' | 'theory_missing' | 'no_eligible_judge';
const BLOCKER_TEXT: Record<Blocker, Record<Lang, (n: number) => string>> = {
  no_judges: { zh: () => '尚未分配裁判', en: () => 'no judges are assigned' },
  no_contestants: { zh: () => '没有已抽签的参赛选手', en: () => 'no contestant has a blind number' },
  sheets_open: { zh: (n) => `${n} 份评分表未提交`, en: (n) => `${n} score sheet(s) not submitted` },
  theory_missing: { zh: (n) => `${n} 名选手缺少理论成绩`, en: (n) => `${n} theory score(s) missing` },
  no_eligible_judge: { zh: (n) => `${n} 名选手因回避没有可评分的裁判`, en: (n) => `${n} contestant(s) have no judge left after recusal` },
};

/** The input of the domain's results computation for one event (contestants are registration ids). */
export type ResultsInput = Parameters<typeof computeEventResults<number>>[0];

const THEORY_BIB_HEADERS = ['检录号', 'bib', '赛位号'];
const THEORY_SCORE_HEADERS = ['理论成绩', 'score', '理论', 'theory'];

export class ResultsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly access: JudgingAccess,
  ) {}

  /** Everything the computation needs, read once through `h`, and the domain's results for it. */
  private async live(h: Handle, ev: EventInfo) {
    const read = await this.read(h, ev);
    return { ...read, results: computeEventResults(read.input) };
  }

  /** What the domain's computation of an event's results takes, as `compute` reads it (no access check) — for measuring the computation alone. */
  async input(eventId: number): Promise<ResultsInput> {
    const h = this.db.read;
    return (await this.read(h, await this.access.event(h, eventId))).input;
  }

  /** One query after another: `h` may be a transaction (one connection; PostgreSQL's client takes one query at a time). */
  private async read(h: Handle, ev: EventInfo) {
    const criterionList = await criteria(h, ev.id);
    const people = await contestants(h, ev.id);
    const judges = await assignments(h, ev.id);
    const marks = await eventMarks(h, ev.id);
    const theoryRows = await theoryScores(h, ev.id);
    const theory = new Map(theoryRows.map((t) => [t.registrationId, t.score]));
    const input: ResultsInput = {
      scheme: {
        theoryWeight: ev.theoryWeight,
        practicalWeight: ev.practicalWeight,
        aggregation: ev.aggregation,
        passMark: ev.passMark,
        awards: parseAwardConfig(ev.awards),
      },
      criteria: criterionList,
      judges: judges.map((j) => ({ judgeId: j.judgeId, employerOrgId: j.orgId })),
      contestants: people.map((c) => ({
        id: c.registrationId,
        employerOrgId: c.employerOrgId,
        theory: theory.get(c.registrationId) ?? null,
      })),
      // column-wise, as read: no object per mark
      marks: { judgeIds: marks.judgeIds, contestants: marks.registrationIds, criteria: marks.criterionIds, values: marks.scores },
    };
    return { criteria: criterionList, contestants: people, judges, marks, theory, input };
  }

  /** The live results of an event (no access check): what publication would freeze now. */
  async compute(eventId: number): Promise<ContestantResult<number>[]> {
    const h = this.db.read;
    return (await this.live(h, await this.access.event(h, eventId))).results;
  }

  private async liveRows(h: Handle, ev: EventInfo, withNames: boolean): Promise<ResultRow[]> {
    const { contestants: people, results } = await this.live(h, ev);
    const names = withNames ? await contestantNames(h, ev.id) : new Map<number, { name: string; employer: string | null }>();
    const bibOf = new Map(people.map((c) => [c.registrationId, c.bib]));
    return results.map((r) => ({
      rank: r.rank,
      bib: bibOf.get(r.id)!,
      name: names.get(r.id)?.name ?? null,
      employer: names.get(r.id)?.employer ?? null,
      theory: r.theory,
      practical: r.practical,
      total: r.total,
      passed: r.passed,
      award: r.award,
      tied: r.tied,
      registrationId: r.id,
    }));
  }

  private async frozenRows(h: Handle, ev: EventInfo, withIds: boolean): Promise<ResultRow[]> {
    return (await frozenResults(h, ev.id)).map((r) => ({
      rank: r.rank,
      bib: r.bib,
      name: r.name,
      employer: r.employer,
      theory: r.theory,
      practical: r.practical,
      total: r.total,
      passed: r.passed,
      award: r.award,
      tied: r.tied,
      ...(withIds ? { registrationId: r.registrationId } : {}),
    }));
  }

  /**
   * GET /api/events/:id/results — an organizer in scope any time (live until publication, frozen
   * after); anyone else only after publication. Names appear only in those two cases.
   */
  async results(eventId: number, user: Caller | undefined): Promise<ResultRow[]> {
    const h = this.db.read;
    const ev = await this.access.event(h, eventId);
    const manager = await this.access.isManager(user, ev);
    if (ev.resultsPublishedAt) return this.frozenRows(h, ev, manager);
    if (!manager) {
      if (ev.contestStatus === 'draft') throw notFound('event');
      throw new AppError(404, 'RESULTS_NOT_PUBLISHED');
    }
    return this.liveRows(h, ev, true);
  }

  /**
   * GET /api/events/:id/results/info — which contest and trade the event is, for the heading of the
   * results pages (no contestant data). Anyone once the contest is published; a draft's only for its organizers.
   */
  async info(eventId: number, user: Caller | undefined) {
    const ev = await this.access.event(this.db.read, eventId);
    if (ev.contestStatus === 'draft' && !(await this.access.isManager(user, ev))) throw notFound('event');
    return {
      eventId: ev.id,
      contestId: ev.contestId,
      contestTitle: ev.contestTitle,
      trade: { id: ev.tradeId, name: ev.tradeName, nameEn: ev.tradeNameEn },
      published: !!ev.resultsPublishedAt,
      publishedAt: ev.resultsPublishedAt,
      withdrawnAt: ev.resultsPublishedAt ? null : ev.resultsWithdrawnAt,
      appealHours: ev.appealHours,
    };
  }

  /** Sheets, theory scores and cells: what still stands between the event and publication. */
  private board(ev: EventInfo, data: Awaited<ReturnType<ResultsService['live']>>) {
    const { criteria: criterionList, contestants: people, judges, marks, theory, results } = data;
    const critIds = criterionList.map((c) => c.id);
    const marksOf = new Map<number, { contestant: number; criterion: number }[]>();
    marks.judgeIds.forEach((judgeId, i) => {
      const list = marksOf.get(judgeId) ?? [];
      if (!list.length) marksOf.set(judgeId, list);
      list.push({ contestant: marks.registrationIds[i]!, criterion: marks.criterionIds[i]! });
    });
    const sheets = judges.map((j) => {
      const mine = people.filter((c) => !isConflicted(j.orgId, c.employerOrgId)).map((c) => c.registrationId);
      return {
        judgeId: j.judgeId,
        name: j.name,
        chief: j.chief,
        submittedAt: j.submittedAt,
        locked: !!j.submittedAt,
        ...sheetProgress(mine, critIds, marksOf.get(j.judgeId) ?? []),
      };
    });
    const missingTheory = people.filter((c) => !theory.has(c.registrationId)).map((c) => c.bib);
    const bibOf = new Map(people.map((c) => [c.registrationId, c.bib]));
    const noJudge = results.filter((r) => r.eligibleJudges === 0).map((r) => bibOf.get(r.id)!);
    const open = sheets.filter((s) => !s.locked).length;
    const blockers: { problem: Blocker; count: number }[] = [];
    if (judges.length === 0) blockers.push({ problem: 'no_judges', count: 0 });
    if (people.length === 0) blockers.push({ problem: 'no_contestants', count: 0 });
    if (open) blockers.push({ problem: 'sheets_open', count: open });
    if (missingTheory.length) blockers.push({ problem: 'theory_missing', count: missingTheory.length });
    if (judges.length && noJudge.length) blockers.push({ problem: 'no_eligible_judge', count: noJudge.length });
    return {
      published: !!ev.resultsPublishedAt,
      publishedAt: ev.resultsPublishedAt,
      contestants: people.length,
      judges: sheets,
      sheets: { submitted: sheets.length - open, total: sheets.length },
      theory: { present: people.length - missingTheory.length, total: people.length, missingBibs: missingTheory },
      cells: { done: sheets.reduce((s, x) => s + x.done, 0), total: sheets.reduce((s, x) => s + x.total, 0) },
      noEligibleJudgeBibs: noJudge,
      ready: blockers.length === 0 && !ev.resultsPublishedAt,
      blockers,
    };
  }

  /** GET /api/events/:id/results/progress — the organizer's progress board. */
  async progress(eventId: number, user: Caller) {
    const h = this.db.read;
    const ev = await this.access.managed(h, eventId, user);
    return this.board(ev, await this.live(h, ev));
  }

  /**
   * POST /api/events/:id/results/publish — refused while a sheet is open, a theory score is
   * missing or nobody judges; otherwise freezes the rows into `results`, once.
   */
  publish(eventId: number, user: Caller, now = new Date()) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const ev = await this.access.managed(t, eventId, user);
      assertOnTime('publish', ev, now);
      if (ev.resultsPublishedAt) throw conflict('ALREADY_PUBLISHED');
      const data = await this.live(t, ev);
      const { blockers } = this.board(ev, data);
      const unranked = data.results.filter((r) => r.rank === null).length;
      if (blockers.length || unranked) {
        const detail = (lang: Lang) =>
          blockers.length
            ? blockers.map((b) => BLOCKER_TEXT[b.problem][lang](b.count)).join(lang === 'zh' ? '；' : '; ')
            : lang === 'zh'
              ? `${unranked} 名选手成绩不完整`
              : `${unranked} result(s) incomplete`;
        throw new DetailedError(
          409,
          'RESULTS_INCOMPLETE',
          {},
          { blockers },
          { zh: { detail: detail('zh') }, en: { detail: detail('en') } },
        );
      }
      const workerOf = new Map(data.contestants.map((c) => [c.registrationId, c.workerId]));
      await insertResults(
        t,
        data.results.map((r) => ({
          eventId,
          registrationId: r.id,
          workerId: workerOf.get(r.id)!,
          rank: r.rank!,
          theory: r.theory!,
          practical: r.practical!,
          total: r.total!,
          passed: !!r.passed,
          award: r.award,
          tied: r.tied,
        })),
      );
      const at = now.toISOString();
      await setResultsPublished(t, eventId, at);
      await this.audit.record(t, {
        actorId: user.id,
        action: 'results.publish',
        entity: 'event',
        entityId: eventId,
        before: { resultsPublishedAt: null },
        after: { resultsPublishedAt: at, count: data.results.length },
      });
      await notifyLater(t, 'results.published', eventId, at);
      return { eventId, publishedAt: at, count: data.results.length };
    });
  }

  /**
   * GET /api/events/:id/results/judges — the chief judge's report: who gave what for each blind
   * number and criterion, the aggregated mark, recusals and judgement spreads. Blind numbers only.
   */
  async judgeReport(eventId: number, user: Caller) {
    const h = this.db.read;
    const { ev } = await this.access.managerOrChief(h, eventId, user);
    const { criteria: criterionList, contestants: people, judges, marks, results } = await this.live(h, ev);
    const cell = new Map<string, number>();
    marks.scores.forEach((value, i) => cell.set(`${marks.registrationIds[i]}/${marks.judgeIds[i]}/${marks.criterionIds[i]}`, value));
    const resultOf = new Map(results.map((r) => [r.id, r]));
    return {
      aggregation: ev.aggregation,
      criteria: criterionList.map((c) => ({ id: c.id, name: c.name, maxScore: c.maxScore, kind: c.kind })),
      judges: judges.map((j) => ({ judgeId: j.judgeId, name: j.name, chief: j.chief, submittedAt: j.submittedAt })),
      contestants: people.map((c) => {
        const r = resultOf.get(c.registrationId)!;
        return {
          bib: c.bib,
          practical: r.practical,
          criteria: criterionList.map((k, i) => {
            const given = judges.map((j) => {
              const recused = isConflicted(j.orgId, c.employerOrgId);
              return {
                judgeId: j.judgeId,
                score: recused ? null : (cell.get(`${c.registrationId}/${j.judgeId}/${k.id}`) ?? null),
                recused,
              };
            });
            const counted = given
              .filter((g) => g.score !== null)
              .map((g) => ({ judgeId: g.judgeId, contestant: c.bib, criterion: k.id, value: g.score! }));
            const mark = r.criterionMarks[i] ?? null;
            return {
              criterionId: k.id,
              mark: mark === null ? null : roundHalfUp(mark, 2),
              spread: k.kind === 'judgement' && judgementConflicts(counted).length > 0,
              marks: given,
            };
          }),
        };
      }),
    };
  }

  /**
   * PUT /api/events/:id/theory-scores and the import — all or nothing: any row problem refuses
   * the whole set with every row's problems listed. Each changed score is audited old → new.
   */
  setTheory(eventId: number, rows: TheoryRow[], user: Caller, source: 'api' | 'csv' | 'xlsx' = 'api') {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const ev = await this.access.managed(t, eventId, user);
      assertOnTime('score', ev);
      if (ev.resultsPublishedAt) throw conflict('ALREADY_PUBLISHED');
      if (rows.length === 0) throw validation('rows: nothing to import');
      const people = await contestants(t, eventId);
      const errors = theoryRowErrors(
        rows,
        people.map((c) => c.bib),
      );
      if (errors.length) throw theoryError(errors);
      const regOf = new Map(people.map((c) => [c.bib, c.registrationId]));
      const before = new Map((await theoryScores(t, eventId)).map((x) => [x.registrationId, x.score]));
      const at = new Date().toISOString();
      let changed = 0;
      for (const r of rows) {
        const bib = normaliseBib(r.bib);
        const registrationId = regOf.get(bib)!;
        const old = before.get(registrationId);
        if (old === r.score) continue;
        const id = await upsertTheory(t, { eventId, registrationId, score: r.score!, at });
        changed += 1;
        await this.audit.record(t, {
          actorId: user.id,
          action: 'theory_score.set',
          entity: 'theory_score',
          entityId: id,
          before: old === undefined ? null : { eventId, bib, score: old },
          after: { eventId, bib, score: r.score },
          reason: source === 'api' ? null : `${source} import`,
        });
      }
      return { eventId, rows: rows.length, changed, unchanged: rows.length - changed };
    });
  }

  /** POST /api/events/:id/theory-scores/import — a CSV text or an XLSX workbook (first sheet). */
  async importTheory(eventId: number, payload: ImportPayload, user: Caller) {
    // before the file is read: the time check comes before every other (setTheory checks again under the lock)
    assertOnTime('score', await this.access.managed(this.db.read, eventId, user));
    let table: TableRow[];
    let source: 'csv' | 'xlsx';
    if ('xlsx' in payload) {
      table = await readXlsxTable(payload.xlsx);
      source = 'xlsx';
    } else {
      table = readCsvTable('csv' in payload ? payload.csv : decodeText(payload.csvBytes));
      source = 'csv';
    }
    return this.setTheory(eventId, theoryRowsFrom(table), user, source);
  }

  /** GET /api/events/:id/results/export — the results table with Chinese headers, CSV (UTF-8 BOM, CRLF) or XLSX. */
  async exportResults(eventId: number, format: 'csv' | 'xlsx', user: Caller) {
    const h = this.db.report;
    const ev = await this.access.managed(h, eventId, user);
    const rows = ev.resultsPublishedAt ? await this.frozenRows(h, ev, false) : await this.liveRows(h, ev, true);
    const table = rows.map((r) => [
      r.rank,
      r.bib,
      r.name ?? '',
      r.employer ?? '',
      r.theory,
      r.practical,
      r.total,
      r.passed === null ? '' : r.passed ? '是' : '否',
      r.award ? AWARD_NAMES_ZH[r.award] : '',
      r.tied ? '是' : '',
    ]);
    const base = `${ev.contestTitle}-${ev.tradeName}-成绩`;
    if (format === 'csv') {
      const body = toCsv([
        [...EXPORT_HEADERS],
        ...table.map((row) => row.map((v, i) => (typeof v === 'number' && i >= 4 ? v.toFixed(2) : v))),
      ]);
      return {
        body: Buffer.from(body, 'utf8'),
        contentType: 'text/csv; charset=utf-8',
        filename: `${base}.csv`,
        asciiName: `results-event-${eventId}.csv`,
      };
    }
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('成绩');
    ws.addRow([...EXPORT_HEADERS]).font = { bold: true };
    for (const row of table) ws.addRow(row.map((v) => v ?? null));
    for (const col of [5, 6, 7]) ws.getColumn(col).numFmt = '0.00';
    ws.columns.forEach((c, i) => (c.width = [6, 10, 12, 28, 8, 8, 8, 10, 8, 6][i] ?? 10));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    return {
      body,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      filename: `${base}.xlsx`,
      asciiName: `results-event-${eventId}.xlsx`,
    };
  }
}

function theoryError(errors: TheoryRowError[]): DetailedError {
  const shown = 5;
  const detail = (lang: Lang) => {
    const parts = errors
      .slice(0, shown)
      .map((e) =>
        lang === 'zh'
          ? `第 ${e.row} 行${e.bib ? `（${e.bib}）` : ''}：${PROBLEM_TEXT[e.problem].zh}`
          : `row ${e.row}${e.bib ? ` (${e.bib})` : ''}: ${PROBLEM_TEXT[e.problem].en}`,
      );
    const more = errors.length > shown ? (lang === 'zh' ? `等共 ${errors.length} 处问题` : `and ${errors.length - shown} more`) : '';
    const head = lang === 'zh' ? '理论成绩有误，未写入任何数据 — ' : 'theory scores refused, nothing was written — ';
    return head + parts.join(lang === 'zh' ? '；' : '; ') + (more ? (lang === 'zh' ? `，${more}` : `, ${more}`) : '');
  };
  // the first rows' problems and how many there are in all: a file of 20,000 bad rows is not a 20,000-item answer
  const listed = errors.slice(0, IMPORT_LIMITS.errorsListed);
  return new DetailedError(
    400,
    'VALIDATION',
    {},
    { errors: listed, errorCount: errors.length },
    { zh: { detail: detail('zh') }, en: { detail: detail('en') } },
  );
}

const headerKey = (v: string | number | null | undefined) =>
  String(v ?? '')
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase();

/** Rows of a sheet → theory rows: the header row names the columns 检录号/bib and 理论成绩/score. */
export function theoryRowsFrom(table: TableRow[]): TheoryRow[] {
  const blank = (r: TableRow) => r.cells.every((c) => c === null || String(c).trim() === '');
  const rows = table.filter((r) => !blank(r));
  const header = rows[0];
  const bibCol = header?.cells.findIndex((c) => THEORY_BIB_HEADERS.includes(headerKey(c))) ?? -1;
  const scoreCol = header?.cells.findIndex((c) => THEORY_SCORE_HEADERS.includes(headerKey(c))) ?? -1;
  if (bibCol < 0 || scoreCol < 0) throw validation('file: the first row must name the columns 检录号 (or bib) and 理论成绩 (or score)');
  return rows.slice(1).map((r) => {
    const score = r.cells[scoreCol];
    return {
      row: r.row,
      bib: String(r.cells[bibCol] ?? ''),
      score: typeof score === 'number' ? score : parseScoreText(score ?? ''),
    };
  });
}

/**
 * RFC 4180 writer: CRLF line ends, fields quoted when they hold a comma, quote or line break,
 * a UTF-8 BOM so Excel reads the Chinese. Text that a spreadsheet would run as a formula
 * (=, +, -, @ first) is prefixed with an apostrophe.
 */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\ufeff' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
