import {
  beijingDate,
  beijingYear,
  CERTIFICATE_PREFIX,
  formatCertificateNo,
  maskName,
  maskResidentId,
  SKILL_LEVEL_NAMES,
  verificationPath,
  type PromotionSource,
  type SkillLevel,
} from '@gongjiang/domain';
import { sql } from 'drizzle-orm';
import type { Database, Handle, Tx } from '../data/database';
import {
  certificateByCode,
  certificateByNo,
  certificatesOf,
  contestSource,
  holderOf,
  insertCertificate,
  nextCertificateSequence,
  trainingSource,
  type CertificateRow,
} from '../data/repos/certificates';
import { notFound } from '../lib/errors';
import { CJK, CJK_BOLD, createDocument, drawQr, INK, MUTED, withFooter } from '../lib/pdf';
import { zhDate } from './documents';
import { hasRole, type Caller, type Scope } from './scope';
import { notifyLater } from './notifications';
import { randomToken } from '../lib/random';

export interface IssueInput {
  workerId: number;
  level: SkillLevel;
  title: string | null;
  sourceType: PromotionSource;
  eventId?: number | null;
  trainingClassId?: number | null;
}

export interface CertificateSource {
  type: PromotionSource;
  id: number;
  title: string;
  trade: string | null;
  organisation: string;
  orgId: number;
}

/** Names compare as typed by a person: surrounding and inner spaces ignored, full-width forms folded (NFKC). */
const normalizedName = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');

const levelZh = (level: string | null) => (level ? (SKILL_LEVEL_NAMES[level as SkillLevel]?.zh ?? level) : '');

/** Certificates (证书): issued by promotions and training completion, verified publicly by an unguessable code. */
export class CertificatesService {
  constructor(
    private readonly db: Database,
    private readonly scope: Scope,
  ) {}

  /**
   * Issues one certificate inside the caller's transaction `t`. Its number is the next of the year's counter
   * (certificate_counters), taken by the same transaction: concurrent issuers queue on the counter row.
   */
  async issue(t: Tx, input: IssueInput, now: Date): Promise<CertificateRow> {
    const year = beijingYear(now);
    const sequence = await nextCertificateSequence(t, year, CERTIFICATE_PREFIX, now.toISOString());
    const holder = await this.holderOf(t, input.workerId);
    const row = await insertCertificate(t, {
      // 128 random bits: the code is the only thing the public verification page needs, so it must not be guessable.
      code: randomToken(16),
      certificateNo: formatCertificateNo(year, sequence),
      workerId: input.workerId,
      level: input.level,
      title: input.title,
      sourceType: input.sourceType,
      eventId: input.eventId ?? null,
      trainingClassId: input.trainingClassId ?? null,
      issuedOn: beijingDate(now),
      holderName: holder.name,
      holderResidentId: holder.residentId,
    });
    await notifyLater(t, 'certificate.issued', row.id);
    return row;
  }

  private async byCode(code: string): Promise<CertificateRow> {
    const row = code.length <= 100 ? await certificateByCode(this.db.read, code) : undefined;
    if (!row) throw notFound('certificate');
    return row;
  }

  async source(h: Handle, c: Pick<CertificateRow, 'sourceType' | 'eventId' | 'trainingClassId'>): Promise<CertificateSource> {
    if (c.sourceType === 'contest' && c.eventId != null) return { type: 'contest', ...(await contestSource(h, c.eventId))! };
    return { type: 'training', ...(await trainingSource(h, c.trainingClassId!))! };
  }

  /**
   * The worker as a certificate or promotion record is issued to them: the name, and the resident ID already masked
   * (the record keeps no more than any list shows). Kept on the record: a later correction does not change it.
   */
  async holderOf(h: Handle, workerId: number): Promise<{ name: string; residentId: string | null }> {
    const w = await holderOf(h, workerId);
    return { name: w.name, residentId: maskResidentId(w.idNumber) };
  }

