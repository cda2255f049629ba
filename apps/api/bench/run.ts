// `npm run bench`: measures the hot paths on this machine through real HTTP (autocannon against the
// real app listening on loopback) and writes the figures to BENCHMARKS.md at the repository root.
// Bounded: every load runs for a fixed number of requests or seconds and stops by itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importsBench } from './imports';
import { lighthouseBench } from './lighthouse';
import { pageJsBench } from './page-js';
import { pagesBench } from './pages';
import { posterBench } from './poster';
import { rushBench, sessionCheckBench } from './registration';
import { resultsBench } from './results';
import { statsBench } from './stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const benches: Record<string, () => Promise<string>> = {
  rush: () => rushBench(),
  'rush-sqlite': () => rushBench([{ backend: 'sqlite', nodes: 1 }]),
  'rush-sessions': () => sessionCheckBench(),
  results: () => resultsBench(),
  stats: () => statsBench(),
  pages: () => pagesBench(),
  'page-js': () => pageJsBench(),
  imports: () => importsBench(),
  lighthouse: () => lighthouseBench(),
  poster: () => posterBench(),
};
// `npm run bench -- imports results` runs only those and replaces their sections in BENCHMARKS.md
const only = process.argv.slice(2);
for (const name of only) if (!benches[name]) throw new Error(`unknown bench ${name}; one of ${Object.keys(benches).join(', ')}`);
const sections: string[] = [];
for (const [name, run] of Object.entries(benches)) if (!only.length || only.includes(name)) sections.push(await run());

const header = `# Benchmarks

Measured by \`npm run bench\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
Server and load generator (autocannon, in the same process family) share the machine's cores, as in engineering-notes.md.
Figures are from one run; rerun to refresh this file.
`;
const file = path.join(root, 'BENCHMARKS.md');
if (only.length && fs.existsSync(file)) {
  // keep the other sections as they were measured; a section is its "## " heading up to the next one
  const old = fs.readFileSync(file, 'utf8');
  const parts = old.split(/^(?=## )/m);
  for (const section of sections) {
    const heading = section.split('\n')[0];
    const i = parts.findIndex((p) => p.split('\n')[0] === heading);
    if (i >= 0) parts[i] = section;
    else parts.push(section);
  }
  fs.writeFileSync(file, parts.map((p) => p.trimEnd() + '\n').join('\n'));
} else fs.writeFileSync(file, [header, ...sections].join('\n'));
console.log(`wrote ${file}`);
