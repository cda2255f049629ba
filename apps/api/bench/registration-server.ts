// The server side of the registration bench, in its own process (as in production): prepares two events (the rush,
// and the rush with dashboards running) and workers on a fresh database, listens on a loopback port, prints
// {port, eventId, eventId2, tokens file, organizer token}. On stdin: `mark` starts a measurement (CPU time, the served
// count), `counts` answers with the figures since the mark, `done` answers the same and exits.
// `registration-server.ts WORKERS SEATS without-sessions` is the same app with the session check taken out (every
// token's session accepted, the revocation feed not polled): the rush as it was before sessions could end, so the
// bench can put a figure on what the check costs.
// `registration-server.ts WORKERS SEATS join EVENT_ID TOKENS_FILE` is a second API node on the PostgreSQL database
// BENCH_DATABASE_URL that the first node prepared: it prepares nothing and serves the same event.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { sql } from 'drizzle-orm';
import { makeResidentId } from '@gongjiang/domain';
import { buildApp } from '../src/app';
import type { AccessClaims } from '../src/services/sessions';
import { contestEvent, electrician, inBatches, openBenchDatabase, orgPair } from './support/fixture';

const workers = Number(process.argv[2] ?? 20000);
const capacity = Number(process.argv[3] ?? 500);
const withoutSessions = process.argv[4] === 'without-sessions';
const join = process.argv[4] === 'join' ? { eventId: Number(process.argv[5]), tokensFile: process.argv[6]! } : null;
const bench = await openBenchDatabase('gj-bench-');
const { db, file } = bench;
const dir = path.dirname(file);
const app = await buildApp({
  database: db,
  config: { databasePath: file, jwtSecret: 'bench-secret-0123456789abcdef0123456789', seed: 'none' },
});
if (withoutSessions) {
  // @fastify/jwt's `trusted` hook calls this instance's accepts(): accept every token, and stop the feed's polling
  app.sessions.stop();
  app.sessions.accepts = () => true;
}
const { eventId, eventId2, tokens, organizerToken } = join
  ? {
      ...join,
      ...(JSON.parse(fs.readFileSync(join.tokensFile + '.json', 'utf8')) as { eventId2: number; organizerToken: string }),
      tokens: JSON.parse(fs.readFileSync(join.tokensFile, 'utf8')) as string[],
    }
  : await db.tx(async (t) => {
      const { users, sessionRevocations, workerProfiles } = t.s;
      const { fed, base } = await orgPair(t);
      const trade = await electrician(t);
      const event = (title: string) =>
        contestEvent(t, { title, orgId: fed, tradeId: trade, capacity, opens: -1, closes: 5, starts: 10, unionMemberOnly: true });
      const eventId = await event('压测大赛');
      const eventId2 = await event('压测大赛（二）');
      const [organizer] = await t.orm
        .insert(users)
        .values({ phone: '13900000000', name: '市总工会组织者', passwordHash: 'x', roles: ['organizer' as const], orgId: fed })
        .returning({ id: users.id });
      const organizerToken = app.jwt.sign({ sub: organizer!.id, roles: ['organizer'], orgId: fed, sv: 0, sid: 'bench-organizer' });
      // the first 1,000 logged out everywhere a little earlier (session version 1) and on one other device: the session
      // check's maps hold 1,000 versions and 1,000 ended sessions, as on a busy day, and these workers' tokens hit them
      const people = Array.from({ length: workers }, (_, i) => ({ i, sv: i < 1000 ? 1 : 0 }));
      const ids = await inBatches(people, 500, (batch) =>
        t.orm
          .insert(users)
          .values(
            batch.map(({ i, sv }) => ({
              phone: String(15000000000 + i),
              name: `职工${i}`,
              passwordHash: 'x',
              roles: ['worker' as const],
              orgId: base,
              sessionVersion: sv,
            })),
          )
          .returning({ id: users.id }),
      );
      const createdAt = new Date().toISOString();
      const ended = people
        .filter((p) => p.sv)
        .flatMap(({ i, sv }) => [
          { userId: ids[i]!.id, sessionVersion: sv, createdAt },
          { userId: ids[i]!.id, sessionId: `ended-${i}`, createdAt },
        ]);
      await inBatches(ended, 500, async (batch) => (await t.orm.insert(sessionRevocations).values(batch), []));
      await inBatches(people, 500, async (batch) => {
        await t.orm.insert(workerProfiles).values(
          batch.map(({ i }) => ({
            userId: ids[i]!.id,
            idNumber: makeResidentId(String(320200 + Math.floor(i / 999)), '19900101', (i % 999) + 1),
            birthDate: '1990-01-01',
            employerOrgId: base,
            tradeId: trade,
            skillLevel: 'intermediate' as const,
          })),
        );
        return [];
      });
      const tokens = people.map(({ i, sv }) => app.jwt.sign({ sub: ids[i]!.id, roles: ['worker'], orgId: base, sv, sid: `bench-${i}` }));
      return { eventId, eventId2, tokens, organizerToken };
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
const tokensFile = join?.tokensFile ?? path.join(dir, 'tokens.json');
if (!join) {
  fs.writeFileSync(tokensFile, JSON.stringify(tokens));
  fs.writeFileSync(tokensFile + '.json', JSON.stringify({ eventId2, organizerToken }));
}
// The server's own clock for the throughput: first request in to last answer out (autocannon's run ends on a
// whole-second tick, which would add up to a second of idle time to a ten-second run). Only the registration route
// counts (the dashboards' requests during a rush do not).
const served = { first: 0, last: 0, count: 0 };
const isRush = (url: string) => url.endsWith('/registrations');
app.addHook('onRequest', async (request) => {
  if (isRush(request.url)) served.first ||= performance.now();
});
app.addHook('onResponse', async (request) => {
  if (!isRush(request.url)) return;
  served.last = performance.now();
  served.count += 1;
});
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as { port: number };
process.stdout.write(JSON.stringify({ port, eventId, eventId2, tokensFile, organizerToken, dbFile: file, checkNs }) + '\n');
// CPU time from the parent's "mark" to its "counts"/"done": the load itself, whatever else the shared machine is doing
let cpuAtMark = process.cpuUsage();
/** group commit on SQLite: transactions and COMMITs since the mark */
const commits = () => (db.commits ? { ...db.commits } : null);
let commitsAtMark = commits();
const count = async (ev: number, statuses: string[]) =>
  Number(
    (await db.read.get<{ n: number }>(
      sql`select count(*) as "n" from registrations where event_id = ${ev} and status in (${sql.join(
        statuses.map((st) => sql`${st}`),
        sql`, `,
      )})`,
    ))!.n,
  );
async function figures() {
  const cpu = process.cpuUsage(cpuAtMark);
  const c = commits();
  const rate = served.count / ((served.last - served.first) / 1000);
  // firstAt/lastAt on the epoch clock, so a bench running several nodes can time them together
  return {
    held: await count(eventId, ['confirmed', 'pending']),
    waiting: await count(eventId, ['waitlisted']),
    held2: await count(eventId2, ['confirmed', 'pending']),
    waiting2: await count(eventId2, ['waitlisted']),
    cpuMicros: cpu.user + cpu.system,
    rate,
    count: served.count,
    firstAt: performance.timeOrigin + served.first,
    lastAt: performance.timeOrigin + served.last,
    perCommit: c && commitsAtMark ? (c.transactions - commitsAtMark.transactions) / Math.max(1, c.commits - commitsAtMark.commits) : null,
  };
}
// the parent's commands, one per line
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const command = line.trim();
  if (command === 'mark') {
    cpuAtMark = process.cpuUsage();
    commitsAtMark = commits();
    Object.assign(served, { first: 0, last: 0, count: 0 });
    process.stdout.write('{}\n');
  } else if (command === 'counts') process.stdout.write(JSON.stringify(await figures()) + '\n');
  else if (command === 'done') {
    process.stdout.write(JSON.stringify(await figures()) + '\n');
    lines.close();
    await app.close();
    await bench.dispose();
    process.exit(0);
  }
});
