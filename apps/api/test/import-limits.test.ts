import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../src/services/table-import';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers, moveContestTo } from './fixtures';
import { hugeCellXlsx, manyRowsCsv, manyRowsXlsx, theoryWorkbook, unusedBigPartXlsx, workbookParts, zipOf } from './support/hostile-files';

/**
 * The theory-score import within limits, each refused while reading with a short message: upload size,
 * unpacked size (from the zip's directory before inflating, and the real inflated size against the
 * declared one), rows, columns and cell length; a long list of row problems is capped. The memory these
 * cost the server is measured by `npm run bench -- imports` (BENCHMARKS.md).
 */
const t = await buildTestApp();
const { app } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
const { contestId, eventId } = await makeContest(t, organizer.auth, { capacity: 10 });
const workers = await makeWorkers(t, 3);
for (const w of workers) await app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: w.auth });
await moveContestTo(t, organizer.auth, contestId, 'closed');
await app.inject({ method: 'POST', url: `/api/events/${eventId}/draw`, headers: organizer.auth, payload: { seed: 'limits' } });
// theory scores are entered once the contest has started
await moveContestTo(t, organizer.auth, contestId, 'started');
const bibs = (await t.database.read.all<{ bib: string }>(sql`select bib from registrations where event_id = ${eventId} order by bib`)).map(
  (r) => r.bib,
);

const upload = (payload: Buffer | string, contentType: string) =>
  app.inject({
    method: 'POST',
    url: `/api/events/${eventId}/theory-scores/import`,
    headers: { ...organizer.auth, 'content-type': contentType },
    payload,
  });
const xlsx = (bytes: Buffer) => upload(bytes, 'application/octet-stream');
const theoryCount = async () =>
  (await t.database.read.get<{ n: number }>(sql`select count(*) as n from theory_scores where event_id = ${eventId}`))!.n;

describe('XLSX limits', () => {
  it('a well-formed workbook of our own making imports (the reader follows workbook → relationships → first sheet)', async () => {
    const res = await xlsx(theoryWorkbook(bibs.map((b, i) => [b, 70 + i])));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 3 });
  });

  it('one 100 MiB cell in a ~100 KiB file: 413 from the zip directory, nothing inflated', async () => {
    const file = hugeCellXlsx();
    expect(file.length).toBeLessThan(200 * 1024);
    const res = await xlsx(file);
    expectError(res, 413, 'FILE_TOO_LARGE');
    expect(res.json().message).toMatch(/16 MiB/);
    expect(res.body.length).toBeLessThan(500);
  });

  it('the same cell under a lying directory (declares 1,000 bytes): stopped while inflating', async () => {
    const res = await xlsx(hugeCellXlsx(false));
    expectError(res, 413, 'FILE_TOO_LARGE');
    expect(res.json().message).toMatch(/unpacks to more than it declares/);
    expect(res.body.length).toBeLessThan(500);
    expect(await theoryCount()).toBe(3);
  });

  it('an unused 200 MiB part: 413 — the directory counts every part', async () => {
    expectError(await xlsx(unusedBigPartXlsx()), 413, 'FILE_TOO_LARGE');
  });

  it('300,000 rows: 413 (unpacks past the limit); 25,000 rows that fit: 413 at row 20,002', async () => {
    expectError(await xlsx(manyRowsXlsx(300_000)), 413, 'FILE_TOO_LARGE');
    const res = await xlsx(manyRowsXlsx(25_000));
    expectError(res, 413, 'FILE_TOO_LARGE');
    expect(res.json().message).toContain(`more than ${IMPORT_LIMITS.rows - 1} rows`);
  });

  it('more than 100 columns, or a cell over 1,000 characters: 400 naming the row', async () => {
    const wide = Array.from({ length: 101 }, (_, i) => `<c r="${colName(i)}2"><v>${i}</v></c>`).join('');
    const res = await xlsx(
      zipOf(
        workbookParts(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2">${wide}</row>`, [
          '检录号',
          '理论成绩',
        ]),
      ),
    );
    expectError(res, 400, 'VALIDATION');
    expect(res.json().message).toMatch(/row 2 has more than 100 columns/);
    const long = await xlsx(theoryWorkbook([[`${bibs[0]}${'x'.repeat(1200)}`, 60]]));
    expectError(long, 400, 'VALIDATION');
    expect(long.json().message).toMatch(/row 2 holds more than 1000 characters/);
  });

  it('not a zip, a zip without a workbook: 400', async () => {
    expectError(await xlsx(Buffer.from('PK\u0003\u0004 not really')), 400, 'VALIDATION');
    expectError(await xlsx(zipOf([{ name: 'hello.txt', data: Buffer.from('hi') }])), 400, 'VALIDATION');
  });
});

describe('CSV limits', () => {
  it('300,000 rows: 413 while reading', async () => {
    const res = await upload(manyRowsCsv(300_000), 'text/csv');
    expectError(res, 413, 'FILE_TOO_LARGE');
    expect(res.json().message).toContain('more than 20000 rows');
  });

  it('a cell over 1,000 characters and a row of 101 columns: 400', async () => {
    expectError(await upload(`检录号,理论成绩\r\n${'A'.repeat(1001)},60\r\n`, 'text/csv'), 400, 'VALIDATION');
    expectError(await upload(`检录号,理论成绩\r\n${Array.from({ length: 101 }, () => '1').join(',')}\r\n`, 'text/csv'), 400, 'VALIDATION');
    expectError(
      await upload(JSON.stringify({ csv: `检录号,理论成绩\r\n"${'A'.repeat(1001)}",60\r\n` }), 'application/json'),
      400,
      'VALIDATION',
    );
  });

  it('an upload over 5 MiB: 413 before it is read', async () => {
    const res = await upload(`检录号,理论成绩\r\n${'A001,60\r\n'.repeat(700_000)}`, 'text/csv');
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('row problems: the first 100 listed, with the total', async () => {
    const lines = ['检录号,理论成绩', ...Array.from({ length: 500 }, (_, i) => `Z${i},60`)];
    const res = await upload(lines.join('\n'), 'text/csv');
    expectError(res, 400, 'VALIDATION');
    expect(res.json().errors).toHaveLength(100);
    expect(res.json().errorCount).toBe(500);
    expect(res.json().errors[0]).toEqual({ row: 2, bib: 'Z0', problem: 'unknown_bib' });
    expect(res.body.length).toBeLessThan(10_000);
  });
});

function colName(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
