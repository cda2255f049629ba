import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));

/** the V8 flag production runs the API with (scripts/start.mjs, docs/deploy/gongjiang.service); J gets it too */
const NODE_FLAGS = ['--max-semi-space-size=64'];

/** A bench server in its own process (as in production): the first stdout line is its JSON handshake. */
async function startServer(file: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, '--import', 'tsx', path.join(here, file), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env,
  });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ready = JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
  const command = async (cmd: string) => {
    child.stdin!.write(cmd + '\n');
    const next = await lines.next();
    return next.done ? undefined : (next.value as string);
  };
  return {
    ready,
    /** `mark` (start measuring) or `counts` (the figures since the mark): the server's answer, parsed */
    async command(cmd: 'mark' | 'counts'): Promise<Figures> {
      return JSON.parse((await command(cmd)) as string) as Figures;
    },
    /**
     * asks the server to finish; resolves with its last line (if any) once the process has exited, so its clean-up
     * (closing the database, removing the folder) is not running while the next load is measured
     */
    async stop(): Promise<string | undefined> {
      const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      const last = await command('done');
      await exited;
      return last;
    },
  };
}

/** What registration-server.ts reports since the last mark. */
interface Figures {
  held: number;
  waiting: number;
  held2: number;
  waiting2: number;
  cpuMicros: number;
  rate: number;
  count: number;
  firstAt: number;
  lastAt: number;
  /** SQLite: transactions per COMMIT (group commit) */
  perCommit: number | null;
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
  await server.command('mark');
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
export async function sessionCheckBench(opts = { workers: 20_000, capacity: 500, connections: 100, rounds: 5 }): Promise<string> {
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
  return `## The session check under the rush (issue 12)

Every request is a write: JWT verify, the session check, schema validation, eligibility, one \`BEGIN IMMEDIATE\`
transaction with the conditional seat-counter update, the insert and the audit row (WAL, synchronous=NORMAL).
POST /api/events/:id/registrations — ${opts.workers.toLocaleString('en')} distinct workers, ${opts.capacity} seats, ${opts.connections} connections, server in its own process.
J is the ceiling: a bare Fastify + @fastify/jwt route in its own process, loaded the same way (${(opts.workers * 3).toLocaleString('en')} requests) just before each rush.
R₀ is the same rush on the same app with the session check taken out (every session accepted, the revocation feed not
polled), as it ran before sessions could end (issue 12); R and R₀ take turns going first.
Server CPU per request is the user + system time of the server process over the load: the figure least moved by other
work on the machine. \`npm run bench -- rush-sessions\` runs this section alone.
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

type Server = Awaited<ReturnType<typeof startServer>>;

/** Figures of one load spread over the nodes: their served requests timed together on the epoch clock. */
async function overNodes(servers: Server[], loads: Promise<autocannon.Result>[]) {
  const results = await Promise.all(loads);
  const figures = await Promise.all(servers.map((srv) => srv.command('counts')));
  const served = figures.reduce((n, f) => n + f.count, 0);
  const rate = served / ((Math.max(...figures.map((f) => f.lastAt)) - Math.min(...figures.map((f) => f.firstAt))) / 1000);
  return {
    rate,
    p99: Math.max(...results.map((r) => r.latency.p99)),
    cpuPerRequest: figures.reduce((n, f) => n + f.cpuMicros, 0) / served,
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    perCommit: figures[0]!.perCommit,
    /** the database's counts, read by the first node */
    db: figures[0]!,
  };
}

/** Organizer dashboards during a rush: `perSecond` GET /api/stats/annual a second until stopped; their latencies. */
function dashboards(port: number, token: string, perSecond: number) {
  const year = new Date(Date.now() + 10 * 86400_000).getUTCFullYear();
  const latencies: number[] = [];
  let failures = 0;
  const timer = setInterval(() => {
    const t0 = performance.now();
    fetch(`http://127.0.0.1:${port}/api/stats/annual?year=${year}`, { headers: { authorization: `Bearer ${token}` } })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) failures += 1;
        latencies.push(performance.now() - t0);
      })
      .catch(() => (failures += 1));
  }, 1000 / perSecond);
  return () => {
    clearInterval(timer);
    return { count: latencies.length, failures, p50: median(latencies) };
  };
}

