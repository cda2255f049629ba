// The JavaScript each page makes a phone download: the built app on the demo data, each page fetched as its user would
// get it, the scripts it loads (the modulepreloads SvelteKit lists for it and the start script's imports) followed through their static
// imports, and their sizes as sent — the gzip files the build writes next to each asset (adapter-node precompresses).
// Dynamic imports (Chart.js on the dashboard) are counted apart: they load only when the part that needs them shows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, root, startBuiltApp } from './support/built-app';

const client = path.join(root, 'apps/web/build/client');
/** issue 18's budgets, gzip: the dashboard's first load, every other page */
const DASHBOARD_BUDGET = 80 * 1024;
const PAGE_BUDGET = 60 * 1024;

// the bundler quotes module paths with ", ' or a backtick
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'`]([^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

const gzipBytes = (url: string) => {
  const file = path.join(client, url);
  const gz = `${file}.gz`;
  if (!fs.existsSync(gz)) throw new Error(`${url}: no precompressed file (${gz})`);
  return fs.statSync(gz).size;
};

/** `urls` and every module they import statically; the dynamic imports met on the way apart. */
function closure(urls: Iterable<string>): { files: Set<string>; dynamic: Set<string> } {
  const files = new Set<string>();
  const dynamic = new Set<string>();
  const todo = [...urls];
  while (todo.length) {
    const url = todo.pop()!;
    if (files.has(url)) continue;
    files.add(url);
    const code = fs.readFileSync(path.join(client, url), 'utf8');
    const dir = path.posix.dirname(url);
    for (const [, spec] of code.matchAll(STATIC_IMPORT)) todo.push(path.posix.resolve(dir, spec!));
    // the router's table of every page's node (in the app entry) is navigation, not a part of this page that loads later
    for (const [, spec] of code.matchAll(DYNAMIC_IMPORT)) if (!spec!.includes('/nodes/')) dynamic.add(path.posix.resolve(dir, spec!));
  }
  for (const f of files) dynamic.delete(f);
  return { files, dynamic };
}

/**
 * The scripts a page loads: the modulepreloads SvelteKit lists for it (in the Link header, or as <link> tags) — the
 * entry, the layout and page nodes and their chunks — and the modules its start script imports.
 */
function scriptsOf(html: string, linkHeader: string, pageUrl: string): string[] {
  const out = new Set<string>();
  for (const [, href] of linkHeader.matchAll(/<([^>]+)>;\s*rel="modulepreload"/g)) out.add(new URL(href!, pageUrl).pathname);
  for (const [link] of html.matchAll(/<link[^>]+rel="modulepreload"[^>]*>/g)) {
    const href = /href="([^"]+)"/.exec(link)?.[1];
    if (href) out.add(new URL(href, pageUrl).pathname);
  }
  for (const [, src] of html.matchAll(/import\(\s*"([^"]+\.js)"\s*\)/g)) out.add(new URL(src!, pageUrl).pathname);
  return [...out];
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export async function pageJsBench(): Promise<string> {
  ensureBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-bench-pagejs-'));
  const app = await startBuiltApp(path.join(dir, 'demo.db'), 'demo');
  try {
    const { base, cookieOf } = app;
    const organizer = await cookieOf('13900000002');
    const worker = await cookieOf('13900000101');
    const judge = await cookieOf('13900000011');
    const contests = (await (await fetch(`${base}/api/contests?pageSize=5`)).json()) as { items: { id: number }[] };
    const contestId = contests.items[0]!.id;
    const contest = (await (await fetch(`${base}/api/contests/${contestId}`)).json()) as { events: { id: number }[] };
    const eventId = contest.events[0]!.id;
    const pages: [string, string, string | undefined][] = [
      ['home', '/', undefined],
      ['contests', '/contests', undefined],
      ['a contest', `/contests/${contestId}`, undefined],
      ['log in', '/login', undefined],
      ['sign up', '/signup', undefined],
      ['training classes', '/trainings', undefined],
      ['verify a certificate', '/verify', undefined],
      ['worker: my registrations', '/me/registrations', worker],
      ['worker: my skills', '/me/skills', worker],
      ['worker: profile', '/profile', worker],
      ['judge: my events', '/judging', judge],
      ['organizer: dashboard', '/manage/dashboard', organizer],
      ['organizer: contests', '/manage/contests', organizer],
      ['organizer: a contest', `/manage/contests/${contestId}`, organizer],
      ['organizer: registrations desk', `/manage/events/${eventId}/registrations`, organizer],
      ['organizer: results', `/manage/events/${eventId}/results`, organizer],
      ['organizer: promotions', '/manage/promotions', organizer],
      ['organizer: people', '/manage/people', organizer],
      ['organizer: audit trail', '/manage/audit', organizer],
      ['organizer: venue check-in', '/manage/check-in', organizer],
    ];
    const rows: string[] = [];
    const over: string[] = [];
    for (const [what, url, cookie] of pages) {
      const res = await fetch(base + url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
      const html = await res.text();
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      const { files, dynamic } = closure(scriptsOf(html, res.headers.get('link') ?? '', base + url));
      if (files.size === 0) throw new Error(`${url}: no scripts found in the page`);
      const first = [...files].reduce((n, f) => n + gzipBytes(f), 0);
      const later = closure(dynamic);
      const lazy = [...later.files].filter((f) => !files.has(f)).reduce((n, f) => n + gzipBytes(f), 0);
      const budget = url === '/manage/dashboard' ? DASHBOARD_BUDGET : PAGE_BUDGET;
      if (first > budget) over.push(`${url} ${kib(first)} > ${kib(budget)}`);
      const line = `| ${what} | \`${url}\` | ${files.size} | ${kib(first)} | ${lazy ? kib(lazy) : '—'} | ${kib(budget)} | ${first <= budget ? 'yes' : '**no**'} |`;
      console.log(line);
      rows.push(line);
    }
    if (over.length) {
      // the table is still written (BENCHMARKS.md shows **no**); the run fails so an over-budget page is not missed
      console.error(`over budget: ${over.join('; ')}`);
      process.exitCode = 1;
    }
    return `## JavaScript per page (gzip, as a phone downloads it)

\`npm run bench -- page-js\`: the built app on the demo data; each page fetched as its user gets it; the scripts its HTML
loads followed through their static imports; sizes of the precompressed files sent. "Later" is what dynamic imports add
when the part needing them shows (Chart.js when the dashboard draws its charts). Budgets from issue 18: the dashboard
≤ 80 KiB, every other page ≤ 60 KiB.

| page | url | scripts | first load | later (dynamic) | budget | within |
|---|---|---|---|---|---|---|
${rows.join('\n')}

${over.length ? `Over budget: ${over.join('; ')}.` : 'Every page is within its budget.'}
`;
  } finally {
    app.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
