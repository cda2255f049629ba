/**
 * A second process writing to a SQLite file as the server would, through the data layer: one BEGIN IMMEDIATE
 * transaction after another, each inserting BATCH audit rows (so any consistent copy holds a multiple of BATCH). Runs
 * until stdin closes, then prints how many rows it wrote.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/data/open';

export const BATCH = 50;
const db = await openDatabase({ file: process.argv[2]!, migrate: false });
let written = 0;
let stop = false;
process.stdin.on('end', () => (stop = true));
process.stdin.resume();
console.log('writing');
while (!stop) {
  await db.tx(async (t) => {
    for (let i = 0; i < BATCH; i++) {
      const n = written + i;
      await t.run(
        sql`insert into audit_log (at, action, entity, entity_id, after) values (${new Date().toISOString()}, 'test.write', 'test', ${n}, ${JSON.stringify({ n })})`,
      );
    }
  });
  written += BATCH;
  await new Promise((r) => setTimeout(r, 5)); // a busy server, not a bulk load
}
await db.close();
console.log(`wrote ${written}`);
