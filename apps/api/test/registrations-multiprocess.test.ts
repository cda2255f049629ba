import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './helper';
import { makeContest, makeWorkers } from './fixtures';

const SECRET = 'multi-process-test-secret-0123456789abcdef';
const t = await buildTestApp({ jwtSecret: SECRET });
const here = path.dirname(fileURLToPath(import.meta.url));

function burst(eventId: number, tokens: string[]): Promise<string[]> {
  const file = path.join(path.dirname(t.file), `tokens-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(tokens));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'support/register-burst.ts'), t.url ?? t.file, String(eventId), file],
      {
        env: { ...process.env, JWT_SECRET: SECRET },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`burst exited ${code}`))));
  });
}

// On SQLite: three processes on one file (one writer at a time, BEGIN IMMEDIATE across processes); on PostgreSQL: three
// processes, each with its own pool, on one database (READ COMMITTED, the conditional seat update and row locks).
describe(`several API processes on one database (${t.backend === 'sqlite' ? 'one SQLite file' : 'one PostgreSQL database'})`, () => {
  it('never oversell: 3 processes × 100 registrations for 50 seats → 50 seats taken, 250 waiting, no errors', async () => {
    const organizer = await t.user(['organizer'], t.orgs.district);
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 50 });
    const workers = await makeWorkers(t, 300);
    const tokens = workers.map((w) => w.auth.authorization.slice(7));
    const results = (
      await Promise.all([burst(eventId, tokens.slice(0, 100)), burst(eventId, tokens.slice(100, 200)), burst(eventId, tokens.slice(200))])
    ).flat();
    expect(results.filter((s) => s.startsWith('HTTP'))).toEqual([]);
    expect(results.filter((s) => s === 'confirmed')).toHaveLength(50);
    expect(results.filter((s) => s === 'waitlisted')).toHaveLength(250);
    const rows = await t.database.read.all(
      sql`select status, count(*) as "n" from registrations where event_id = ${eventId} group by status order by status`,
    );
    expect(rows).toEqual([
      { status: 'confirmed', n: 50 },
      { status: 'waitlisted', n: 250 },
    ]);
    const seqs = await t.database.read.all<{ s: number }>(
      sql`select waitlist_seq as "s" from registrations where event_id = ${eventId} and status = 'waitlisted' order by waitlist_seq`,
    );
    expect(seqs.map((x) => x.s)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(
      await t.database.read.get(sql`select taken, confirmed_count as "c", waitlisted_count as "w" from events where id = ${eventId}`),
    ).toEqual({
      taken: 50,
      c: 50,
      w: 250,
    });
  }, 60_000);
});
