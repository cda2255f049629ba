import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The registration rush: N workers with distinct tokens hit POST /api/events/:id/registrations for an
 * event of C seats through real HTTP — the server in its own process, autocannon in this one. Every
 * request is a write. Afterwards the database must hold exactly C seat holders.
 */
export async function registrationBench(opts = { workers: 20_000, capacity: 500, connections: 100 }): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'registration-server.ts'), String(opts.workers), String(opts.capacity)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ready = JSON.parse((await lines.next()).value as string) as { port: number; eventId: number; tokensFile: string };
  const tokens = JSON.parse(fs.readFileSync(ready.tokensFile, 'utf8')) as string[];
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${ready.port}/api/events/${ready.eventId}/registrations`,
    method: 'POST',
    connections: opts.connections,
    amount: opts.workers,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` } }) }],
  });
  child.stdin!.write('done\n');
  const counts = JSON.parse((await lines.next()).value as string) as { held: number; waiting: number };
  const line = `| POST /api/events/:id/registrations — ${opts.workers.toLocaleString('en')} distinct workers, ${opts.capacity} seats, ${opts.connections} connections | ${Math.round(result.requests.average).toLocaleString('en')} req/s | ${result.latency.p50} ms | ${result.latency.p99} ms | ${counts.held} seat holders, ${counts.waiting.toLocaleString('en')} waitlisted, ${result.non2xx} non-2xx, ${result.errors} errors |`;
  console.log(line);
  if (counts.held !== opts.capacity) throw new Error(`oversold or undersold: ${counts.held} seat holders for ${opts.capacity} seats`);
  return `## Registration rush (issue 3)

Every request is a write: JWT verify, schema validation, eligibility, one \`BEGIN IMMEDIATE\` transaction with the
conditional seat-counter update, the insert and the audit row (WAL, synchronous=NORMAL). Server in its own process.

| what | throughput | p50 | p99 | outcome |
|---|---|---|---|---|
${line}
`;
}