const BACKEND_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/**
 * The registration rush (issues 3, 15 and 18), in one run per configuration: SQLite with one API node, PostgreSQL with
 * one and with two (two processes on one database, each taking half the connections and half the workers, as behind
 * a load balancer). N workers with distinct tokens hit POST /api/events/:id/registrations of an event of C seats through
 * real HTTP, each server in its own process, autocannon in this one:
 * - J, the ceiling: a bare Fastify + @fastify/jwt route (jwt-ceiling-server.ts) loaded the same way just before;
 * - R: every request a new (worker, event) pair — C seats taken, the rest waitlisted;
 * - S: the same workers again — every answer a 409 ALREADY_REGISTERED (what a second tap, or a sold-out rush, costs);
 * - R with dashboards: R on a second event while an organizer's dashboard asks for the annual figures 5 times a second.
 * Afterwards each event must hold exactly C seat holders (nothing oversold). Throughputs are timed by the servers.
 */
export async function rushBench(
  configs: { backend: 'sqlite' | 'postgres'; nodes: number }[] = [
    { backend: 'sqlite', nodes: 1 },
    { backend: 'postgres', nodes: 1 },
    { backend: 'postgres', nodes: 2 },
  ],
  opts = { workers: 20_000, capacity: 500, connections: 100, rounds: 3, pgRounds: 1 },
): Promise<string> {
  const { default: pg } = await import('pg');
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://gj:gj@127.0.0.1:5432/postgres';
  const usesPg = configs.some((c) => c.backend === 'postgres');
  const admin = usesPg ? new pg.Client({ connectionString: adminUrl }) : null;
  await admin?.connect();
  const pgVersion = admin ? ((await admin.query('show server_version')).rows[0] as { server_version: string }).server_version : '';
  const rows: string[] = [];
  const loads: number[] = [os.loadavg()[0]!];
  const summary = new Map<
    string,
    { rj: number[]; sj: number[]; r: number[]; rp99: number[]; sp99: number[]; dRatio: number[]; cpu: number[] }
  >();
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      for (const { backend, nodes } of configs) {
        if (backend === 'postgres' && round > opts.pgRounds) continue;
        const name = `gj_rush_${process.pid}_${round}_${nodes}`;
        let env: NodeJS.ProcessEnv = { ...process.env, BENCH_DATABASE_URL: '' };
        if (backend === 'postgres') {
          await admin!.query(`drop database if exists ${name}`);
          await admin!.query(`create database ${name}`);
          const url = new URL(adminUrl);
          url.pathname = `/${name}`;
          env = { ...process.env, BENCH_DATABASE_URL: url.toString() };
        }
        try {
          const first = await startServer('registration-server.ts', [String(opts.workers), String(opts.capacity)], env);
          const { eventId, eventId2, tokensFile, organizerToken } = first.ready as {
            eventId: number;
            eventId2: number;
            tokensFile: string;
            organizerToken: string;
          };
          const servers = [first];
          for (let k = 1; k < nodes; k++)
            servers.push(
              await startServer(
                'registration-server.ts',
                [String(opts.workers), String(opts.capacity), 'join', String(eventId), tokensFile],
                env,
              ),
            );
          const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8')) as string[];
          const share = (k: number) => tokens.filter((_, i) => i % nodes === k);
          const port = (srv: Server) => (srv.ready as { port: number }).port;
          const rush = async (ev: number) => {
            await Promise.all(servers.map((srv) => srv.command('mark')));
            return overNodes(
              servers,
              servers.map((srv, k) =>
                load(`http://127.0.0.1:${port(srv)}/api/events/${ev}/registrations`, share(k), share(k).length, opts.connections / nodes),
              ),
            );
          };
          const j = await ceilingRate(tokens, opts.workers * 3, opts.connections);
          const r = await rush(eventId);
          const s = await rush(eventId);
          const stopDashboards = dashboards(port(first), organizerToken, 5);
          const d = await rush(eventId2);
          const dash = stopDashboards();
          // the joined nodes first: the first node's clean-up removes the tokens file
          for (const srv of [...servers].reverse()) await srv.stop();
          for (const [label, held] of [
            ['the rush', r.db.held],
            ['the rush with dashboards', d.db.held2],
          ] as const)
            if (held !== opts.capacity) throw new Error(`${label} oversold or undersold: ${held} seat holders for ${opts.capacity} seats`);
          if (r.non2xx || r.errors || d.non2xx || d.errors || s.errors)
            throw new Error(`errors in the rush: ${JSON.stringify({ r, d, s })}`);
          if (s.non2xx !== opts.workers) throw new Error(`the second wave should be all 409s: ${s.non2xx} of ${opts.workers}`);
          if (dash.failures) throw new Error(`${dash.failures} dashboard requests failed`);
          const key = `${BACKEND_NAMES[backend]}, ${nodes} node${nodes > 1 ? 's' : ''}`;
          const m = summary.get(key) ?? { rj: [], sj: [], r: [], rp99: [], sp99: [], dRatio: [], cpu: [] };
          summary.set(key, m);
          m.rj.push(r.rate / j.rate);
          m.sj.push(s.rate / j.rate);
          m.r.push(r.rate);
          m.rp99.push(r.p99);
          m.sp99.push(s.p99);
          m.dRatio.push(d.p99 / r.p99);
          m.cpu.push(r.cpuPerRequest);
          const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
          const line =
            `| ${round} | ${key} | ${fmt(j.rate)} req/s | ${fmt(r.rate)} req/s, p99 ${r.p99} ms | **${pct(r.rate / j.rate)}** | ` +
            `${fmt(s.rate)} req/s, p99 ${s.p99} ms | **${pct(s.rate / j.rate)}** | ${fmt(d.rate)} req/s, p99 ${d.p99} ms (${dash.count} dashboards, p50 ${dash.p50.toFixed(0)} ms) | ` +
            `${(d.p99 / r.p99).toFixed(2)} × | ${Math.round(r.cpuPerRequest)} µs / ${Math.round(s.cpuPerRequest)} µs | ${r.perCommit == null ? '—' : r.perCommit.toFixed(1)} | ` +
            `${r.db.held} + ${d.db.held2} seat holders, ${fmt(r.db.waiting + d.db.waiting2)} waitlisted, 0 errors |`;
          console.log(line);
          rows.push(line);
        } finally {
          if (backend === 'postgres') await admin!.query(`drop database if exists ${name} with (force)`);
        }
        loads.push(os.loadavg()[0]!);
      }
    }
  } finally {
    await admin?.end();
  }
  const medians = [...summary]
    .map(
      ([key, m]) =>
        `- ${key}: R ${fmt(median(m.r))} req/s, **R/J ${(median(m.rj) * 100).toFixed(1)} %**, R p99 ${median(m.rp99)} ms; **S/J ${(median(m.sj) * 100).toFixed(1)} %**, ` +
        `S p99 ${median(m.sp99)} ms; p99 with dashboards ${median(m.dRatio).toFixed(2)} × without; server CPU ${Math.round(median(m.cpu))} µs per registration`,
    )
    .join('\n');
  return `## Registration rush (issues 3, 15, 18)

POST /api/events/:id/registrations — ${opts.workers.toLocaleString('en')} distinct workers, ${opts.capacity} seats, ${opts.connections} connections, every server in its own process,
autocannon in the bench's. Every registration: JWT verify, the session check, schema validation, the refusals checked on
the read connection (event, window, eligibility, already registered), then one transaction — the conditional
seat-counter update or the waiting list's counter, the insert, the audit row (and for a seat, a notification job).
SQLite: WAL, synchronous=NORMAL, group commit (the transactions of one event-loop turn share a COMMIT; each answer
leaves after its commit). PostgreSQL ${pgVersion || '(not run)'}: node-postgres pool, READ COMMITTED, on the same ${os.cpus().length} cores.
- **J**: the ceiling, a bare Fastify + @fastify/jwt route in its own process, loaded with ${(opts.workers * 3).toLocaleString('en')} requests just before.
- **R**: the rush, every request a new (worker, event) pair. **S**: the same workers again — all ${opts.workers.toLocaleString('en')} answers 409 ALREADY_REGISTERED.
- **R with dashboards**: the rush on a second event while an organizer's dashboard asks for the annual figures
  (GET /api/stats/annual) 5 times a second; on SQLite report reads run in a worker thread, on PostgreSQL on a pool of their own.
Server CPU is the API processes' user + system time per request (PostgreSQL's own CPU not included). "Per commit" is
SQLite's transactions per COMMIT during R. Each event holds exactly ${opts.capacity} seat holders afterwards, or the bench fails.
\`npm run bench -- rush\` runs this section alone. Run on ${new Date().toISOString().slice(0, 10)}; the machine's 1-minute load average: ${loads.map((l) => l.toFixed(1)).join(', ')} (before, then after each configuration).

${opts.pgRounds < opts.rounds ? `PostgreSQL runs ${opts.pgRounds} round${opts.pgRounds > 1 ? 's' : ''} of the ${opts.rounds} (its rush is slower: a round takes minutes).\n\n` : ''}| round | backend | J | R | R/J | S | S/J | R with dashboards | p99 with / without | CPU per request R / S | per commit | outcome |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Medians:
${medians}
`;
}
