import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A bench server in its own process (as in production): the first stdout line is its JSON handshake. */
async function startServer(file: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(here, file), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env,
  });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ready = JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
  return {
    ready,
    /**
     * asks the server to finish; resolves with its last line (if any) once the process has exited, so its clean-up
     * (closing the database, removing the folder) is not running while the next load is measured
     */
    async stop(): Promise<string | undefined> {
      const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      child.stdin!.write('done\n');
      const next = await lines.next();
      await exited;
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
    requests: [
      { setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` } }) },
    ],
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const signed = (n: number, digits: number) => `${n < 0 ? '−' : '+'}${Math.abs(n).toFixed(digits)}`;

/** One rush against a prepared server: the load, then the server's counts, its own rate and CPU time. */
async function rushOnce(server: Awaited<ReturnType<typeof startServer>>, opts: { workers: number; capacity: number; connections: number }) {
  const { port, eventId, tokensFile } = server.ready as { port: number; eventId: number; tokensFile: string };
  const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8')) as string[];
  const r = await load(`http://127.0.0.1:${port}/api/events/${eventId}/registrations`, tokens, opts.workers, opts.connections);
  const counts = JSON.parse((await server.stop()) as string) as { held: number; waiting: number; cpuMicros: number; rate: number };
  if (counts.held !== opts.capacity) throw new Error(`oversold or undersold: ${counts.held} seat holders for ${opts.capacity} seats`);
  return {
    ...counts,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    cpuPerRequest: counts.cpuMicros / opts.workers,
  };
}

/**
 * The registration rush: N workers with distinct tokens hit POST /api/events/:id/registrations for an
 * event of C seats through real HTTP — the server in its own process, autocannon in this one. Every
 * request is a write. Afterwards the database must hold exactly C seat holders.
 *
 * The machine is shared, so the figure that matters is R/J: the rush's throughput R over the ceiling J, a bare
 * Fastify + @fastify/jwt route (jwt-ceiling-server.ts) loaded the same way right before each rush. Each round also
 * runs the rush on the same app with the session check taken out (R₀, registration-server.ts without-sessions),
 * R and R₀ in turns first, so R/R₀ and the CPU time per request put a figure on what the check costs (issue 12:
 * at most 5 %). Five rounds, medians reported.
 */
export async function registrationBench(opts = { workers: 20_000, capacity: 500, connections: 100, rounds: 5 }): Promise<string> {
  const rows: string[] = [];
  const loadBefore = os.loadavg()[0]!;
  const m = {
    ratio: [] as number[],
    rush: [] as number[],
    bare: [] as number[],
    ceiling: [] as number[],
    vsBare: [] as number[],
    cpu: [] as number[],
    cpuBare: [] as number[],
    checkNs: [] as number[],
    /** the server CPU per request with the check over that without it, round by round (paired: same minute) */
    cpuVsBare: [] as number[],
  };
  for (let round = 1; round <= opts.rounds; round++) {
    const rush = await startServer('registration-server.ts', [String(opts.workers), String(opts.capacity)]);
    const bare = await startServer('registration-server.ts', [String(opts.workers), String(opts.capacity), 'without-sessions']);
    const tokens = JSON.parse(fs.readFileSync((rush.ready as { tokensFile: string }).tokensFile, 'utf8')) as string[];
    m.checkNs.push((rush.ready as { checkNs: number }).checkNs);

    const ceiling = await startServer('jwt-ceiling-server.ts', []);
    const j = await load(
      `http://127.0.0.1:${(ceiling.ready as { port: number }).port}/api/events/1/registrations`,
      tokens,
      opts.workers * 3,
      opts.connections,
    );
    // Throughputs are timed by the servers, first request in to last answer out: autocannon's run ends on a whole-second
    // tick, so its own figure for a ten-second run moves in steps of several percent — too coarse for a 5 % budget.
    const jRate = (JSON.parse((await ceiling.stop()) as string) as { rate: number }).rate;

    // with and without the session check in turns first, so neither always meets the machine in the same state
    const first = round % 2 === 1 ? 'rush' : 'bare';
    const r = first === 'rush' ? await rushOnce(rush, opts) : undefined;
    const r0 = await rushOnce(bare, opts);
    const withSessions = r ?? (await rushOnce(rush, opts));
    const ratio = withSessions.rate / jRate;
    m.ratio.push(ratio);
    m.rush.push(withSessions.rate);
    m.bare.push(r0.rate);
    m.ceiling.push(jRate);
    m.vsBare.push(withSessions.rate / r0.rate);
    m.cpu.push(withSessions.cpuPerRequest);
    m.cpuBare.push(r0.cpuPerRequest);
    m.cpuVsBare.push(withSessions.cpuPerRequest / r0.cpuPerRequest);
    const line =
      `| ${round} | ${fmt(withSessions.rate)} req/s | ${withSessions.p50} ms | ${withSessions.p99} ms | ${fmt(jRate)} req/s (p99 ${j.latency.p99} ms) | ` +
      `${(ratio * 100).toFixed(1)} % | ${Math.round(withSessions.cpuPerRequest)} µs | ${fmt(r0.rate)} req/s, p99 ${r0.p99} ms, ${Math.round(r0.cpuPerRequest)} µs | ` +
      `${((withSessions.rate / r0.rate) * 100).toFixed(1)} % | ${first === 'rush' ? 'R' : 'R₀'} | ` +
      `${withSessions.held} seat holders, ${fmt(withSessions.waiting)} waitlisted, ${withSessions.non2xx} non-2xx, ${withSessions.errors} errors |`;
    console.log(line);
    rows.push(line);
  }
  const cpu = median(m.cpu);
  const cpuBare = median(m.cpuBare);
  const loadAfter = os.loadavg()[0]!;
  return `## Registration rush (issue 3)

Every request is a write: JWT verify, the session check, schema validation, eligibility, one \`BEGIN IMMEDIATE\`
transaction with the conditional seat-counter update, the insert and the audit row (WAL, synchronous=NORMAL).
POST /api/events/:id/registrations — ${opts.workers.toLocaleString('en')} distinct workers, ${opts.capacity} seats, ${opts.connections} connections, server in its own process.
J is the ceiling: a bare Fastify + @fastify/jwt route in its own process, loaded the same way (${(opts.workers * 3).toLocaleString('en')} requests) just before each rush.
R₀ is the same rush on the same app with the session check taken out (every session accepted, the revocation feed not
polled), as it ran before sessions could end (issue 12); R and R₀ take turns going first.
Server CPU per request is the user + system time of the server process over the load: the figure least moved by other
work on the machine. \`npm run bench -- rush\` runs this section alone.
Run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores; the machine's 1-minute load average was ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end
(other work shares it: absolute throughputs move with it; ratios and CPU times less, but by more than a few per cent).

| round | rush R | p50 | p99 | ceiling J | R/J | server CPU per request | without the session check R₀ | R/R₀ | first | outcome |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Medians: R ${fmt(median(m.rush))} req/s, J ${fmt(median(m.ceiling))} req/s, **R/J ${(median(m.ratio) * 100).toFixed(1)} %**, server CPU
${Math.round(cpu)} µs per request.

The session check: R₀ ${fmt(median(m.bare))} req/s; **R/R₀ ${(median(m.vsBare) * 100).toFixed(1)} %** of the rush without it (the budget: at least 95 %;
from ${(Math.min(...m.vsBare) * 100).toFixed(1)} to ${(Math.max(...m.vsBare) * 100).toFixed(1)} % round by round: whatever else runs on the machine moves the two rushes of a round apart);
server CPU ${Math.round(cpu)} µs per request with it, ${Math.round(cpuBare)} µs without (medians); round by round, with it over without it:
${signed((median(m.cpuVsBare) - 1) * 100, 1)} % (median; from ${signed((Math.min(...m.cpuVsBare) - 1) * 100, 1)} to ${signed((Math.max(...m.cpuVsBare) - 1) * 100, 1)} %).
The check by itself, its CPU time in the server process before the load (every token's claims checked 20 times, with 1,000
raised session versions and 1,000 ended sessions in its maps, the first 1,000 workers' tokens meeting them):
**${median(m.checkNs).toFixed(0)} ns per request**, ${((median(m.checkNs) / 1000 / cpu) * 100).toFixed(3)} % of the server CPU per request.
`;
}

/** The bare JWT route's throughput (the ceiling J), loaded with the same tokens as the rush that follows. */
async function ceilingRate(tokens: string[], amount: number, connections: number) {
  const ceiling = await startServer('jwt-ceiling-server.ts', []);
  const j = await load(
    `http://127.0.0.1:${(ceiling.ready as { port: number }).port}/api/events/1/registrations`,
    tokens,
    amount,
    connections,
  );
  return { rate: (JSON.parse((await ceiling.stop()) as string) as { rate: number }).rate, p99: j.latency.p99 };
}

/**
 * The same rush on PostgreSQL (issue 15), with one API node and with two (two processes on one database, each taking
 * half the connections and half the workers, as behind a load balancer): the database at BENCH_PG_URL's server, a fresh
 * database per round, dropped afterwards. The nodes' throughput is timed by the nodes themselves on the epoch clock (first
 * request in at either to last answer out at either). Afterwards the database must hold exactly C seat holders.
 */
export async function registrationPgBench(opts = { workers: 20_000, capacity: 500, connections: 100, rounds: 3 }): Promise<string> {
  const { default: pg } = await import('pg');
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://gj:gj@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const serverVersion = ((await admin.query('show server_version')).rows[0] as { server_version: string }).server_version;
  const rows: string[] = [];
  const loadBefore = os.loadavg()[0]!;
  const byNodes: Record<number, { ratio: number[]; rate: number[]; cpu: number[] }> = {};
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      for (const nodes of [1, 2]) {
        const name = `gj_rush_${process.pid}_${round}_${nodes}`;
        await admin.query(`drop database if exists ${name}`);
        await admin.query(`create database ${name}`);
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        const env = { ...process.env, BENCH_DATABASE_URL: url.toString() };
        try {
          const first = await startServer('registration-server.ts', [String(opts.workers), String(opts.capacity)], env);
          const { eventId, tokensFile } = first.ready as { eventId: number; tokensFile: string };
          const servers = [first];
          if (nodes === 2)
            servers.push(
              await startServer(
                'registration-server.ts',
                [String(opts.workers), String(opts.capacity), 'join', String(eventId), tokensFile],
                env,
              ),
            );
          const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8')) as string[];
          const j = await ceilingRate(tokens, opts.workers * 3, opts.connections);
          const share = (k: number) => tokens.filter((_, i) => i % nodes === k);
          const results = await Promise.all(
            servers.map((srv, k) =>
              load(
                `http://127.0.0.1:${(srv.ready as { port: number }).port}/api/events/${eventId}/registrations`,
                share(k),
                share(k).length,
                opts.connections / nodes,
              ),
            ),
          );
          // the joined node first: the first node's clean-up removes the tokens file
          const counts = [] as { held: number; waiting: number; cpuMicros: number; count: number; firstAt: number; lastAt: number }[];
          for (const srv of [...servers].reverse()) counts.unshift(JSON.parse((await srv.stop()) as string) as (typeof counts)[number]);
          const held = counts[0]!.held;
          if (held !== opts.capacity)
            throw new Error(`oversold or undersold on PostgreSQL: ${held} seat holders for ${opts.capacity} seats`);
          const served = counts.reduce((n, c) => n + c.count, 0);
          const rate = served / ((Math.max(...counts.map((c) => c.lastAt)) - Math.min(...counts.map((c) => c.firstAt))) / 1000);
          const cpu = counts.reduce((n, c) => n + c.cpuMicros, 0) / opts.workers;
          const p99 = Math.max(...results.map((r) => r.latency.p99));
          const non2xx = results.reduce((n, r) => n + r.non2xx, 0);
          const errors = results.reduce((n, r) => n + r.errors, 0);
          (byNodes[nodes] ??= { ratio: [], rate: [], cpu: [] }).ratio.push(rate / j.rate);
          byNodes[nodes].rate.push(rate);
          byNodes[nodes].cpu.push(cpu);
          const line =
            `| ${round} | ${nodes} | ${fmt(rate)} req/s | ${p99} ms | ${fmt(j.rate)} req/s | ${((rate / j.rate) * 100).toFixed(1)} % | ` +
            `${Math.round(cpu)} µs | ${held} seat holders, ${fmt(counts[0]!.waiting)} waitlisted, ${non2xx} non-2xx, ${errors} errors |`;
          console.log(line);
          rows.push(line);
        } finally {
          await admin.query(`drop database if exists ${name} with (force)`);
        }
      }
    }
  } finally {
    await admin.end();
  }
  const loadAfter = os.loadavg()[0]!;
  const summary = [1, 2]
    .map(
      (n) =>
        `${n} node${n > 1 ? 's' : ''}: R ${fmt(median(byNodes[n]!.rate))} req/s, **R/J ${(median(byNodes[n]!.ratio) * 100).toFixed(1)} %**, API CPU ${Math.round(median(byNodes[n]!.cpu))} µs per request`,
    )
    .join('; ');
  return `## Registration rush on PostgreSQL (issue 15)

The rush above on PostgreSQL ${serverVersion} (node-postgres pool, READ COMMITTED; the event row locked, the seat counter
updated conditionally): ${opts.workers.toLocaleString('en')} distinct workers, ${opts.capacity} seats, ${opts.connections} connections; one API node, then two API
processes on the same database, each taking half the connections and half the workers. A fresh database per run. J is the
bare JWT route loaded just before. API CPU per request is the API processes' user + system time (PostgreSQL's own CPU,
on the same ${os.cpus().length} cores, is not in it). \`npm run bench -- rush-pg\` runs this section alone.
Run on ${new Date().toISOString().slice(0, 10)}; the machine's 1-minute load average was ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end.

| round | API nodes | rush R | p99 | ceiling J | R/J | API CPU per request | outcome |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Medians: ${summary}.
`;
}
