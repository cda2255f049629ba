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
const sections: string[] = [];

sections.push(await registrationBench());
sections.push(await resultsBench());
sections.push(await statsBench());
sections.push(await pagesBench());

const header = `# Benchmarks

Measured by \`npm run bench\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
Server and load generator (autocannon, in the same process family) share the machine's cores, as in engineering-notes.md.
Figures are from one run; rerun to refresh this file.
`;
fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), [header, ...sections].join('\n'));
console.log(`wrote ${path.join(root, 'BENCHMARKS.md')}`);
