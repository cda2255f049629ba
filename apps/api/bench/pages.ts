// Organizer pages at city scale, as a browser gets them: the built app (`node apps/api/dist/server.js`, API and
// SvelteKit on one origin, as `npm start` runs it) on the city-scale database, each page server-rendered with the
// organizer's session cookie — every API call the page's load makes, the rendering and the HTML transfer included.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { cityDb, pct } from './stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function pagesBench(): Promise<string> {
  const server = path.join(root, 'apps/api/dist/server.js');
  // measure what the sources say now: build unless told the build is current (BENCH_SKIP_BUILD=1)
  if (process.env.BENCH_SKIP_BUILD !== '1' || !fs.existsSync(server) || !fs.existsSync(path.join(root, 'apps/web/build/handler.js'))) {
    console.log('building the app (npm run build) …');
    if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  }
  const { file } = cityDb();
  const c = new Database(file, { readonly: true });
  const year = (c.prepare('select max(year) as y from promotions').get() as { y: number }).y;
  const bigEvent = c.prepare('select event_id as id, count(*) as n from registrations group by event_id order by n desc limit 1').get() as {
    id: number;
    n: number;
  };
  c.close();

  const port = await freePort();
  const child = spawn(process.execPath, [server], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: file,
      SEED: 'none',
      JWT_SECRET: crypto.randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const out = readline.createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
      out.on('line', (l) => l.includes('is running at') && resolve());
    });
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: '13900000002', password: 'Gongjiang@2026' }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const cookie = `gj_access=${accessToken}`;

    const rows: string[] = [];
    const workerLogin = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: '13900000101', password: 'Gongjiang@2026' }),
    });
    if (!workerLogin.ok) throw new Error(`worker login failed: ${workerLogin.status}`);
    const workerCookie = `gj_access=${((await workerLogin.json()) as { accessToken: string }).accessToken}`;

    const measure = async (what: string, url: string, mustContain: string, n = 20, as = cookie) => {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < n + 3; i++) {
        const t = performance.now();
        const res = await fetch(base + url, { headers: { cookie: as }, redirect: 'manual' });
        const html = await res.text();
        const ms = performance.now() - t;
        if (res.status !== 200 || !html.includes(mustContain)) throw new Error(`${url}: ${res.status}, ${html.length} bytes`);
        if (i >= 3) times.push(ms);
        bytes = html.length;
      }
      const line = `| ${what} | \`${url}\` | ${n} | ${pct(times, 50).toFixed(1)} ms | ${pct(times, 99).toFixed(1)} ms | ${Math.round(bytes / 1024)} KiB |`;
      console.log(line);
      rows.push(line);
    };
    await measure('dashboard, whole city', `/manage/dashboard?year=${year}`, '无锡市总工会');
    await measure('dashboard, 梁溪区 (drill-down)', `/manage/dashboard?year=${year}&org=4`, '梁溪区');
    await measure('printable annual report, whole city', `/manage/dashboard/report?year=${year}`, '无锡市总工会');
    await measure('promotions tracker, whole city, page 1', `/manage/promotions?year=${year}`, `${year}`);
    await measure(
      `registration desk, biggest event (${bigEvent.n.toLocaleString('en')} registrations), page 1`,
      `/manage/events/${bigEvent.id}/registrations`,
      'A',
    );
    // organisation pickers: the city has 13,480 base unions, so pickers search by name instead of listing the tree
    await measure('the whole tree, GET /api/orgs (what every picker loaded before)', '/api/orgs', '无锡市总工会');
    await measure('new contest (owner picker), city organizer', '/manage/contests/new', 'orgId_q');
    await measure('new training class (owner picker)', '/manage/trainings/new', 'orgId_q');
    await measure(
      'picker search as you type, “供电” (1 match: the whole 13,480-name scan)',
      `/orgs/search?q=${encodeURIComponent('供电')}&kind=base`,
      '供电',
    );
    await measure('worker profile (employer picker)', '/profile', 'employerOrgId_q', 20, workerCookie);
    await measure('contest list, signed in (organisation filter)', '/contests', 'orgId', 20, workerCookie);
    return `## Organizer pages at city scale (issue 6)

The built app as \`npm start\` serves it (API and SvelteKit in one process) on the city-scale database above; each
page is fetched with the city organizer's session cookie, one request at a time after 3 warm-up requests, and must be
a 200 with its content. The time is the whole server-rendered page: every API call its load makes, rendering, transfer.

| page | path | n | p50 | p99 | HTML |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
  } finally {
    child.kill('SIGTERM');
  }
}
