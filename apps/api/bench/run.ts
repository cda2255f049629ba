// `npm run bench`: measures the hot paths on this machine through real HTTP (autocannon against the
// real app listening on loopback) and writes the figures to BENCHMARKS.md at the repository root.
// Bounded: every load runs for a fixed number of requests or seconds and stops by itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pagesBench } from './pages';
import { registrationBench } from './registration';
import { resultsBench } from './results';
import { statsBench } from './stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const file = path.join(root, 'BENCHMARKS.md');

// `npm run bench -- rush results`: only the named sections, each replacing its own part of BENCHMARKS.md.
const all = { rush: registrationBench, results: resultsBench, stats: statsBench, pages: pagesBench } as const;
const asked = process.argv.slice(2).filter((a): a is keyof typeof all => a in all);
const unknown = process.argv.slice(2).filter((a) => !(a in all));
if (unknown.length) throw new Error(`unknown bench section(s) ${unknown.join(', ')}; choose from ${Object.keys(all).join(', ')}`);
const chosen = asked.length ? asked : (Object.keys(all) as (keyof typeof all)[]);
const sections: string[] = [];
for (const name of chosen) sections.push(await all[name]());

const header = `# Benchmarks

Measured by \`npm run bench\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
Server and load generator (autocannon, in the same process family) share the machine's cores, as in engineering-notes.md.
Figures are from one run; rerun to refresh this file.
`;

/** A section is its `## title` line and everything up to the next `## `. */
const titleOf = (section: string) => section.split('\n', 1)[0] as string;
if (asked.length && fs.existsSync(file)) {
  let text = fs.readFileSync(file, 'utf8');
  for (const section of sections) {
    const start = text.indexOf(`${titleOf(section)}\n`);
    if (start < 0) {
      text = `${text.trimEnd()}\n\n${section}`;
      continue;
    }
    const end = text.indexOf('\n## ', start + 1);
    text = text.slice(0, start) + section.trimEnd() + '\n' + (end < 0 ? '' : `\n${text.slice(end + 1)}`);
  }
  fs.writeFileSync(file, text);
} else fs.writeFileSync(file, [header, ...sections].join('\n'));
console.log(`wrote ${file} (${chosen.join(', ')})`);