  /** The holder the certificate was issued to (records made before the columns existed were filled by a migration). */
  private async issuedTo(h: Handle, c: CertificateRow): Promise<{ name: string; residentId: string | null }> {
    return c.holderName != null ? { name: c.holderName, residentId: c.holderResidentId } : this.holderOf(h, c.workerId);
  }

  /** GET /api/certificates/:code — anyone; the holder as issued, masked (王*国, 320202********1234). */
  async verify(code: string) {
    return this.verified(await this.byCode(code));
  }

  /**
   * POST /api/certificates/lookup — the certificate number together with the holder's name as issued, the way Chinese
   * certificate look-ups work. A number alone reveals nothing: an unknown number and a name that does not match are the
   * same 404.
   */
  async lookup(certificateNo: string, name: string) {
    const c = await certificateByNo(this.db.read, certificateNo.trim().toUpperCase());
    if (!c || normalizedName((await this.issuedTo(this.db.read, c)).name) !== normalizedName(name)) throw notFound('certificate');
    return { code: c.code, ...(await this.verified(c)) };
  }

  private async verified(c: CertificateRow) {
    const [h, { type, title, trade, organisation }] = await Promise.all([this.issuedTo(this.db.read, c), this.source(this.db.read, c)]);
    return {
      certificateNo: c.certificateNo,
      holder: { name: maskName(h.name), residentId: h.residentId },
      level: c.level as SkillLevel | null,
      levelName: c.level ? levelZh(c.level) : null,
      title: c.title,
      issuedOn: c.issuedOn,
      source: { type, title, trade, organisation },
    };
  }

  /** GET /api/me/certificates — newest first. */
  async mine(workerId: number) {
    const h = this.db.read;
    const rows = await certificatesOf(h, workerId);
    return Promise.all(
      rows.map(async (c) => {
        const { type, id, title, trade, organisation } = await this.source(h, c);
        return {
          code: c.code,
          certificateNo: c.certificateNo,
          level: c.level as SkillLevel | null,
          title: c.title,
          issuedOn: c.issuedOn,
          source: { type, id, title, trade, organisation },
        };
      }),
    );
  }

  /** GET /api/certificates/:code/pdf — the holder, or an organizer in scope of the issuing organisation; else 404. */
  async pdf(code: string, user: Caller, origin: string) {
    const c = await this.byCode(code);
    const source = await this.source(this.db.read, c);
    const organizer = hasRole(user, 'organizer', 'admin') && (await this.scope.contains(user, source.orgId));
    if (c.workerId !== user.id && !organizer) throw notFound('certificate');
    const h = await this.issuedTo(this.db.read, c);
    const body = await renderCertificate({
      name: h.name,
      residentId: h.residentId,
      level: c.level,
      title: c.title,
      issuedOn: c.issuedOn,
      certificateNo: c.certificateNo,
      code: c.code,
      source,
      verifyUrl: `${origin}${verificationPath(c.code)}`,
    });
    return { filename: `证书-${c.certificateNo}.pdf`, asciiFilename: `certificate-${c.certificateNo}.pdf`, body };
  }
}

interface CertificateData {
  name: string;
  residentId: string | null;
  level: string | null;
  title: string | null;
  issuedOn: string;
  certificateNo: string;
  code: string;
  source: CertificateSource;
  verifyUrl: string;
}

const RULE = '#8a1f11';

