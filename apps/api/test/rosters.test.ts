import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { makeResidentId } from '@gongjiang/domain';
import { NO_PASSWORD } from '../src/lib/passwords';
import { buildTestApp, expectError, PASSWORD } from './helper';
import { makeContest, makeWorkers } from './fixtures';
import { auditsOf, countOf, publishResults } from './support/rows';
import { hugeCellXlsx, unusedBigPartXlsx, workbookParts, zipOf } from './support/hostile-files';

/**
 * Member rosters (api-contract.md § Contests as unions run them — Rosters): POST /api/orgs/:id/members/import as
 * multipart/form-data, all or nothing with per-row errors, idempotent on phone and resident ID; imported workers claim
 * their account with a code sent to the phone; the template.
 */
const t = await buildTestApp();
const { app, database } = t;
const { users, workerProfiles } = database.read.s;
const organizer = await t.user(['organizer'], t.orgs.base);
const districtOrganizer = await t.user(['organizer'], t.orgs.district);
const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
type Auth = { authorization: string };

let phoneSeq = 0;
const salt = Math.floor(Math.random() * 9000) + 1000;
/** a phone and a resident ID no other test uses */
const person = () => {
  const k = ++phoneSeq;
  return { phone: `139${salt}${String(k).padStart(4, '0')}`, idNumber: makeResidentId('320211', '19880101', k) };
};

/** The body and content type of a multipart/form-data upload, as a browser sends it. */
async function multipart(bytes: Buffer | string, filename: string, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : new Uint8Array(bytes)]), filename);
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

async function upload(orgId: number, bytes: Buffer | string, filename = 'roster.csv', auth: Auth = organizer.auth, lang = 'zh-CN') {
  const { payload, contentType } = await multipart(bytes, filename);
  return app.inject({
    method: 'POST',
    url: `/api/orgs/${orgId}/members/import`,
    headers: { ...auth, 'content-type': contentType, 'accept-language': lang },
    payload,
  });
}

type Row = { name: string; phone: string; idNumber: string; tradeCode?: string; skillLevel?: string; unionMember?: string };
const HEADER_ZH = '姓名,手机号,身份证号,工种代码,技能等级,会员';
const csv = (rows: Row[], header = HEADER_ZH) =>
  [header, ...rows.map((r) => [r.name, r.phone, r.idNumber, r.tradeCode ?? '', r.skillLevel ?? '', r.unionMember ?? ''].join(','))].join('\r\n') +
  '\r\n';

const accountOf = async (phone: string) => {
  const [row] = await database.read.orm
    .select({ id: users.id, name: users.name, orgId: users.orgId, roles: users.roles, passwordHash: users.passwordHash, p: workerProfiles })
    .from(users)
    .leftJoin(workerProfiles, eq(workerProfiles.userId, users.id))
    .where(eq(users.phone, phone));
  return row;
};
const accounts = () => countOf(database, sql`select count(*) as n from users`);

