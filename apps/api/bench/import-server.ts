// The server side of the import-memory bench, in its own process: an event with 5,000 drawn contestants on a
// fresh database, listening on a loopback port; prints {port, eventId, token, bibs file}, then serves until stdin closes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app';
import { openDatabase, writeTx } from '../src/db';
import { contests, events, organisations, registrations, trades, users } from '../src/db/schema';

const contestants = 5_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-bench-import-'));
const file = path.join(dir, 'bench.db');
const db = openDatabase(file);
const app = await buildApp({ db, config: { databasePath: file, jwtSecret: 'bench-secret-0123456789abcdef0123456789', seed: 'none' } });
const iso = (d: number) => new Date(Date.now() + d * 86400_000).toISOString();
const { eventId, organizerId, orgId, bibs } = writeTx(db, () => {
  const fed = db.insert(organisations).values({ name: '无锡市总工会', kind: 'federation', path: '/1/' }).returning().get();
  const trade = db.insert(trades).values({ code: '6-31-01-03', name: '电工', nameEn: 'Electrician' }).returning().get();
  const organizer = db
    .insert(users)
    .values({ phone: '13900009999', name: '组织者', passwordHash: 'x', roles: ['organizer'], orgId: fed.id })
    .returning()
    .get();
  const contest = db
    .insert(contests)
    .values({
      title: '导入压测',
      tier: 'city',
      orgId: fed.id,
      inPlan: true,
      status: 'published',
      registrationOpensAt: iso(-10),
      registrationClosesAt: iso(-5),
      startsAt: iso(-1),
      endsAt: iso(1),
    })
    .returning()
    .get();
  const ev = db
    .insert(events)
    .values({ contestId: contest.id, tradeId: trade.id, capacity: contestants, taken: contestants })
    .returning()
    .get();
  const bibs: string[] = [];
  for (let i = 1; i <= contestants; i++) {
    const u = db
      .insert(users)
      .values({ phone: String(15000000000 + i), name: `选手${i}`, passwordHash: 'x', roles: ['worker'], orgId: fed.id })
      .returning()
      .get();
    const bib = `A${String(i).padStart(4, '0')}`;
    db.insert(registrations)
      .values({ eventId: ev.id, workerId: u.id, status: 'confirmed', bib, ticketCode: `T${i}` })
      .run();
    bibs.push(bib);
  }
  return { eventId: ev.id, organizerId: organizer.id, orgId: fed.id, bibs };
});
const bibsFile = path.join(dir, 'bibs.json');
fs.writeFileSync(bibsFile, JSON.stringify(bibs));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const token = app.jwt.sign({ sub: organizerId, roles: ['organizer'], orgId, sv: 0, sid: 'bench' });
console.log(JSON.stringify({ port: Number(new URL(address).port), eventId, token, bibsFile }));
process.stdin.resume();
process.stdin.on('end', async () => {
  await app.close();
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
