import ExcelJS from 'exceljs';
import { maskResidentId, SKILL_LEVEL_NAMES, type RegistrationStatus, type SkillLevel } from '@gongjiang/domain';
import type { Database } from '../data/database';
import { orgName } from '../data/repos/contests';
import { registrationsForExport, ticketHolder } from '../data/repos/registrations';
import { tradeById } from '../data/repos/trades';
import { conflict } from '../lib/errors';
import { CJK, CJK_BOLD, createDocument, drawQr, INK, MUTED, withFooter } from '../lib/pdf';
import { ticketPayload, type RegistrationsService } from './registrations';
import type { Caller } from './scope';

const STATUS_ZH: Record<RegistrationStatus, string> = {
  confirmed: '已确认',
  pending: '待审核',
  waitlisted: '候补',
  cancelled: '已取消',
  rejected: '已驳回',
};

export const EXPORT_HEADER = [
  '序号',
  '姓名',
  '手机号',
  '身份证号(脱敏)',
  '工作单位',
  '技能等级',
  '状态',
  '候补序号',
  '检录号',
  '检录时间',
  '报名时间',
] as const;

/** Wall-clock parts of an instant in China Standard Time (UTC+8, no DST) — every date we print is Beijing time. */
function beijing(iso: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return { y: p.year!, m: p.month!, d: p.day!, hh: p.hour!, mm: p.minute!, ss: p.second! };
}
/** 2026年12月15日 */
export const zhDate = (iso: string) => {
  const t = beijing(iso);
  return `${t.y}年${Number(t.m)}月${Number(t.d)}日`;
};
/** 2026年12月15日 09:00 */
export const zhDateTime = (iso: string) => {
  const t = beijing(iso);
  return `${zhDate(iso)} ${t.hh}:${t.mm}`;
};
/** 2026-12-15 09:00:00 — sortable, and Excel/WPS read it as a date */
const sheetDateTime = (iso: string | null) => {
  if (!iso) return '';
  const t = beijing(iso);
  return `${t.y}-${t.m}-${t.d} ${t.hh}:${t.mm}:${t.ss}`;
};

/**
 * A CSV cell: a leading = + - @ (or tab / CR) would make Excel and WPS evaluate the cell as a formula
 * (CSV injection, OWASP), so such text gets a leading apostrophe; then RFC 4180 quoting.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value == null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with a BOM (without it Excel on Windows reads GBK and shows mojibake) and CRLF line ends. */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): Buffer {
  const body = rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return Buffer.from('\uFEFF' + body, 'utf8');
}

export interface TicketData {
  registrationId: number;
  ticketCode: string;
  bib: string | null;
  name: string;
  residentId: string | null;
  employer: string | null;
  contest: string;
  trade: string;
  venue: string | null;
  startsAt: string;
  issuer: string;
}

export interface ExportFile {
  filename: string;
  asciiFilename: string;
  contentType: string;
  body: Buffer;
}

/** Admission tickets (准考证) and registration-list exports (api-contract.md § Registrations). */
export class DocumentsService {
  constructor(
    private readonly db: Database,
    private readonly registrations: RegistrationsService,
  ) {}

  /** What the ticket shows; 404 unless the caller's own or an organizer's in scope, 409 unless confirmed. */
  async ticketData(registrationId: number, user: Caller): Promise<TicketData> {
    const h = this.db.read;
    const { r, e, c } = await this.registrations.visible(registrationId, user);
    if (r.status !== 'confirmed') throw conflict('NOT_CONFIRMED');
    const [worker, trade, issuer] = await Promise.all([ticketHolder(h, r.workerId), tradeById(h, e.tradeId), orgName(h, c.orgId)]);
    return {
      registrationId: r.id,
      ticketCode: r.ticketCode,
      bib: r.bib,
      name: worker?.name ?? '',
      residentId: maskResidentId(worker?.idNumber),
      employer: worker?.employer ?? null,
      contest: c.title,
      trade: trade?.name ?? '',
      venue: e.venue ?? c.venue,
      startsAt: c.startsAt,
      issuer: issuer ?? '',
    };
  }

  /** `origin`: the site as the request reached it — the QR is a link to its venue check-in page. */
  async ticketPdf(
    registrationId: number,
    user: Caller,
    origin: string,
    now = new Date(),
  ): Promise<{ filename: string; asciiFilename: string; body: Buffer }> {
    const t = await this.ticketData(registrationId, user);
    const label = t.bib ?? String(t.registrationId);
    return { filename: `准考证-${label}.pdf`, asciiFilename: `ticket-${label}.pdf`, body: await renderTicket(t, origin, now) };
  }