describe('POST /api/orgs/:id/members/import', () => {
  it('creates workers of the organisation with no password, then the same file again changes nothing', async () => {
    const a = person();
    const b = person();
    const file = csv([
      { name: '张伟', ...a, tradeCode: '6-20-01-01', skillLevel: '高级工', unionMember: '是' },
      { name: '李娜', ...b, tradeCode: '6-31-01-03', skillLevel: 'technician', unionMember: 'false' },
    ]);
    const first = await upload(t.orgs.base, '\uFEFF' + file);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const zhang = (await accountOf(a.phone))!;
    expect(zhang).toMatchObject({ name: '张伟', orgId: t.orgs.base, roles: ['worker'], passwordHash: NO_PASSWORD });
    expect(zhang.p).toMatchObject({
      idNumber: a.idNumber,
      birthDate: '1988-01-01',
      employerOrgId: t.orgs.base,
      tradeId: t.trades.fitter,
      skillLevel: 'senior',
      unionMember: true,
    });
    expect((await accountOf(b.phone))!.p).toMatchObject({ tradeId: t.trades.electrician, skillLevel: 'technician', unionMember: false });

    const before = await accounts();
    const again = await upload(t.orgs.base, file); // without BOM this time
    expect(again.json()).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await accounts()).toBe(before);

    const summary = await auditsOf(database, 'roster.import', { entityId: t.orgs.base });
    expect(summary.at(-1)?.after).toMatchObject({ created: 0, updated: 0, unchanged: 2, rows: 2, format: 'csv' });
    expect((await auditsOf(database, 'user.create', { entityId: zhang.id })).at(0)?.after).toMatchObject({ via: 'roster', residentId: expect.stringContaining('*') });
  });

  it('English headers in another order, a changed level and name: `updated` counts the changed accounts, audited old → new', async () => {
    const a = person();
    const b = person();
    await upload(t.orgs.base, csv([{ name: '王芳', ...a, skillLevel: '中级工' }, { name: '赵磊', ...b }]));
    const header = 'phone,Name,skillLevel,idNumber';
    const file = [header, `${a.phone},王芳,高级工,${a.idNumber}`, `${b.phone},赵磊,,${b.idNumber.toLowerCase()}`].join('\n');
    const res = await upload(t.orgs.base, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const wang = (await accountOf(a.phone))!;
    expect(wang.p!.skillLevel).toBe('senior');
    const [entry] = await auditsOf(database, 'worker.roster_update', { entityId: wang.id });
    expect(entry).toMatchObject({ before: { skillLevel: 'intermediate' }, after: { skillLevel: 'senior' } });
  });

  it('all or nothing: a bad check digit, a duplicate phone, an unknown trade, a bad level and membership are each reported by row', async () => {
    const [a, b, c] = [person(), person(), person()];
    const badId = a.idNumber.slice(0, 17) + (a.idNumber.endsWith('0') ? '1' : '0');
    const file = csv([
      { name: '甲', phone: a.phone, idNumber: badId },
      { name: '乙', ...b },
      { name: '丙', phone: b.phone, idNumber: c.idNumber },
      { name: '丁', ...person(), tradeCode: '9-99-99-99' },
      { name: '戊', ...person(), skillLevel: '六级' },
      { name: '己', ...person(), unionMember: '也许' },
      { name: '', ...person() },
    ]);
    const before = await accounts();
    const res = await upload(t.orgs.base, file);
    expectError(res, 400, 'VALIDATION');
    const body = res.json();
    expect(body.rows).toEqual([
      { row: 1, field: 'idNumber', message: '身份证号：校验位不对（请核对号码）' },
      { row: 3, field: 'phone', message: '手机号：与第 2 行的手机号重复' },
      { row: 4, field: 'tradeCode', message: '工种代码：没有这个工种代码：9-99-99-99' },
      { row: 5, field: 'skillLevel', message: expect.stringContaining('六级') },
      { row: 6, field: 'unionMember', message: expect.any(String) },
      { row: 7, field: 'name', message: '姓名：必填' },
    ]);
    expect(body.message).toContain('6 处问题');
    expect(await accounts()).toBe(before);
    const en = await upload(t.orgs.base, file, 'roster.csv', organizer.auth, 'en');
    expect(en.json().rows[0]).toEqual({ row: 1, field: 'idNumber', message: 'idNumber check digit does not match (check the number)' });
  });

  it('a duplicate resident ID in the file; a missing column is row 0; blank lines keep the numbering', async () => {
    const [a, b] = [person(), person()];
    const dup = await upload(t.orgs.base, csv([{ name: '甲', ...a }, { name: '乙', phone: b.phone, idNumber: a.idNumber }]));
    expect(dup.json().rows).toEqual([{ row: 2, field: 'idNumber', message: '身份证号：与第 1 行的身份证号重复' }]);
    const noId = await upload(t.orgs.base, `姓名,手机号\n甲,${a.phone}\n`);
    expect(noId.json().rows).toEqual([{ row: 0, field: 'idNumber', message: expect.stringContaining('身份证号') }]);
    const blank = await upload(t.orgs.base, `${HEADER_ZH}\n\n甲,${a.phone},${a.idNumber.slice(0, 17)}Q,,,\n`);
    expect(blank.json().rows).toEqual([{ row: 2, field: 'idNumber', message: expect.any(String) }]);
    expectError(await upload(t.orgs.base, `${HEADER_ZH}\n`), 400, 'VALIDATION');
  });

  it('a phone or resident ID of an account elsewhere, or keys naming two accounts, are row errors — never a merge', async () => {
    const [elsewhere] = await makeWorkers(t, 1, { orgId: t.orgs.otherBase });
    const other = (await database.read.orm.select().from(users).where(eq(users.id, elsewhere!.id)))[0]!;
    const otherId = (await database.read.orm.select().from(workerProfiles).where(eq(workerProfiles.userId, other.id)))[0]!.idNumber!;
    const [a, b, c] = [person(), person(), person()];
    expect((await upload(t.orgs.base, csv([{ name: '甲', ...a }, { name: '乙', ...b }]))).statusCode).toBe(200);
    const res = await upload(
      t.orgs.base,
      csv([
        { name: '丙', phone: other.phone, idNumber: c.idNumber },
        { name: '丁', phone: c.phone, idNumber: otherId },
        { name: '甲', phone: a.phone, idNumber: b.idNumber },
        { name: '乙', phone: person().phone, idNumber: a.idNumber },
      ]),
    );
    expectError(res, 400, 'VALIDATION');
    expect(res.json().rows.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([
      [1, 'phone'],
      [2, 'idNumber'],
      [3, ''],
      [4, 'idNumber'],
    ]);
    expect((await accountOf(a.phone))!.p!.idNumber).toBe(a.idNumber);
    expect((await accountOf(other.phone))!.orgId).toBe(t.orgs.otherBase);
  });

  it('a worker whose identity is on record: a new resident ID or name is a row error; a promoted worker’s level too', async () => {
    const [a, b] = [person(), person()];
    expect((await upload(t.orgs.base, csv([{ name: '周杰', ...a }, { name: '吴敏', ...b, skillLevel: 'junior' }]))).statusCode).toBe(200);
    const locked = (await accountOf(a.phone))!;
    const { eventId } = await makeContest(t, districtOrganizer.auth);
    await publishResults(database, eventId, [{ workerId: locked.id, rank: 1, theory: 90, practical: 90, total: 90, passed: true }]);
    const promoted = (await accountOf(b.phone))!;
    await database.tx((tx) =>
      app.services.promotionRecords.record(
        tx,
        { workerId: promoted.id, toLevel: 'intermediate', sourceType: 'contest', eventId, orgId: t.orgs.district, tradeId: t.trades.fitter, title: null, certificateNo: 'R-1' },
        districtOrganizer.id,
        new Date(),
      ),
    );
    const res = await upload(
      t.orgs.base,
      csv([
        { name: '周杰', phone: a.phone, idNumber: makeResidentId('320211', '19880101', 990) },
        { name: '吴敏', ...b, skillLevel: 'senior' },
      ]),
    );
    expectError(res, 400, 'VALIDATION');
    expect(res.json().rows.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([
      [1, 'idNumber'],
      [2, 'skillLevel'],
    ]);
    expect((await accountOf(a.phone))!.p!.idNumber).toBe(a.idNumber);
    // the same data as on record is fine
    const same = await upload(t.orgs.base, csv([{ name: '周杰', ...a }]));
    expect(same.json()).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });

  it('2,000 rows import in one go, and the same file again is all unchanged', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      name: `职工${i}`,
      phone: `136${salt}${String(i).padStart(4, '0')}`,
      idNumber: makeResidentId(String(320300 + Math.floor(i / 999)), '19910101', (i % 999) + 1),
      skillLevel: i % 2 ? '中级工' : 'junior',
      unionMember: '是',
    }));
    const file = csv(rows);
    const first = await upload(t.orgs.otherBase, file, 'big.csv', districtOrganizer.auth);
    expect(first.statusCode, first.body.slice(0, 500)).toBe(200);
    expect(first.json()).toEqual({ created: 2000, updated: 0, unchanged: 0 });
    const again = await upload(t.orgs.otherBase, file, 'big.csv', districtOrganizer.auth);
    expect(again.json()).toEqual({ created: 0, updated: 0, unchanged: 2000 });
  }, 60_000);

  it('XLSX: a workbook as Excel writes it imports; hostile workbooks are refused while reading', async () => {
    const a = person();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['序号', '姓名', '手机号', '身份证号', '技能等级', '会员']);
    ws.addRow([1, '孙丽', Number(a.phone), a.idNumber, '三级/高级工', '否']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(t.orgs.base, bytes, '名册.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await accountOf(a.phone))!.p).toMatchObject({ skillLevel: 'senior', unionMember: false });

    const before = await accounts();
    expectError(await upload(t.orgs.base, hugeCellXlsx(), 'x.xlsx'), 413, 'FILE_TOO_LARGE');
    expectError(await upload(t.orgs.base, hugeCellXlsx(false), 'x.xlsx'), 413, 'FILE_TOO_LARGE');
    expectError(await upload(t.orgs.base, unusedBigPartXlsx(), 'x.xlsx'), 413, 'FILE_TOO_LARGE');
    expectError(await upload(t.orgs.base, zipOf(workbookParts('<row r="1"><c r="A1" t="s"><v>0</v></c>')), 'x.xlsx'), 400, 'VALIDATION');
    expectError(await upload(t.orgs.base, Buffer.from('PK\x03\x04 not a zip'), 'x.xlsx'), 400, 'VALIDATION');
    expect(await accounts()).toBe(before);
  });

  it('who may: the organizer within their subtree; a district is no roster; others 404/403; not multipart 415; no file 400', async () => {
    const file = csv([{ name: '甲', ...person() }]);
    expectError(await upload(t.orgs.base, file, 'r.csv', outsider.auth), 404, 'NOT_FOUND');
    expectError(await upload(t.orgs.otherBase, file, 'r.csv', organizer.auth), 404, 'NOT_FOUND');
    expectError(await upload(999_999, file), 404, 'NOT_FOUND');
    expectError(await upload(t.orgs.district, file, 'r.csv', districtOrganizer.auth), 400, 'VALIDATION');
    const [worker] = await makeWorkers(t, 1);
    expectError(await upload(t.orgs.base, file, 'r.csv', worker!.auth), 403, 'FORBIDDEN');
    const json = await app.inject({
      method: 'POST',
      url: `/api/orgs/${t.orgs.base}/members/import`,
      headers: organizer.auth,
      payload: { file: 'x' },
    });
    expect([400, 415]).toContain(json.statusCode);
    const { payload, contentType } = await multipart(file, 'r.csv', 'other');
    const noFile = await app.inject({
      method: 'POST',
      url: `/api/orgs/${t.orgs.base}/members/import`,
      headers: { ...organizer.auth, 'content-type': contentType },
      payload,
    });
    expectError(noFile, 400, 'VALIDATION');
  });

  it('the template: Chinese headers, CSV with BOM or XLSX, that imports as it is', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/orgs/${t.orgs.base}/members/template`, headers: organizer.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body).toContain(HEADER_ZH);
    const xlsx = await app.inject({ method: 'GET', url: `/api/orgs/${t.orgs.base}/members/template?format=xlsx`, headers: organizer.auth });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, '姓名', '手机号', '身份证号', '工种代码', '技能等级', '会员']);
    expectError(await app.inject({ method: 'GET', url: `/api/orgs/${t.orgs.base}/members/template`, headers: outsider.auth }), 404, 'NOT_FOUND');
  });
});

describe('claiming an imported account', () => {
  it('login fails like a wrong password until the worker signs up with a code: the roster’s name and ID stay', async () => {
    const a = person();
    expect((await upload(t.orgs.base, csv([{ name: '钱进', ...a }]))).statusCode).toBe(200);
    const login = (password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: a.phone, password } });
    const refused = await login(NO_PASSWORD);
    expectError(refused, 401, 'BAD_CREDENTIALS');
    expect(refused.body).toBe((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: '13999999999', password: 'x' } })).body);

    const signed = await t.signUp(a.phone, PASSWORD, '别的名字');
    expect(signed.statusCode, signed.body).toBe(201);
    const account = (await accountOf(a.phone))!;
    expect(signed.json().user).toMatchObject({ id: account.id, name: '钱进', orgId: t.orgs.base });
    expect(account.p!.idNumber).toBe(a.idNumber);
    expect((await login(PASSWORD)).statusCode).toBe(200);
    expect(await auditsOf(database, 'user.claim', { entityId: account.id })).toHaveLength(1);

    // a re-import leaves the password alone
    expect((await upload(t.orgs.base, csv([{ name: '钱进', ...a }]))).json()).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect((await login(PASSWORD)).statusCode).toBe(200);
  });

  it('or with a reset code on that phone', async () => {
    const a = person();
    await upload(t.orgs.base, csv([{ name: '孔明', ...a }]));
    const sent = await app.inject({ method: 'POST', url: '/api/auth/codes', payload: { phone: a.phone, purpose: 'reset' } });
    expect(sent.statusCode).toBe(202);
    const code = await t.lastCode(a.phone);
    expect(code).toMatch(/^\d{6}$/);
    const reset = await app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { phone: a.phone, code, password: PASSWORD } });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await t.login(a.phone)).authorization).toMatch(/^Bearer /);
    const account = (await accountOf(a.phone))!;
    expect(account.name).toBe('孔明');
    expect((await auditsOf(database, 'user.claim', { entityId: account.id })).at(0)?.after).toEqual({ via: 'reset_sms_code' });
  });
});

describe('claiming without text messages (SMS_SENDER=none)', () => {
  it('sign-up with an imported phone is PHONE_TAKEN (no code proves the phone); the organizer’s counter code claims it', async () => {
    const plain = await buildTestApp({ smsSender: 'none' });
    const org = await plain.user(['organizer'], plain.orgs.base);
    const a = person();
    const { payload, contentType } = await multipart(csv([{ name: '柜台认领', ...a }]), 'r.csv');
    const imported = await plain.app.inject({
      method: 'POST',
      url: `/api/orgs/${plain.orgs.base}/members/import`,
      headers: { ...org.auth, 'content-type': contentType },
      payload,
    });
    expect(imported.json()).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const register = await plain.app.inject({ method: 'POST', url: '/api/auth/register', payload: { phone: a.phone, password: PASSWORD, name: '冒名' } });
    expectError(register, 409, 'PHONE_TAKEN');
    const id = (await plain.database.read.orm.select({ id: users.id }).from(users).where(eq(users.phone, a.phone)))[0]!.id;
    const issued = await plain.app.inject({ method: 'POST', url: `/api/users/${id}/reset-code`, headers: org.auth });
    expect(issued.statusCode, issued.body).toBe(201);
    const reset = await plain.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { phone: a.phone, code: issued.json().code, password: PASSWORD },
    });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await plain.login(a.phone)).authorization).toMatch(/^Bearer /);
    expect((await auditsOf(plain.database, 'user.claim', { entityId: id })).at(0)?.after).toEqual({ via: 'counter_code' });
  });
});
