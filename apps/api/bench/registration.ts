import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A bench server in its own process (as in production): the first stdout line is its JSON handshake. */
async function startServer(file: string, args: string[]) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(here, file), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ready = JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
  return {
    ready,
    /** asks the server to finish; resolves with its last line (if any) */
    async stop(): Promise<string | undefined> {
      child.stdin!.write('done\n');
      const next = await lines.next();
      return next.done ? undefined : (next.value as string);
    },
  };
}

async function load(url: string, tokens: string[], amount: number, connections: number) {
  let next = 0;
  return autocannon({
    url,
    method: 'POST',
    connections,
    amount,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` } }) }],
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

/**
 * The registration rush: N workers with distinct tokens hit POST /api/events/:id/registrations for an
 * event of C seats through real HTTP — the server in its own process, autocannon in this one. Every
 * request is a write. Afterwards the database must hold exactly C seat holders.
 *
 * The machine is shared, so the figure that matters is R/J: the rush's throughput R over the ceiling J, a bare
 * Fastify + @fastify/jwt route (jwt-ceiling-server.ts) loaded the same way right before each rush. Five
 * rounds, medians reported.
 */
export async function registrationBench(opts = { workers: 20_000, capacity: 500, connections: 100, rounds: 5 }): Promise<string> {
  const rows: string[] = [];
  const ratios: number[] = [];
  const rushes: number[] = [];
  const ceilings: number[] = [];
  const cpuPerRequest: number[] = [];
  for (let round = 1; round <= opts.rounds; round++) {
    const rush = await startServer('registration-server.ts', [String(opts.workers), String(opts.capacity)]);
    const { port, eventId, tokensFile } = rush.ready as { port: number; eventId: number; tokensFile: string };
    const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8')) as string[];

    const ceiling = await startServer('jwt-ceiling-server.ts', []);
    const j = await load(`http://127.0.0.1:${(ceiling.ready as { port: number }).port}/api/events/1/registrations`, tokens, opts.workers * 3, opts.connections);
    // Throughputs are timed by the servers, first request in to last answer out: autocannon's run ends on a whole-second
    // tick, so its own figure for a ten-second run moves in steps of several percent — too coarse for a 5 % budget.
    const jRate = (JSON.parse((await ceiling.stop()) as string) as { rate: number }).rate;

    const r = await load(`http://127.0.0.1:${port}/api/events/${eventId}/registrations`, tokens, opts.workers, opts.connections);
    const counts = JSON.parse((await rush.stop()) as string) as { held: number; waiting: number; cpuMicros: number; rate: number };
    if (counts.held !== opts.capacity) throw new Error(`oversold or undersold: ${counts.held} seat holders for ${opts.capacity} seats`);
    const ratio = counts.rate / jRate;
    ratios.push(ratio);
    rushes.push(counts.rate);
    ceilings.push(jRate);
    cpuPerRequest.push(counts.cpuMicros / opts.workers);
    const line = `| ${round} | ${fmt(counts.rate)} req/s | ${r.latency.p50} ms | ${r.latency.p99} ms | ${fmt(jRate)} req/s (p99 ${j.latency.p99} ms) | ${(ratio * 100).toFixed(1)} % | ${Math.round(counts.cpuMicros / opts.workers)} µs | ${counts.held} seat holders, ${fmt(counts.waiting)} waitlisted, ${r.non2xx} non-2xx, ${r.errors} errors |`;
    console.log(line);
    rows.push(line);
  }
  return `## Registration rush (issue 3)

Every request is a write: JWT verify, the session check, schema validation, eligibility, one \`BEGIN IMMEDIATE\`
transaction with the conditional seat-counter update, the insert and the audit row (WAL, synchronous=NORMAL).
POST /api/events/:id/registrations — ${opts.workers.toLocaleString('en')} distinct workers, ${opts.capacity} seats, ${opts.connections} connections, server in its own process.
J is the ceiling: a bare Fastify + @fastify/jwt route in its own process, loaded the same way (${(opts.workers * 3).toLocaleString('en')} requests) just before each rush.
\`npm run bench -- rush\` runs this section alone.

| round | rush R | p50 | p99 | ceiling J | R/J | server CPU per request | outcome |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Medians: R ${fmt(median(rushes))} req/s, J ${fmt(median(ceilings))} req/s, **R/J ${(median(ratios) * 100).toFixed(1)} %**, server CPU
${Math.round(median(cpuPerRequest))} µs per request (user + system time of the server process over the load: the figure least moved by
other work on the machine).
`;
}
