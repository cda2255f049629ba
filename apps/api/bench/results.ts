import { computeEventResults } from '@gongjiang/domain';
import { buildApp } from '../src/app';
import { addOrg } from '../test/support/org-tree';
import { BIG_EVENT_SCORING, fillBigEvent } from '../test/support/big-event';
import { daysFromNow, openBenchDatabase, type BenchDatabase } from './support/fixture';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** n timed runs after 3 warm-up runs. */
async function timed(n: number, run: () => unknown): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    const t = performance.now();
    await run();
    if (i >= 3) times.push(performance.now() - t);
  }
  return { p50: pct(times, 50), p99: pct(times, 99) };
}

/** The big event of the results bench, made through the real app on `db`: the contest and event through the API, then the marks. */
export async function bigResultsEvent(opened?: BenchDatabase) {
  const bench = opened ?? (await openBenchDatabase('gj-bench-results-'));
  const { db, file } = bench;
  const app = await buildApp({
    database: db,
    config: { databasePath: file, jwtSecret: 'bench-secret-0123456789abcdef0123456789', seed: 'none' },
  });
  const close = async () => {
    await app.close();
    await bench.dispose();
  };
  try {
    const { district, employers, organizer, trade } = await db.tx(async (t) => {
      const district = await addOrg(t, '梁溪区总工会', 'district', await addOrg(t, '无锡市总工会', 'federation', null));
      const employers: number[] = [];
      for (const name of ['无锡供电公司工会', '无锡一棉纺织集团有限公司工会', '无锡地铁集团有限公司工会'])
        employers.push((await addOrg(t, name, 'base', district)).id);
      const [trade] = await t.orm
        .insert(t.s.trades)
        .values({ code: '6-20-01-01', name: '钳工', nameEn: 'Fitter' })
        .returning({ id: t.s.trades.id });
      const [organizer] = await t.orm
        .insert(t.s.users)
        .values({ phone: '13900000003', name: '组织者', passwordHash: 'x', roles: ['organizer'], orgId: district.id })
        .returning({ id: t.s.users.id });
      return { district, employers, organizer: organizer!, trade: trade! };
    });
    const auth = {
      authorization: `Bearer ${app.jwt.sign({ sub: organizer.id, roles: ['organizer'], orgId: district.id, sv: 0, sid: 'bench' })}`,
    };
    const iso = daysFromNow;

    const contest = await app.inject({
      method: 'POST',
      url: '/api/contests',
      headers: auth,
      payload: {
        title: '压测大赛',
        tier: 'city',
        orgId: district.id,
        inPlan: true,
        // under way while the marks are written (they wait for the start: 409 TOO_EARLY); it ends before publication
        registrationOpensAt: iso(-3),
        registrationClosesAt: iso(-2),
        startsAt: iso(-1),
        endsAt: iso(1),
      },
    });
    if (contest.statusCode !== 201) throw new Error(`contest: ${contest.body}`);
    const created = await app.inject({
      method: 'POST',
      url: `/api/contests/${contest.json().id}/events`,
      headers: auth,
      payload: { tradeId: trade.id, capacity: 1000, requiresApproval: false, targetLevel: 'senior', scoring: BIG_EVENT_SCORING },
    });
    if (created.statusCode !== 201) throw new Error(`event: ${created.body}`);
    const eventId = created.json().id as number;

    const built = performance.now();
    const counts = await fillBigEvent(app.database, eventId, {
      criteria: created.json().scoring.criteria as { id: number; kind: string; maxScore: number }[],
      employers,
      judgeOrg: district.id,
    });
    const buildMs = performance.now() - built;
    return { app, auth, contestId: contest.json().id as number, eventId, counts, buildMs, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Results of one big event — 1,000 contestants × 7 judges × 10 criteria = 70,000 marks — on a fresh
 * SQLite file through the real app: the contest and event made through the API, the marks written
 * in multi-row batches (the fixture the results test uses), then the domain computation alone, the service
 * (read + compute), the organizer's live results through real HTTP and publication.
 */
export async function resultsBench(n = 20): Promise<string> {
  const { app, auth, contestId, eventId, counts, buildMs, close } = await bigResultsEvent();
  try {
    const { results } = app.services;
    const input = await results.input(eventId);
    const domain = await timed(n, () => computeEventResults(input));
    const service = await timed(n, () => results.compute(eventId));
    const ranked = (await results.compute(eventId)).filter((r) => r.rank !== null).length;
    if (ranked !== counts.contestants) throw new Error(`${ranked} of ${counts.contestants} contestants ranked`);

    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}/api/events/${eventId}/results`;
    let bytes = 0;
    const get = async (headers: Record<string, string>) => {
      const res = await fetch(base, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET results: ${res.status} ${body}`);
      if ((JSON.parse(body) as unknown[]).length !== counts.contestants) throw new Error('GET results: wrong row count');
      bytes = Buffer.byteLength(body);
    };
    const live = await timed(n, () => get(auth));
    const liveBytes = bytes;

    // the contest ends: publication waits for endsAt (409 TOO_EARLY before), as the organizer moves it
    const ended = await app.inject({
      method: 'PATCH',
      url: `/api/contests/${contestId}`,
      headers: auth,
      payload: { endsAt: new Date(Date.now() - 60_000).toISOString() },
    });
    if (ended.statusCode !== 200) throw new Error(`end the contest: ${ended.body}`);
    const p = performance.now();
    const pub = await fetch(`${base}/publish`, { method: 'POST', headers: auth });
    const publishMs = performance.now() - p;
    const published = (await pub.json()) as { count?: number };
    if (pub.status !== 200 || published.count !== counts.contestants)
      throw new Error(`publish: ${pub.status} ${JSON.stringify(published)}`);
    const frozen = await timed(n, () => get({}));
    const heap = process.memoryUsage();

    const marks = counts.marks.toLocaleString('en');
    const rows = [
      `| domain: \`computeEventResults\` over the input already read (${marks} marks) | ${n} | ${ms(domain.p50)} | ${ms(domain.p99)} |`,
      `| \`ResultsService.compute\`: read the event's marks, theory scores, judges + compute | ${n} | ${ms(service.p50)} | ${ms(service.p99)} |`,
      `| GET /api/events/:id/results, organizer, live (computed per request, names joined; ${Math.round(liveBytes / 1024)} KiB JSON) | ${n} | ${ms(live.p50)} | ${ms(live.p99)} |`,
      `| POST /api/events/:id/results/publish (checks, computes, freezes ${counts.contestants.toLocaleString('en')} rows, audit) | 1 | ${ms(publishMs)} | — |`,
      `| GET /api/events/:id/results, anonymous, published (read from the frozen rows) | ${n} | ${ms(frozen.p50)} | ${ms(frozen.p99)} |`,
    ];
    for (const r of rows) console.log(r);
    return `## Results computation (issue 4)

One event of ${counts.contestants.toLocaleString('en')} contestants × ${counts.judges} judges × ${BIG_EVENT_SCORING.criteria.length} criteria = ${marks} marks (trimmed mean, every sheet submitted,
every contestant with a theory score) on a fresh SQLite file through the real app: contest and event made through the
API, the marks written in batches in ${Math.round(buildMs).toLocaleString('en')} ms by apps/api/test/support/big-event.ts (shared with the results test).
In-process timings after 3 warm-up runs; HTTP requests one at a time on loopback (JWT, schema, JSON), after 3 warm-up
requests, latency as the client sees it. All ${counts.contestants.toLocaleString('en')} contestants ranked.

| what | n | p50 | p99 |
|---|---|---|---|
${rows.join('\n')}

Heap used by the process after the runs: ${Math.round(heap.heapUsed / 2 ** 20)} MiB (RSS ${Math.round(heap.rss / 2 ** 20)} MiB).
`;
  } finally {
    await close();
  }
}
