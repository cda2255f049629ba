import { execFileSync, spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { csvCell, EXPORT_HEADER } from '../src/services/documents';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers, moveContestTo } from './fixtures';

const hasPdftotext = !spawnSync('pdftotext', ['-v']).error;
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');

const t = await buildTestApp();
const { app, database } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
const { contestId, eventId } = await makeContest(t, organizer.auth, { capacity: 2, event: { venue: '无锡技师学院实训楼三楼钳工车间' } });
const [alice, bob, carol] = await makeWorkers(t, 3, { level: 'intermediate' });
await database.tx(async (tx) => {
  const { users, workerProfiles } = tx.s;
  await tx.orm.update(users).set({ name: '张伟' }).where(eq(users.id, alice!.id));
  await tx.orm.update(users).set({ name: '=HYPERLINK("http://evil.example","点我")' }).where(eq(users.id, bob!.id));
  await tx.orm.update(workerProfiles).set({ employerOrgId: t.orgs.baseInOther }).where(eq(workerProfiles.userId, carol!.id));
});
const register = async (w: { auth: { authorization: string } }) =>
  (await app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: w.auth })).json() as {
    id: number;
    status: string;
  };
const regA = await register(alice!);
const regB = await register(bob!);
const regC = await register(carol!); // capacity 2: waitlisted
const { workerProfiles } = database.read.s;
const [{ id: aliceIdNumber }] = (await database.read.orm
  .select({ id: workerProfiles.idNumber })
  .from(workerProfiles)
  .where(eq(workerProfiles.userId, alice!.id))) as [{ id: string }];

const ticket = (regId: number, auth: { authorization: string }) =>
  app.inject({ method: 'GET', url: `/api/registrations/${regId}/ticket.pdf`, headers: auth });
const exportList = (format: string, auth = organizer.auth) =>
  app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations/export?format=${format}`, headers: auth });

describe('admission ticket (准考证)', () => {
  it('is a PDF for the worker who owns it, with the CJK font embedded and the QR code as an image', async () => {
    expect([regA.status, regB.status, regC.status]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    const res = await ticket(regA.id, alice!.auth);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`准考证-${regA.id}.pdf`)}`);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Bold/);
    expect(raw).toMatch(/\/Subtype \/Image/);
    expect(pdf.length).toBeLessThan(300_000); // subset, not the 2 MB font
  });

  it.skipIf(!hasPdftotext)(
    'reads 准考证, the name, the masked resident ID and 待抽签 before the draw (needs pdftotext from poppler-utils)',
    async () => {
      const text = pdfText((await ticket(regA.id, alice!.auth)).rawPayload).replace(/\s+/g, '');
      expect(text).toContain('准考证');
      expect(text).toContain('张伟');
      expect(text).toContain(`${aliceIdNumber.slice(0, 6)}********${aliceIdNumber.slice(14)}`);
      expect(text).not.toContain(aliceIdNumber);
      expect(text).toContain('无锡技师学院实训楼三楼钳工车间');
      expect(text).toContain('待抽签');
      expect(text).toContain('梁溪区总工会'); // the issuing organisation owns the contest
    },
  );

  it('is 404 for another worker and 409 NOT_CONFIRMED while waitlisted', async () => {
    expectError(await ticket(regA.id, bob!.auth), 404, 'NOT_FOUND');
    expectError(await ticket(regC.id, carol!.auth), 409, 'NOT_CONFIRMED');
    expectError(await ticket(999_999, alice!.auth), 404, 'NOT_FOUND');
  });

  it('an organizer in scope can download it; one outside the subtree gets 404', async () => {
    expect((await ticket(regA.id, organizer.auth)).statusCode).toBe(200);
    expectError(await ticket(regA.id, outsider.auth), 404, 'NOT_FOUND');
  });

  it('after the draw, carries the blind number in the file name (and the text)', async () => {
    // registration closes: the draw is allowed
    await moveContestTo(t, organizer.auth, contestId, 'closed');
    const draw = await app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/draw`,
      headers: organizer.auth,
      payload: { seed: 'documents-test' },
    });
    expect(draw.statusCode, draw.body).toBe(200);
    const bib = (draw.json().assignments as { registrationId: number; bib: string }[]).find((a) => a.registrationId === regA.id)!.bib;
    const res = await ticket(regA.id, alice!.auth);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`准考证-${bib}.pdf`));
    if (hasPdftotext) {
      const text = pdfText(res.rawPayload).replace(/\s+/g, '');
      expect(text).toContain(bib);
      expect(text).not.toContain('待抽签');
    }
  });
});

describe('registration list export', () => {
  it('CSV: BOM, CRLF, exact Chinese header, masked resident IDs, formula-looking names neutralised', async () => {
    const res = await exportList('csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="registrations-\d+\.csv"; filename\*=UTF-8''%E6%8A%A5/);
    const buf = res.rawPayload;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines[0]).toBe('序号,姓名,手机号,身份证号(脱敏),工作单位,技能等级,状态,候补序号,检录号,检录时间,报名时间');
    expect(lines).toHaveLength(4);
    expect(text).not.toContain(aliceIdNumber);
    expect(lines[1]).toContain(`${aliceIdNumber.slice(0, 6)}********${aliceIdNumber.slice(14)}`);
    expect(lines[1]).toMatch(
      /^1,张伟,1\d{10},\d{6}\*{8}\d{3}[\dX],无锡供电公司工会,四级\/中级工,已确认,,A00\d,,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/,
    );
    expect(lines[2]).toContain(`,"'=HYPERLINK(""http://evil.example"",""点我"")",`);
    expect(lines[3]).toMatch(/^3,职工\d+,.*,中国船舶重工集团公司第七〇二研究所工会,四级\/中级工,候补,1,,,/);
  });

  it('XLSX: the same header in bold on a frozen first row, one row per registration', async () => {
    const res = await exportList('xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...EXPORT_HEADER]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.rowCount).toBe(4);
    expect(ws.getRow(2).getCell(2).value).toBe('张伟');
    // a spreadsheet string cell is never evaluated, so the name is kept exactly as typed
    expect(ws.getRow(3).getCell(2).value).toBe('=HYPERLINK("http://evil.example","点我")');
    expect(ws.getRow(2).getCell(11).value).toBeInstanceOf(Date);
  });

  it('400 VALIDATION for another format; 404 for an organizer outside the subtree; 403 for a worker', async () => {
    expectError(await exportList('pdf'), 400, 'VALIDATION');
    expectError(await exportList('csv', outsider.auth), 404, 'NOT_FOUND');
    expectError(await exportList('csv', alice!.auth), 403, 'FORBIDDEN');
  });

  it('csvCell quotes per RFC 4180 and prefixes = + - @ with an apostrophe', () => {
    expect(['=1+1', '+86 138', '-5', '@SUM(A1)', 'a,b', 'say "hi"', 'two\nlines', '中文', 42, null].map(csvCell)).toEqual([
      "'=1+1",
      "'+86 138",
      "'-5",
      "'@SUM(A1)",
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '中文',
      '42',
      '',
    ]);
  });
});
