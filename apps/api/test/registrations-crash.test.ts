/**
 * kill -9 in the middle of a rush: every registration the server acknowledged (201) is in the database afterwards,
 * with the status it was answered with, and the seat counters agree with the rows. On SQLite this is the group
 * commit's promise (data/sqlite.ts): an answer leaves only after its batch has committed.
 */
import { sql } from 'drizzle-orm';
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './helper';
import { makeContest, makeWorkers } from './fixtures';
import { startServer, TEST_SECRET } from './support/server-process';

const t = await buildTestApp({ jwtSecret: TEST_SECRET });
const agent = new http.Agent({ keepAlive: true, maxSockets: 40 });
afterAll(() => agent.destroy());

/** POST with a bearer token on a keep-alive connection: the status and body, or null when the connection died */
function register(port: number, eventId: number, token: string): Promise<{ status: number; body: { id: number; status: string } } | null> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/events/${eventId}/registrations`,
        agent,
        headers: { authorization: `Bearer ${token}` },
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(body) }));
        res.on('error', () => resolve(null));
      },
    );
    req.on('error', () => resolve(null));
    req.end();
  });
}

describe(`kill -9 during a registration rush (${t.backend})`, () => {
  it('every acknowledged registration survives the crash; no seat oversold, the counters match the rows', async () => {
    const organizer = await t.user(['organizer'], t.orgs.district);
    const { eventId } = await makeContest(t, organizer.auth, { capacity: 150 });
    const workers = await makeWorkers(t, 600);
    const server = await startServer({
      JWT_SECRET: TEST_SECRET,
      SEED: 'none',
      JOBS_POLL_MS: '0',
      ...(t.url ? { DATABASE_URL: t.url } : { DATABASE_PATH: t.file }),
    });
    await server.ready;
    const acknowledged: { id: number; status: string }[] = [];
    let killed = false;
    const answers = await Promise.all(
      workers.map(async (w) => {
        const a = await register(server.port, eventId, w.auth.authorization.slice(7));
        if (a?.status === 201) {
          acknowledged.push(a.body);
          // the crash: once a third of the workers have their answer, with the rest in flight
          if (acknowledged.length === 200 && !killed) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        }
        return a;
      }),
    );
    expect(await server.exited).toBe('SIGKILL');
    expect(
      answers.filter((a) => a && a.status !== 201),
      'only 201s or cut connections',
    ).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    expect(acknowledged.length, 'the crash came before every answer').toBeLessThan(600);

    const rows = await t.database.read.all<{ id: number; status: string }>(
      sql`select id, status from registrations where event_id = ${eventId} order by id`,
    );
    const stored = new Map(rows.map((r) => [Number(r.id), r.status]));
    const lost = acknowledged.filter((a) => stored.get(a.id) !== a.status);
    expect(lost, 'acknowledged but not stored after the crash').toEqual([]);
    const held = rows.filter((r) => r.status === 'confirmed').length;
    expect(held).toBeLessThanOrEqual(150);
    const counters = await t.database.read.get<{ taken: number; w: number }>(
      sql`select taken, waitlisted_count as "w" from events where id = ${eventId}`,
    );
    expect({ taken: Number(counters!.taken), w: Number(counters!.w) }).toEqual({
      taken: held,
      w: rows.filter((r) => r.status === 'waitlisted').length,
    });
  }, 120_000);
});
