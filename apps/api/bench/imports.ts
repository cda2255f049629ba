import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hugeCellXlsx, manyRowsCsv, manyRowsXlsx, theoryWorkbook, unusedBigPartXlsx } from '../test/support/hostile-files';

const here = path.dirname(fileURLToPath(import.meta.url));
const MiB = 2 ** 20;

/** The server's resident memory now and its peak since the last reset (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Resets the peak (VmHWM) to the current RSS: `echo 5 > /proc/PID/clear_refs`. */
function resetPeak(pid: number): void {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/**
 * The worst uploads of issue 13 against the theory-score import of a server in its own process (an event
 * of 5,000 contestants): the answer, the time, and how far the server's resident memory rose above where it
 * stood before the upload (its peak, VmHWM, reset before each file). Before the limits, the first file took
 * the server to 2.46 GB and answered with a 200 MiB error body.
 */
export async function importsBench(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'import-server.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ready = JSON.parse((await lines.next()).value as string) as { port: number; eventId: number; token: string; bibsFile: string };
  const bibs = JSON.parse(fs.readFileSync(ready.bibsFile, 'utf8')) as string[];
  const url = `http://127.0.0.1:${ready.port}/api/events/${ready.eventId}/theory-scores/import`;
  const send = async (body: Buffer | string, type: string) => {
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${ready.token}`, 'content-type': type }, body });
    const text = await res.text();
    let code = '';
    try {
      code = (JSON.parse(text) as { code?: string }).code ?? '';
    } catch {
      // not JSON
    }
    return { status: res.status, code, bytes: Buffer.byteLength(text) };
  };
  const files: [string, () => Buffer | string, string][] = [
    [
      '5,000 good rows (XLSX, the event’s real size)',
      () => theoryWorkbook(bibs.map((b, i) => [b, 60 + (i % 40)])),
      'application/octet-stream',
    ],
    ['one 100 MiB cell in a ~100 KiB XLSX', () => hugeCellXlsx(), 'application/octet-stream'],
    ['the same cell, the zip directory declaring 1,000 bytes', () => hugeCellXlsx(false), 'application/octet-stream'],
    ['a good XLSX with an unused 200 MiB part', () => unusedBigPartXlsx(), 'application/octet-stream'],
    ['300,000 rows (XLSX)', () => manyRowsXlsx(300_000), 'application/octet-stream'],
    ['25,000 rows (XLSX, fits the unpacked limit: stopped at the row limit)', () => manyRowsXlsx(25_000), 'application/octet-stream'],
    ['300,000 rows (CSV)', () => manyRowsCsv(300_000), 'text/csv'],
  ];
  // warm up: the first import loads the XML parser and the zip reader
  await send(theoryWorkbook(bibs.slice(0, 10).map((b) => [b, 60])), 'application/octet-stream');
  const rows: string[] = [];
  let worst = 0;
  for (const [label, make, type] of files) {
    const body = make();
    const size = Buffer.byteLength(body);
    global.gc?.();
    const before = memoryOf(child.pid!);
    resetPeak(child.pid!);
    const t0 = performance.now();
    const res = await send(body, type);
    const ms = performance.now() - t0;
    const after = memoryOf(child.pid!);
    const rise = Math.max(0, after.peak - before.rss);
    worst = Math.max(worst, rise);
    const line = `| ${label} | ${(size / 1024).toFixed(0)} KiB | ${res.status}${res.code ? ` ${res.code}` : ''} | ${(res.bytes / 1024).toFixed(1)} KiB | ${ms.toFixed(0)} ms | +${(rise / MiB).toFixed(1)} MiB |`;
    console.log(line);
    rows.push(line);
  }
  child.stdin!.end();
  await new Promise((r) => child.once('exit', r));
  if (worst > 100 * MiB) throw new Error(`an import raised the server's memory by ${(worst / MiB).toFixed(0)} MiB (limit 100 MiB)`);
  return `## Import limits: memory of the worst uploads (issue 13)

POST /api/events/:id/theory-scores/import on a server in its own process (an event of 5,000 contestants). "Memory" is
the rise of the server's peak resident set (VmHWM, reset before each upload) above its resident set just before it.
Limits: upload 5 MiB, unpacked 16 MiB (from the zip directory, before inflating; then each part's real size against
its declaration), 20,000 rows, 100 columns, 1,000 characters a cell, 100 row problems listed. Before them, the
100 MiB cell took the server to 2.46 GB and answered with a 200 MiB error body.

| upload | size | answer | answer size | time | memory |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
}
