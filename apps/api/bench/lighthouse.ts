// `npm run bench -- lighthouse`: Lighthouse (mobile: a mid-range phone, simulated slow 4G) on the built app with the demo
// data — the home page, a contest page, the login page and the organizer's dashboard (signed in through its cookie) —
// in Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). The targets: performance ≥ 95 and
// accessibility 100 (the dashboard: accessibility 100). Each page runs RUNS times; the median score is reported, with
// the accessibility findings that cost points. A benchmark, not a test: the scores depend on the machine's load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { ensureBuilt, startBuiltApp } from './support/built-app';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface PageScore {
  name: string;
  path: string;
  performance: number;
  accessibility: number;
  failing: string[];
  metrics: string;
}

export async function lighthouseBench(): Promise<string> {
  ensureBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-bench-lighthouse-'));
  const app = await startBuiltApp(path.join(dir, 'demo.db'), 'demo');
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  const scores: PageScore[] = [];
  const loadBefore = os.loadavg()[0]!;
  try {
    const { base, cookieOf } = app;
    const contests = (await (await fetch(`${base}/api/contests?pageSize=5`)).json()) as { items: { id: number }[] };
    const pages: [string, string, string | undefined][] = [
      ['home', '/', undefined],
      ['a contest', `/contests/${contests.items[0]!.id}`, undefined],
      ['log in', '/login', undefined],
      ['organizer: dashboard', '/manage/dashboard', await cookieOf('13900000002')],
    ];
    for (const [name, pagePath, cookie] of pages) {
      const runs: { performance: number; accessibility: number; failing: string[]; metrics: string }[] = [];
      for (let i = 0; i < RUNS; i++) {
        const result = await lighthouse(
          `${base}${pagePath}`,
          {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: ['performance', 'accessibility'],
            extraHeaders: cookie ? { cookie } : undefined,
          },
          undefined,
        );
        if (!result) throw new Error(`lighthouse gave no result for ${pagePath}`);
        const { categories, audits } = result.lhr;
        const failing = (categories.accessibility?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && audits[ref.id]?.score !== null && (audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => ref.id);
        const ms = (id: string) => audits[id]?.numericValue ?? NaN;
        runs.push({
          performance: Math.round((categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
          failing,
          metrics: `FCP ${(ms('first-contentful-paint') / 1000).toFixed(1)} s, LCP ${(ms('largest-contentful-paint') / 1000).toFixed(1)} s, TBT ${Math.round(ms('total-blocking-time'))} ms, CLS ${ms('cumulative-layout-shift').toFixed(3)}`,
        });
      }
      const perf = median(runs.map((r) => r.performance));
      const mid = runs.find((r) => r.performance === perf)!;
      scores.push({
        name,
        path: pagePath,
        performance: perf,
        accessibility: median(runs.map((r) => r.accessibility)),
        failing: [...new Set(runs.flatMap((r) => r.failing))],
        metrics: mid.metrics,
      });
      console.log(
        `lighthouse ${name}: performance ${perf}, accessibility ${scores.at(-1)!.accessibility} ${mid.metrics} ${scores.at(-1)!.failing.join(' ')}`,
      );
    }
  } finally {
    await chrome.kill();
    app.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const rows = scores.map(
    (s) =>
      `| ${s.name} | \`${s.path.replace(/\d+$/, ':id')}\` | ${s.performance} | ${s.accessibility} | ${s.metrics} | ${s.failing.join(', ') || '—'} |`,
  );
  return `## Lighthouse (mobile)

\`npm run bench -- lighthouse\`: Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version} with its mobile defaults (a mid-range phone, simulated slow 4G and 4× CPU slowdown) on the
built app with the demo data, in Debian's Chromium (headless); the dashboard signed in as an organizer. Median of ${RUNS} runs
per page; the machine's load average (1 min) was ${loadBefore.toFixed(1)} at the start and ${os.loadavg()[0]!.toFixed(1)} at the end on ${os.cpus().length} cores (the
simulated throttling scales what the browser really spent, so a busy machine costs TBT points). Targets (issue 17): performance ≥ 95 and accessibility 100 on the home, contest and login pages; accessibility
100 on the dashboard.

| page | path | performance | accessibility | metrics (median run) | accessibility audits failing |
| --- | --- | ---: | ---: | --- | --- |
${rows.join('\n')}
`;
}
