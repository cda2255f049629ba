/**
 * Member rosters (会员名册, api-contract.md § Contests as unions run them — Rosters): a base union's organizer uploads
 * the roster (CSV or XLSX, read within the import limits by table-import.ts) and the members' worker accounts are
 * created or brought up to date — all or nothing, idempotent on phone and resident ID. Imported accounts have no
 * password (lib/passwords.ts NO_PASSWORD) until the worker claims them with a code sent to the phone (accounts.ts).
 */
import ExcelJS from 'exceljs';
import {
  birthDateFromResidentId,
  genderFromResidentId,
  isMainlandMobile,
  maskResidentId,
  normalizeResidentId,
  residentIdProblem,
  skillLevelFromText,
  yesNoFromText,
  type SkillLevel,
} from '@gongjiang/domain';
import { ROSTER_COLUMNS, type RosterField } from '@gongjiang/contract';
import type { Database, Handle, Tx } from '../data/database';
import { saveProfile, updateUserRow } from '../data/repos/accounts';
import { orgById } from '../data/repos/organisations';
import {
  identitiesOnRecord,
  insertMembers,
  membersByIdNumbers,
  membersByPhones,
  promotedWorkers,
  type MemberRow,
  type NewMember,
} from '../data/repos/rosters';
import { listTrades } from '../data/repos/trades';
import { conflict, notFound, validation, type AppError, type Lang } from '../lib/errors';
import rosterProblems from '../messages/roster-problems.json' with { type: 'json' };
import { NO_PASSWORD } from '../lib/passwords';
import type { AuditTrail } from './audit';
import { toCsv, type ExportFile } from './documents';
import type { Caller, Scope } from './scope';
import { decodeText, IMPORT_LIMITS, readCsvTable, readXlsxTable, type TableRow } from './table-import';

type Text = { zh: string; en: string };

/** What can be wrong with a row, in both languages ({…} filled from the row). */
const PROBLEMS = rosterProblems satisfies Record<string, Text>;

type Problem = keyof typeof PROBLEMS;

interface RowIssue {
  row: number;
  field: RosterField | '';
  problem: Problem;
  value?: string;
  other?: number;
}

/** One data row as read and checked. */
interface RosterRow {
  row: number;
  name: string;
  phone: string;
  idNumber: string;
  /** undefined: the file leaves it as it is */
  tradeId?: number;
  skillLevel?: SkillLevel;
  unionMember?: boolean;
}

const HEADERS = new Map<string, RosterField>(
  ROSTER_COLUMNS.flatMap((c) => [
    [c.header, c.field],
    [c.field.toLowerCase(), c.field],
  ]),
);

const cellText = (cell: string | number | null | undefined) => (cell == null ? '' : String(cell)).trim();

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export interface RosterUpload {
  filename: string;
  bytes: Buffer;
}

