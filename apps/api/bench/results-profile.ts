// A profile of the results computation: builds the big event of bench/results.ts once, then calls
// ResultsService.compute RUNS times (default 20) under the V8 profiler (only those calls are sampled), writes the
// profile to PROFILE (default results.cpuprofile: open it in Chrome's DevTools for the call tree) and prints its top
// entries by self time. `npx tsx bench/results-profile.ts` in apps/api. `npm run bench -- results` records the same.
import fs from 'node:fs';
import { bigResultsEvent, profileCompute, profileRows } from './results';

const runs = Number(process.env.RUNS ?? 20);
const ev = await bigResultsEvent();
try {
  const { msPerRun, profile } = await profileCompute(ev.app, ev.eventId, runs);
  fs.writeFileSync(process.env.PROFILE ?? 'results.cpuprofile', JSON.stringify(profile));
  console.log(`ResultsService.compute: ${msPerRun.toFixed(1)} ms a call (profiled); self time per call:`);
  for (const row of profileRows(profile, runs)) console.log(row);
} finally {
  await ev.close();
}