  /** Every registration of an organizer's event, in desk order (confirmed/pending by arrival, then the waiting list). */
  private async exportRows(eventId: number, user: Caller) {
    const { c, e } = await this.registrations.managedEvent(eventId, user);
    const h = this.db.report;
    const [rows, trade] = await Promise.all([registrationsForExport(h, eventId), tradeById(h, e.tradeId)]);
    let waiting = 0;
    const table = rows.map(
      (x, i) =>
        [
          i + 1,
          x.name,
          x.phone,
          maskResidentId(x.idNumber) ?? '',
          x.employer ?? '',
          x.level ? (SKILL_LEVEL_NAMES[x.level as SkillLevel]?.zh ?? x.level) : '',
          STATUS_ZH[x.r.status],
          // waiting-list position = arrival order among those still waiting (rows are sorted by waitlist_seq)
          x.r.status === 'waitlisted' ? ++waiting : '',
          x.r.bib ?? '',
          x.r.checkedInAt,
          x.r.createdAt,
        ] as const,
    );
    return { contest: c.title, trade: trade?.name ?? '', table };
  }

  async exportRegistrations(eventId: number, user: Caller, format: 'csv' | 'xlsx'): Promise<ExportFile> {
    const { contest, trade, table } = await this.exportRows(eventId, user);
    const base = `报名名单-${contest}-${trade}`.replace(/[\\/:*?"<>|\r\n]+/g, '_');
    if (format === 'csv') {
      const rows = table.map((r) => [...r.slice(0, 9), sheetDateTime(r[9]), sheetDateTime(r[10])] as (string | number | null)[]);
      return {
        filename: `${base}.csv`,
        asciiFilename: `registrations-${eventId}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: toCsv([[...EXPORT_HEADER], ...rows]),
      };
    }
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Gongjiang';
    const ws = wb.addWorksheet('报名名单', { views: [{ state: 'frozen', ySplit: 1 }] });
    const widths = [6, 12, 14, 22, 34, 14, 9, 9, 9, 20, 20];
    ws.columns = EXPORT_HEADER.map((header, i) => ({ header, key: `c${i}`, width: widths[i] }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).alignment = { vertical: 'middle' };
    // Excel dates carry no zone: store Beijing wall-clock time so the cell shows what the CSV shows.
    const asBeijing = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000) : null);
    for (const r of table) ws.addRow([...r.slice(0, 9), asBeijing(r[9]), asBeijing(r[10])]);
    for (const col of [10, 11]) ws.getColumn(col).numFmt = 'yyyy-mm-dd hh:mm:ss';
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_HEADER.length } };
    const body = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    return {
      filename: `${base}.xlsx`,
      asciiFilename: `registrations-${eventId}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body,
    };
  }
}

const NOTICE = [
  '请携带本准考证和本人居民身份证，于比赛开始前30分钟到达赛场检录，证件不全者不得参赛。',
  '检录时出示本证二维码，经工作人员扫码核验后入场；检录号即赛位号，请对号入座。',
  '比赛实行盲评，不得在试卷、作品上书写姓名、单位或作任何标记。',
  '服从裁判和工作人员安排，遵守赛场纪律和安全操作规程，按规定穿戴劳动防护用品。',
  '本证仅限本人使用，请妥善保管，不得转借、涂改。',
];

const RULE = '#8a1f11';

/** A4 admission ticket: title block, bordered details table with the check-in QR, notice, issuer. */
export async function renderTicket(t: TicketData, origin: string, now = new Date()): Promise<Buffer> {
  const doc = createDocument({
    size: 'A4',
    title: `准考证 · ${t.name} · ${t.contest}`,
    author: t.issuer,
    subject: `${t.contest} ${t.trade}`,
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  let y = doc.page.margins.top;

  // Title block
  doc.font(CJK_BOLD).fontSize(17).fillColor(INK).text(t.contest, left, y, { width, align: 'center' });
  y = doc.y + 10;
  // Spaced by characterSpacing, not by space characters, so the text layer still reads 准考证; pdfkit
  // centres the line including the spacing after the last character, hence the half-spacing nudge.
  doc.fontSize(30).text('准考证', left + 6, y, { width, align: 'center', characterSpacing: 12 });
  y = doc.y + 12;
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .lineWidth(2)
    .strokeColor(RULE)
    .stroke();
  doc
    .moveTo(left, y + 4)
    .lineTo(left + width, y + 4)
    .lineWidth(0.6)
    .stroke();
  y += 22;

  // Details table: label | value, with the QR in a column spanning all rows.
  const labelW = 78;
  const qrW = 150;
  const valueW = width - labelW - qrW;
  const pad = 8;
  const rows: [string, string][] = [
    ['姓　　名', t.name],
    ['身份证号', t.residentId ?? '—'],
    ['工作单位', t.employer ?? '—'],
    ['比赛项目', t.trade],
    ['比赛时间', zhDateTime(t.startsAt)],
    ['比赛地点', t.venue ?? '另行通知'],
  ];
  doc.font(CJK).fontSize(12);
  const heights = rows.map(([, v]) => Math.max(32, doc.heightOfString(v, { width: valueW - 2 * pad }) + 2 * pad + 2));
  const tableTop = y;
  const detailsH = heights.reduce((a, b) => a + b, 0);
  const bibH = 56;
  const tableH = detailsH + bibH;

  doc.rect(left, tableTop, labelW, tableH).fillColor('#f3efe9').fill();
  doc
    .rect(left + labelW + valueW, tableTop, qrW, detailsH)
    .fillColor('#ffffff')
    .fill();
  rows.forEach(([label, value], i) => {
    const top = tableTop + heights.slice(0, i).reduce((a, b) => a + b, 0);
    const h = heights[i]!;
    doc
      .font(CJK)
      .fontSize(11)
      .fillColor(MUTED)
      .text(label, left, top + h / 2 - 8, { width: labelW, align: 'center' });
    const vh = doc
      .font(CJK)
      .fontSize(12)
      .heightOfString(value, { width: valueW - 2 * pad });
    doc.fillColor(INK).text(value, left + labelW + pad, top + (h - vh) / 2, { width: valueW - 2 * pad });
  });

  // Blind number: large, on its own full-width row.
  const bibTop = tableTop + detailsH;
  doc
    .font(CJK)
    .fontSize(11)
    .fillColor(MUTED)
    .text('检 录 号', left, bibTop + bibH / 2 - 8, { width: labelW, align: 'center' });
  if (t.bib) {
    doc
      .font(CJK_BOLD)
      .fontSize(24)
      .fillColor(INK)
      .text(t.bib, left + labelW + pad, bibTop + bibH / 2 - 17, { width: width - labelW - 2 * pad });
  } else {
    const x = left + labelW + pad;
    doc
      .font(CJK_BOLD)
      .fontSize(16)
      .fillColor(INK)
      .text('待抽签', x, bibTop + bibH / 2 - 11, { lineBreak: false });
    const after = x + doc.widthOfString('待抽签') + 10;
    doc
      .font(CJK)
      .fontSize(10)
      .fillColor(MUTED)
      .text('赛前抽签确定，届时请重新下载本证', after, bibTop + bibH / 2 - 6, { lineBreak: false });
  }

  // QR, centred in its column.
  const qrSize = Math.min(qrW - 28, detailsH - 44);
  const qrX = left + labelW + valueW + (qrW - qrSize) / 2;
  const qrY = tableTop + (detailsH - qrSize - 22) / 2;
  await drawQr(doc, ticketPayload(origin, t.ticketCode), qrX, qrY, qrSize);
  doc
    .font(CJK)
    .fontSize(9)
    .fillColor(MUTED)
    .text('检录时请出示此码', left + labelW + valueW, qrY + qrSize + 8, { width: qrW, align: 'center' });

  // Grid lines last, over the fills.
  doc.lineWidth(0.8).strokeColor('#333333');
  doc.rect(left, tableTop, width, tableH).stroke();
  doc
    .moveTo(left + labelW, tableTop)
    .lineTo(left + labelW, tableTop + tableH)
    .stroke();
  doc
    .moveTo(left + labelW + valueW, tableTop)
    .lineTo(left + labelW + valueW, tableTop + detailsH)
    .stroke();
  let rowTop = tableTop;
  for (const h of heights) {
    rowTop += h;
    doc
      .moveTo(left, rowTop)
      .lineTo(left + labelW + valueW, rowTop)
      .stroke();
  }
  doc
    .moveTo(left + labelW + valueW, bibTop)
    .lineTo(left + width, bibTop)
    .stroke();
  y = tableTop + tableH + 28;

  // Notice
  doc.font(CJK_BOLD).fontSize(13).fillColor(INK).text('考生须知', left, y);
  y = doc.y + 6;
  doc.font(CJK).fontSize(10.5).fillColor(INK);
  NOTICE.forEach((line, i) => {
    doc.text(`${i + 1}.`, left, y, { width: 18 });
    doc.text(line, left + 18, y, { width: width - 18, lineGap: 2 });
    y = doc.y + 5;
  });

  // Issuer, bottom right
  y += 24;
  doc.font(CJK).fontSize(11).fillColor(INK);
  doc.text(`签发单位：${t.issuer}`, left, y, { width, align: 'right' });
  doc.text(`签发日期：${zhDate(now.toISOString())}`, left, doc.y + 4, { width, align: 'right' });

  // Footer: the registration number lets the desk look the contestant up when a phone cannot scan.
  const footY = doc.page.height - doc.page.margins.bottom - 12; // on the margin line
  return withFooter(doc, `报名编号 ${t.registrationId}\u3000·\u3000核验码 ${t.ticketCode}`, left, width, footY);
}