export interface RosterCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export class RostersService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly scope: Scope,
  ) {}

  /** A base union in the caller's subtree (404 outside it; 400 naming `id` for a district or the federation). */
  private async baseUnion(caller: Caller, orgId: number) {
    const org = await orgById(this.db.read, orgId);
    if (!org || !(await this.scope.contains(caller, orgId))) throw notFound('organisation');
    return org;
  }

  /**
   * POST /api/orgs/:id/members/import. Reads the file, checks every row (format, duplicates in the file), then in one
   * transaction — the organisation its lock root, the accounts to change locked in id order — matches the rows to
   * accounts, checks them against what is on record and writes, or refuses the whole file with every row's problem.
   */
  async importRoster(orgId: number, upload: RosterUpload, caller: Caller, lang: Lang): Promise<RosterCounts> {
    const org = await this.baseUnion(caller, orgId);
    if (org.kind !== 'base') throw validation('id: members belong to a base union (基层工会)', 'id', 'invalid');
    const isXlsx = /\.xlsx$/i.test(upload.filename) || XLSX_MAGIC.every((b, i) => upload.bytes[i] === b);
    const table = isXlsx ? await readXlsxTable(upload.bytes) : readCsvTable(decodeText(upload.bytes));
    const tradeIds = new Map((await listTrades(this.db.read)).map((t) => [t.code.toLowerCase(), t.id]));
    const { rows, issues } = readRoster(table, tradeIds);
    // the rows that read well are checked against the accounts too, so one answer lists every problem of the file
    if (issues.length) throw rowErrors([...issues, ...(await planImport(this.db.read, orgId, rows)).issues], lang);

    const counts = await this.write(async (t) => {
      await t.lock('organisations', orgId);
      // the accounts the rows name are locked before they are read for the plan (a worker saving their profile waits)
      const named = (await membersByPhones(t, rows.map((r) => r.phone))).filter((m) => m.orgId === orgId).map((m) => m.id);
      if (named.length) await t.lock('users', named);
      const plan = await planImport(t, orgId, rows);
      if (plan.issues.length) return plan.issues;
      const created = await insertMembers(t, plan.creates.map((r) => newMember(r, orgId)));
      await this.audit.recordMany(
        t,
        plan.creates.map((r, i) => ({
          actorId: caller.id,
          action: 'user.create',
          entity: 'user',
          entityId: created[i]!,
          after: { id: created[i]!, phone: r.phone, name: r.name, roles: ['worker'], orgId, residentId: maskResidentId(r.idNumber), via: 'roster' },
        })),
      );
      for (const u of plan.updates) await this.applyUpdate(t, u);
      await this.audit.recordMany(t, plan.updates.map((u) => updateEntry(u, caller.id)));
      const result = { created: plan.creates.length, updated: plan.updates.length, unchanged: plan.unchanged };
      await this.audit.record(t, {
        actorId: caller.id,
        action: 'roster.import',
        entity: 'organisation',
        entityId: orgId,
        after: { ...result, rows: rows.length, format: isXlsx ? 'xlsx' : 'csv' },
      });
      return result;
    });
    if (Array.isArray(counts)) throw rowErrors(counts, lang);
    return counts;
  }

  /** One transaction; two imports racing for one phone or resident ID (in two organisations) end in a 409, not a 500. */
  private async write<T>(fn: (t: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.db.tx(fn);
    } catch (e) {
      const index = this.db.uniqueViolation(e);
      if (index === 'users_phone_uq') throw conflict('PHONE_TAKEN');
      if (index === 'worker_profiles_id_number_uq') throw conflict('ID_NUMBER_TAKEN');
      throw e;
    }
  }

  private async applyUpdate(t: Tx, u: Update): Promise<void> {
    const { account, next } = u;
    if (next.name !== account.name) await updateUserRow(t, account.id, { name: next.name });
    const profile = {
      idNumber: next.idNumber,
      birthDate: birthDateFromResidentId(next.idNumber),
      gender: genderFromResidentId(next.idNumber),
      ...(next.tradeId !== undefined ? { tradeId: next.tradeId } : {}),
      ...(next.skillLevel !== undefined ? { skillLevel: next.skillLevel } : {}),
      ...(next.unionMember !== undefined ? { unionMember: next.unionMember } : {}),
    };
    await saveProfile(t, account.id, account.hasProfile ? profile : { ...profile, employerOrgId: account.orgId }, !!account.hasProfile);
  }

  /** GET /api/orgs/:id/members/template: the columns with Chinese headers and one example row. */
  async template(orgId: number, caller: Caller, format: 'csv' | 'xlsx'): Promise<ExportFile> {
    await this.baseUnion(caller, orgId);
    const header = ROSTER_COLUMNS.map((c) => c.header);
    const example = ['张三', '13800138000', '110101199003074477', '6-31-01-03', '高级工', '是'];
    const base = '会员名册模板';
    if (format === 'csv') {
      return { filename: `${base}.csv`, asciiFilename: 'roster-template.csv', contentType: 'text/csv; charset=utf-8', body: toCsv([header, example]) };
    }
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Gongjiang';
    const ws = wb.addWorksheet('会员名册', { views: [{ state: 'frozen', ySplit: 1 }] });
    const widths = [12, 16, 22, 14, 12, 8];
    // every column is text: Excel would turn an 18-digit resident ID or a phone into a rounded number
    ws.columns = header.map((h, i) => ({ header: h, key: `c${i}`, width: widths[i], style: { numFmt: '@' } }));
    ws.addRow(example);
    ws.getRow(1).font = { bold: true };
    const body = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    return {
      filename: `${base}.xlsx`,
      asciiFilename: 'roster-template.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body,
    };
  }
}

