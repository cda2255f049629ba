import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './helper';
import { isoIn, makeContest, makeWorkers } from './fixtures';

const SECRET = 'multi-process-test-secret-0123456789abcdef';
const t = await buildTestApp({ jwtSecret: SECRET });
const here = path.dirname(fileURLToPath(import.meta.url));

/** one more API process firing these workers' requests at once; their answers' statuses (or `HTTP <status> <code>`) */
function burst(kind: 'event' | 'class', id: number, tokens: string[]): Promise<string[]> {
  const file = path.join(path.dirname(t.file), `tokens-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(tokens));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'support/register-burst.ts'), t.url ?? t.file, kind, String(id), file],
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

/** 300 workers' requests, 100 from each of three processes at once */
async function threeProcesses(kind: 'event' | 'class', id: number): Promise<string[]> {
  const workers = await makeWorkers(t, 300);
  const tokens = workers.map((w) => w.auth.authorization.slice(7));
  return (await Promise.all([0, 100, 200].map((from) => burst(kind, id, tokens.slice(from, from + 100))))).flat();
}

/**
 * The rule both cases check: every answer a success, exactly 50 held and 250 waiting — in the answers and in the rows — and
 * the waiting list numbered 1..250 without a gap or a repeat.
 */
async function expectFiftyHeld(answers: string[], table: 'registrations' | 'enrolments', key: 'event_id' | 'class_id', id: number, held: string) {
  expect(answers.filter((s) => s.startsWith('HTTP'))).toEqual([]);
  expect(answers.filter((s) => s === held)).toHaveLength(50);
  expect(answers.filter((s) => s === 'waitlisted')).toHaveLength(250);
  const rows = await t.database.read.all(
    sql`select status, count(*) as "n" from ${sql.identifier(table)} where ${sql.identifier(key)} = ${id} group by status order by status`,
  );
  expect(rows).toEqual([
    { status: held, n: 50 },
    { status: 'waitlisted', n: 250 },
  ]);
  const seqs = await t.database.read.all<{ s: number }>(
    sql`select waitlist_seq as "s" from ${sql.identifier(table)} where ${sql.identifier(key)} = ${id} and status = 'waitlisted' order by waitlist_seq`,
  );
  expect(seqs.map((x) => x.s)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
}

// On SQLite: three processes on one file (one writer at a time, BEGIN IMMEDIATE across processes); on PostgreSQL: three
// processes, each with its own pool, on one database (READ COMMITTED, the conditional seat update and row locks).
describe(`several API processes on one database (${t.backend === 'sqlite' ? 'one SQLite file' : 'one PostgreSQL database'})`, () => {
  it('never oversell: 3 processes × 100 registrations for 50 seats → 50 seats taken, 250 waiting, no errors', async () => {
    const organizer = await t.user(['organizer'], t.orgs.district);
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 50 });
    await expectFiftyHeld(await threeProcesses('event', eventId), 'registrations', 'event_id', eventId, 'confirmed');
    const counters = sql`select taken, confirmed_count as "c", waitlisted_count as "w" from events where id = ${eventId}`;
    expect(await t.database.read.get(counters)).toEqual({ taken: 50, c: 50, w: 250 });
  }, 120_000); // three processes start (tsx) and 300 requests each: slow on a loaded 2-core machine

  it('never overfill a class: 3 processes × 100 enrolments for 50 places → 50 enrolled, 250 waiting 1..250, no errors', async () => {
    const organizer = await t.user(['organizer'], t.orgs.district);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/trainings',
      headers: organizer.auth,
      payload: {
        title: '电工（中级）技能提升班',
        tradeId: t.trades.electrician,
        targetLevel: 'intermediate',
        orgId: t.orgs.base,
        capacity: 50,
        enrolOpensAt: isoIn(-1),
        enrolClosesAt: isoIn(5),
        sessions: [{ startsAt: isoIn(10), endsAt: isoIn(10.1) }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const classId = created.json().id as number;
    await expectFiftyHeld(await threeProcesses('class', classId), 'enrolments', 'class_id', classId, 'enrolled');
    const counters = sql`select taken, waitlisted_count as "w" from training_classes where id = ${classId}`;
    expect(await t.database.read.get(counters)).toEqual({ taken: 50, w: 250 });
  }, 120_000); // three processes start (tsx) and 300 requests each: slow on a loaded 2-core machine
});
