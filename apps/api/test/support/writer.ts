/**
 * A second process writing to a database as the server would: one BEGIN IMMEDIATE transaction after another,
 * each inserting BATCH audit rows (so any consistent copy holds a multiple of BATCH). Runs until stdin closes,
 * then prints how many rows it wrote.
 */
import { openDatabase, writeTx } from '../../src/db';

export const BATCH = 50;
const db = openDatabase(process.argv[2]!, { migrate: false });
const insert = db.$client.prepare(`insert into audit_log (at, action, entity, entity_id, after) values (?, 'test.write', 'test', ?, ?)`);
let written = 0;
let stop = false;
process.stdin.on('end', () => (stop = true));
process.stdin.resume();
console.log('writing');
while (!stop) {
  writeTx(db, () => {
    for (let i = 0; i < BATCH; i++) insert.run(new Date().toISOString(), written + i, JSON.stringify({ n: written + i }));
  });
  written += BATCH;
  await new Promise((r) => setTimeout(r, 5)); // a busy server, not a bulk load
}
db.$client.close();
console.log(`wrote ${written}`);