/** 400 VALIDATION with `rows` (the first IMPORT_LIMITS.errorsListed, in row order) in the caller's language. */
function rowErrors(issues: RowIssue[], lang: Lang): AppError {
  const sorted = [...issues].sort((a, b) => a.row - b.row);
  const columnName = (field: RosterField | '') => {
    const c = ROSTER_COLUMNS.find((x) => x.field === field);
    return c ? (lang === 'zh' ? c.header : c.field) : '';
  };
  const rows = sorted.slice(0, IMPORT_LIMITS.errorsListed).map((i) => {
    const text = PROBLEMS[i.problem][lang].replace('{value}', i.value ?? '').replace('{other}', String(i.other ?? ''));
    const column = columnName(i.field);
    return { row: i.row, field: i.field, message: column ? `${column}${lang === 'zh' ? '：' : ' '}${text}` : text };
  });
  const detail =
    lang === 'zh'
      ? `名册有 ${issues.length} 处问题，未导入任何数据`
      : `the roster has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was imported`;
  const error = validation(detail, 'file', 'invalid');
  Object.assign(error.extra, { rows });
  return error;
}

/** The header and the data rows, each checked on its own and against the rows before it (duplicates in the file). */
function readRoster(table: TableRow[], tradeIds: Map<string, number>): { rows: RosterRow[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const [header, ...data] = table;
  if (!header) return { rows: [], issues: [{ row: 0, field: '', problem: 'empty' }] };
  const columns = new Map<RosterField, number>();
  header.cells.forEach((cell, i) => {
    const field = HEADERS.get(cellText(cell).toLowerCase()) ?? HEADERS.get(cellText(cell));
    if (!field) return; // other columns (序号, 备注 …) are left alone
    if (columns.has(field)) issues.push({ row: 0, field, problem: 'duplicateHeader', value: cellText(cell) });
    columns.set(field, i);
  });
  for (const c of ROSTER_COLUMNS)
    if (c.required && !columns.has(c.field)) issues.push({ row: 0, field: c.field, problem: 'missingColumn', value: `${c.header} / ${c.field}` });
  if (issues.length) return { rows: [], issues };

  const rows: RosterRow[] = [];
  const phones = new Map<string, number>();
  const ids = new Map<string, number>();
  for (const line of data) {
    const get = (f: RosterField) => {
      const i = columns.get(f);
      return i === undefined ? '' : cellText(line.cells[i]);
    };
    if (ROSTER_COLUMNS.every((c) => get(c.field) === '')) continue; // a blank line
    const row = line.row - header.row;
    const issue = (field: RosterField, problem: Problem, more: Partial<RowIssue> = {}) => issues.push({ row, field, problem, ...more });
    const before = issues.length;
    const name = get('name');
    if (!name) issue('name', 'required');
    else if (name.length > 50) issue('name', 'tooLong');
    const phone = get('phone').replace(/[\s-]/g, '');
    if (!phone) issue('phone', 'required');
    else if (!isMainlandMobile(phone)) issue('phone', 'phone');
    else if (phones.has(phone)) issue('phone', 'duplicatePhone', { other: phones.get(phone) });
    else phones.set(phone, row);
    const idNumber = normalizeResidentId(get('idNumber'));
    const idProblem = idNumber ? residentIdProblem(idNumber) : null;
    if (!idNumber) issue('idNumber', 'required');
    else if (idProblem) issue('idNumber', idProblem === 'checksum' ? 'idChecksum' : idProblem === 'birthDate' ? 'idDate' : 'idFormat');
    else if (ids.has(idNumber)) issue('idNumber', 'duplicateId', { other: ids.get(idNumber) });
    else ids.set(idNumber, row);
    const tradeCode = get('tradeCode');
    const tradeId = tradeCode ? tradeIds.get(tradeCode.toLowerCase()) : undefined;
    if (tradeCode && tradeId === undefined) issue('tradeCode', 'trade', { value: tradeCode });
    const levelText = get('skillLevel');
    const skillLevel = skillLevelFromText(levelText);
    if (skillLevel === undefined) issue('skillLevel', 'level', { value: levelText });
    const memberText = get('unionMember');
    const unionMember = memberText ? yesNoFromText(memberText) : undefined;
    if (memberText && unionMember === undefined) issue('unionMember', 'member');
    if (issues.length > before) continue;
    rows.push({ row, name, phone, idNumber, tradeId, skillLevel: skillLevel ?? undefined, unionMember });
  }
  if (!rows.length && !issues.length) issues.push({ row: 0, field: '', problem: 'empty' });
  return { rows, issues };
}

/** The imported fields of an account as they stand and as the row would leave them. */
const IMPORTED = ['name', 'idNumber', 'tradeId', 'skillLevel', 'unionMember'] as const;
type Imported = (typeof IMPORTED)[number];

interface Update {
  account: MemberRow;
  next: { name: string; idNumber: string; tradeId?: number; skillLevel?: SkillLevel; unionMember?: boolean };
  changed: Imported[];
}

/**
 * Inside the import's transaction: each row's account (by phone, else by resident ID) and what the row would change,
 * or the row's problem — an account outside the organisation, two keys naming two accounts, a resident ID whose
 * account has another phone, an identity on record or a promoted worker's level that would change.
 */
async function planImport(t: Handle, orgId: number, rows: RosterRow[]) {
  const byPhone = new Map((await membersByPhones(t, rows.map((r) => r.phone))).map((m) => [m.phone, m]));
  const byId = new Map((await membersByIdNumbers(t, rows.map((r) => r.idNumber))).map((m) => [m.idNumber!, m]));
  const issues: RowIssue[] = [];
  const creates: RosterRow[] = [];
  const candidates: Update[] = [];
  let unchanged = 0;
  for (const r of rows) {
    const phoneAccount = byPhone.get(r.phone);
    const idAccount = byId.get(r.idNumber);
    if (phoneAccount && phoneAccount.orgId !== orgId) {
      issues.push({ row: r.row, field: 'phone', problem: 'phoneElsewhere' });
      continue;
    }
    if (idAccount && idAccount.orgId !== orgId) {
      issues.push({ row: r.row, field: 'idNumber', problem: 'idElsewhere' });
      continue;
    }
    if (phoneAccount && idAccount && phoneAccount.id !== idAccount.id) {
      issues.push({ row: r.row, field: '', problem: 'keysConflict' });
      continue;
    }
    if (!phoneAccount && idAccount) {
      issues.push({ row: r.row, field: 'idNumber', problem: 'idOtherPhone', value: `${idAccount.phone.slice(0, 3)}****${idAccount.phone.slice(7)}` });
      continue;
    }
    if (!phoneAccount) {
      creates.push(r);
      continue;
    }
    const next = { name: r.name, idNumber: r.idNumber, tradeId: r.tradeId, skillLevel: r.skillLevel, unionMember: r.unionMember };
    const changed = IMPORTED.filter((k) => next[k] !== undefined && next[k] !== (phoneAccount[k] ?? (k === 'unionMember' ? true : null)));
    if (changed.length) candidates.push({ account: phoneAccount, next, changed });
    else unchanged += 1;
  }
  const ids = candidates.map((c) => c.account.id);
  const [onRecord, promoted] = await Promise.all([identitiesOnRecord(t, ids), promotedWorkers(t, ids)]);
  const rowOf = new Map(rows.map((r) => [r.phone, r.row]));
  const updates: Update[] = [];
  for (const c of candidates) {
    const row = rowOf.get(c.account.phone)!;
    if (onRecord.has(c.account.id) && (c.changed.includes('name') || c.changed.includes('idNumber')))
      issues.push({ row, field: c.changed.includes('idNumber') ? 'idNumber' : 'name', problem: 'identityLocked' });
    else if (promoted.has(c.account.id) && c.changed.includes('skillLevel')) issues.push({ row, field: 'skillLevel', problem: 'levelLocked' });
    else updates.push(c);
  }
  return { issues, creates, updates, unchanged };
}

/** worker.roster_update: the changed imported fields old → new (resident IDs masked, as every list shows them). */
function updateEntry(u: Update, actorId: number) {
  const shown = (v: Partial<Record<Imported, unknown>>) =>
    Object.fromEntries(u.changed.map((k) => (k === 'idNumber' ? ['residentId', maskResidentId(v.idNumber as string | null)] : [k, v[k] ?? null])));
  return {
    actorId,
    action: 'worker.roster_update',
    entity: 'user',
    entityId: u.account.id,
    before: shown(u.account),
    after: shown(u.next),
  };
}

function newMember(r: RosterRow, orgId: number): NewMember {
  return {
    phone: r.phone,
    name: r.name,
    passwordHash: NO_PASSWORD,
    orgId,
    profile: {
      idNumber: r.idNumber,
      birthDate: birthDateFromResidentId(r.idNumber),
      gender: genderFromResidentId(r.idNumber),
      tradeId: r.tradeId ?? null,
      skillLevel: r.skillLevel ?? null,
      unionMember: r.unionMember ?? true,
    },
  };
}

