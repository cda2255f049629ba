// The server side of the import-memory bench, in its own process: an event with 5,000 drawn contestants on a
// fresh database, listening on a loopback port; prints {port, eventId, token, bibs file}, then serves until stdin closes.
import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/app';
import { contestEvent, electrician, inBatches, openBenchDatabase } from './support/fixture';
import { addOrg } from '../test/support/org-tree';

const contestants = 5_000;
const bench = await openBenchDatabase('gj-bench-import-');
const { db, file } = bench;
const dir = path.dirname(file);
const app = await buildApp({
  database: db,
  config: { databasePath: file, jwtSecret: 'bench-secret-0123456789abcdef0123456789', seed: 'none' },
});
const { eventId, organizerId, orgId, bibs } = await db.tx(async (t) => {
  const { users, registrations } = t.s;
  const fed = (await addOrg(t, '无锡市总工会', 'federation', null)).id;
  const trade = await electrician(t);
  const [organizer] = await t.orm
    .insert(users)
    .values({ phone: '13900009999', name: '组织者', passwordHash: 'x', roles: ['organizer'], orgId: fed })
    .returning({ id: users.id });
  const eventId = await contestEvent(t, {
    title: '导入压测',
    orgId: fed,
    tradeId: trade,
    capacity: contestants,
    taken: contestants,
    opens: -10,
    closes: -5,
    starts: -1,
  });
  const numbers = Array.from({ length: contestants }, (_, k) => k + 1);
  const ids = await inBatches(numbers, 500, (batch) =>
    t.orm
      .insert(users)
      .values(
        batch.map((i) => ({ phone: String(15000000000 + i), name: `选手${i}`, passwordHash: 'x', roles: ['worker' as const], orgId: fed })),
      )
      .returning({ id: users.id }),
  );
  const bibs = numbers.map((i) => `A${String(i).padStart(4, '0')}`);
  await inBatches(numbers, 500, async (batch) => {
    await t.orm
      .insert(registrations)
      .values(
        batch.map((i) => ({ eventId, workerId: ids[i - 1]!.id, status: 'confirmed' as const, bib: bibs[i - 1]!, ticketCode: `T${i}` })),
      );
    return [];
  });
  return { eventId, organizerId: organizer!.id, orgId: fed, bibs };
});
const bibsFile = path.join(dir, 'bibs.json');
fs.writeFileSync(bibsFile, JSON.stringify(bibs));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const token = app.jwt.sign({ sub: organizerId, roles: ['organizer'], orgId, sv: 0, sid: 'bench' });
console.log(JSON.stringify({ port: Number(new URL(address).port), eventId, token, bibsFile }));
process.stdin.resume();
process.stdin.on('end', async () => {
  await app.close();
  await bench.dispose();
  process.exit(0);
});
