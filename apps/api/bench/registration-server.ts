// The server side of the registration bench, in its own process (as in production): prepares an event
// and workers on a fresh database, listens on a loopback port, prints {port, eventId, tokens file}.
// `registration-server.ts WORKERS SEATS without-sessions` is the same app with the session check taken out (every
// token's session accepted, the revocation feed not polled): the rush as it was before sessions could end, so the
// bench can put a figure on what the check costs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeResidentId } from '@gongjiang/domain';
import { buildApp } from '../src/app';
import { openDatabase, writeTx } from '../src/db';
import { contests, events, organisations, sessionRevocations, trades, users, workerProfiles } from '../src/db/schema';
import type { AccessClaims } from '../src/services/sessions';

const workers = Number(process.argv[2] ?? 20000);
const capacity = Number(process.argv[3] ?? 500);
const withoutSessions = process.argv[4] === 'without-sessions';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-bench-'));
const file = path.join(dir, 'bench.db');
const db = openDatabase(file);
const app = await buildApp({ db, config: { databasePath: file, jwtSecret: 'bench-secret-0123456789abcdef0123456789', seed: 'none' } });
if (withoutSessions) {
  // @fastify/jwt's `trusted` hook calls this instance's accepts(): accept every token, and stop the feed's polling
  app.sessions.stop();
  app.sessions.accepts = () => true;
}
const now = Date.now();
const iso = (d: number) => new Date(now + d * 86400_000).toISOString();
const { eventId, tokens } = writeTx(db, () => {
  const fed = db.insert(organisations).values({ name: '无锡市总工会', kind: 'federation', path: '/1/' }).returning().get();
  const base = db.insert(organisations).values({ name: '无锡供电公司工会', kind: 'base', parentId: fed.id, path: '/1/2/', depth: 1 }).returning().get();
  const trade = db.insert(trades).values({ code: '6-31-01-03', name: '电工', nameEn: 'Electrician' }).returning().get();
  const contest = db
    .insert(contests)
    .values({ title: '压测大赛', tier: 'city', orgId: fed.id, inPlan: true, status: 'published', registrationOpensAt: iso(-1), registrationClosesAt: iso(5), startsAt: iso(10), endsAt: iso(11) })
    .returning()
    .get();
  const ev = db.insert(events).values({ contestId: contest.id, tradeId: trade.id, capacity, unionMemberOnly: true }).returning().get();
  const tokens: string[] = [];
  const createdAt = new Date().toISOString();
  for (let i = 0; i < workers; i++) {
    // the first 1,000 logged out everywhere a little earlier (session version 1) and on one other device: the session
    // check's maps hold 1,000 versions and 1,000 ended sessions, as on a busy day, and these workers' tokens hit them
    const sv = i < 1000 ? 1 : 0;
    const u = db
      .insert(users)
      .values({ phone: String(15000000000 + i), name: `职工${i}`, passwordHash: 'x', roles: ['worker'], orgId: base.id, sessionVersion: sv })
      .returning({ id: users.id })
      .get();
    if (sv) {
      db.insert(sessionRevocations).values({ userId: u.id, sessionVersion: sv, createdAt }).run();
      db.insert(sessionRevocations).values({ userId: u.id, sessionId: `ended-${i}`, createdAt }).run();
    }
    db.insert(workerProfiles)
      .values({ userId: u.id, idNumber: makeResidentId(String(320200 + Math.floor(i / 999)), '19900101', (i % 999) + 1), birthDate: '1990-01-01', employerOrgId: base.id, tradeId: trade.id, skillLevel: 'intermediate' })
      .run();
    tokens.push(app.jwt.sign({ sub: u.id, roles: ['worker'], orgId: base.id, sv, sid: `bench-${i}` }));
  }
  return { eventId: ev.id, tokens };
});
// What the check itself costs a request (CPU time), in this process before the load: every token's claims checked 20 times.
let checkNs: number | null = null;
if (!withoutSessions) {
  app.sessions.sync();
  const claims = tokens.map((t) => app.jwt.decode<AccessClaims>(t)!);
  let accepted = 0;
  for (const c of claims) accepted += app.sessions.accepts(c) ? 1 : 0; // warm-up
  // CPU time, not the wall clock: on a shared machine the wall clock also counts other processes' turns
  const cpu0 = process.cpuUsage();
  for (let pass = 0; pass < 20; pass++) for (const c of claims) accepted += app.sessions.accepts(c) ? 1 : 0;
  const cpu = process.cpuUsage(cpu0);
  checkNs = ((cpu.user + cpu.system) * 1000) / (20 * claims.length);
  if (accepted !== 21 * claims.length) throw new Error(`the session check refused ${21 * claims.length - accepted} bench tokens`);
}
const tokensFile = path.join(dir, 'tokens.json');
fs.writeFileSync(tokensFile, JSON.stringify(tokens));
// The server's own clock for the throughput: first request in to last answer out (autocannon's run ends on a
// whole-second tick, which would add up to a second of idle time to a ten-second run).
const served = { first: 0, last: 0, count: 0 };
app.addHook('onRequest', async () => {
  served.first ||= performance.now();
});
app.addHook('onResponse', async () => {
  served.last = performance.now();
  served.count += 1;
});
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as { port: number };
process.stdout.write(JSON.stringify({ port, eventId, tokensFile, dbFile: file, checkNs }) + '\n');
// CPU time from here to the parent's "done": the load itself, whatever else the shared machine is doing
const cpuAtStart = process.cpuUsage();
// the parent asks for the final counts on stdin, then we exit
process.stdin.once('data', () => {
  const held = db.$client.prepare("select count(*) n from registrations where event_id = ? and status in ('confirmed','pending')").get(eventId) as { n: number };
  const waiting = db.$client.prepare("select count(*) n from registrations where event_id = ? and status = 'waitlisted'").get(eventId) as { n: number };
  const cpu = process.cpuUsage(cpuAtStart);
  const rate = served.count / ((served.last - served.first) / 1000);
  process.stdout.write(JSON.stringify({ held: held.n, waiting: waiting.n, cpuMicros: cpu.user + cpu.system, rate }) + '\n');
  void app.close().then(() => {
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
