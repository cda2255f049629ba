// A profile of the results computation: builds the big event of bench/results.ts once, then calls
// ResultsService.compute RUNS times (default 20) under the V8 profiler (only those calls are sampled) and writes the
// profile (PROFILE, default results.cpuprofile) and its top entries by self time. `npx tsx bench/results-profile.ts`
// in apps/api; open the .cpuprofile in Chrome's DevTools for the call tree.
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { computeEventResults } from '@gongjiang/domain';
import { bigResultsEvent } from './results';

const runs = Number(process.env.RUNS ?? 20);
const out = process.env.PROFILE ?? 'results.cpuprofile';

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by function, the largest first: [ms, share of the samples, function (file)]. */
export function topEntries(p: Profile, n = 15): [number, number, string][] {
  const nodeOf = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const { functionName, url } = nodeOf.get(id)!.callFrame;
    const file = url.replace(/^.*\/(node_modules|src|packages)\//, '$1/');
    const key = `${functionName || '(anonymous)'}${file ? ` (${file})` : ''}`;
    const dt = p.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, t]) => [t / 1000, t / total, k]);
}

const ev = await bigResultsEvent();
try {
  const { results } = ev.app.services;
  for (let i = 0; i < 3; i++) await results.compute(ev.eventId); // warm-up
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await results.compute(ev.eventId);
  const t1 = performance.now();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  fs.writeFileSync(out, JSON.stringify(profile));
  const input = await results.input(ev.eventId);
  const t2 = performance.now();
  for (let i = 0; i < runs; i++) computeEventResults(input);
  const t3 = performance.now();
  console.log(`compute: ${((t1 - t0) / runs).toFixed(1)} ms a run (profiled); domain alone: ${((t3 - t2) / runs).toFixed(1)} ms a run`);
  for (const [ms, share, name] of topEntries(profile as Profile, Number(process.env.TOP ?? 20)))
    console.log(`| ${name} | ${ms.toFixed(0)} ms | ${(share * 100).toFixed(1)} % |`);
} finally {
  await ev.close();
}