/** A4 landscape certificate in the admission ticket's look: framed, title, citation, details with the verification QR. */
export async function renderCertificate(d: CertificateData): Promise<Buffer> {
  const contest = d.source.type === 'contest';
  const doc = createDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 48,
    title: `证书 · ${d.name} · ${d.certificateNo}`,
    author: d.source.organisation,
    subject: d.source.title,
  });
  const { width: pw, height: ph } = doc.page;
  doc
    .rect(24, 24, pw - 48, ph - 48)
    .lineWidth(3)
    .strokeColor(RULE)
    .stroke();
  doc
    .rect(32, 32, pw - 64, ph - 64)
    .lineWidth(0.8)
    .strokeColor(RULE)
    .stroke();
  const left = 72;
  const width = pw - 2 * left;
  let y = 64;

  doc
    .font(CJK_BOLD)
    .fontSize(40)
    .fillColor(RULE)
    .text('证书', left + 12, y, { width, align: 'center', characterSpacing: 24 });
  y = doc.y + 2;
  doc
    .font(CJK)
    .fontSize(14)
    .fillColor(MUTED)
    .text(contest ? '职业技能等级晋升证书' : '职业技能培训结业证书', left, y, { width, align: 'center' });
  y = doc.y + 22;

  const level = levelZh(d.level);
  const trade = d.source.trade ? `${d.source.trade}` : '';
  const citation = contest
    ? `${d.name}同志在“${d.source.title}”${trade ? `${trade}项目` : ''}比赛中成绩合格，经审核，职业技能等级晋升为${level}${d.title ? `，并授予“${d.title}”称号` : ''}。`
    : `${d.name}同志参加“${d.source.title}”${trade ? `（${trade}）` : ''}，完成规定课程，经考核合格，准予结业，技能等级：${level}。`;
  doc
    .font(CJK)
    .fontSize(15)
    .fillColor(INK)
    .text(citation, left + 24, y, { width: width - 48, lineGap: 6, indent: 30 });
  y = doc.y + 22;

  const qr = 120;
  const labelW = 80;
  const rows: [string, string][] = [
    ['姓　　名', d.name],
    ['身份证号', d.residentId ?? '—'],
    ['技能等级', level || '—'],
    ...(d.title ? ([['荣誉称号', d.title]] as [string, string][]) : []),
    ['发证单位', d.source.organisation],
    ['发证日期', zhDate(`${d.issuedOn}T12:00:00+08:00`)],
    ['证书编号', d.certificateNo],
  ];
  const tableLeft = left + 24;
  let rowY = y;
  for (const [label, value] of rows) {
    doc.font(CJK).fontSize(11).fillColor(MUTED).text(label, tableLeft, rowY, { width: labelW });
    doc
      .font(CJK)
      .fontSize(12)
      .fillColor(INK)
      .text(value, tableLeft + labelW, rowY - 1, { width: width - 48 - labelW - qr - 40 });
    rowY = Math.max(doc.y, rowY + 16) + 6;
  }
  const qrX = left + width - 24 - qr;
  await drawQr(doc, d.verifyUrl, qrX, y, qr);
  doc
    .font(CJK)
    .fontSize(9)
    .fillColor(MUTED)
    .text('扫码核验证书真伪', qrX - 20, y + qr + 6, { width: qr + 40, align: 'center' });

  // Issuer and date, bottom right, as on a paper certificate.
  const issuerY = Math.max(rowY, y + qr + 24) + 18;
  doc
    .font(CJK_BOLD)
    .fontSize(13)
    .fillColor(INK)
    .text(d.source.organisation, left, issuerY, { width: width - 24, align: 'right' });
  doc
    .font(CJK)
    .fontSize(12)
    .text(zhDate(`${d.issuedOn}T12:00:00+08:00`), left, doc.y + 4, { width: width - 24, align: 'right' });

  // the footer sits below the margin line
  return withFooter(doc, `核验码 ${d.code}\u3000·\u3000${d.verifyUrl}`, left, width, ph - 32 - 40);
}

/**
 * The holder as issued for certificates and promotion records written in bulk without it (the city-scale generator
 * writes its workers after their records): the worker's name and masked resident ID, as the holder backfill migration filled the
 * records that predate the columns.
 */
export async function fillHoldersAsIssued(h: Handle): Promise<void> {
  for (const table of ['certificates', 'promotions'] as const) {
    await h.run(
      sql.raw(`update ${table} set
         holder_name = (select u.name from users u where u.id = ${table}.worker_id),
         holder_resident_id = (select case when p.id_number is null then null else substr(p.id_number, 1, 6) || '********' || substr(p.id_number, 15) end
                                 from worker_profiles p where p.user_id = ${table}.worker_id)
       where holder_name is null`),
    );
  }
}
