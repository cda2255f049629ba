// `npm start`: build what is missing or stale, then serve API + web on one origin (PORT, default 3000).
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outputs = [path.join(root, 'apps/api/dist/server.js'), path.join(root, 'apps/web/build/handler.js')];
const sources = ['apps/api/src', 'apps/web/src', 'packages/domain/src', 'drizzle', 'apps/web/svelte.config.js', 'apps/web/vite.config.ts'];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) {
    if (e === 'paraglide' || e === 'node_modules') continue;
    m = Math.max(m, newest(path.join(p, e)));
  }
  return m;
}

const builtAt = Math.min(...outputs.map((o) => (fs.existsSync(o) ? fs.statSync(o).mtimeMs : 0)));
const changedAt = Math.max(...sources.map((s) => newest(path.join(root, s))));
if (!builtAt || changedAt > builtAt || process.argv.includes('--rebuild')) {
  console.log('building web app and API…');
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// --max-semi-space-size=64: fewer, cheaper young-generation collections (docs/deploy/gongjiang.service says why)
const child = spawn(process.execPath, ['--enable-source-maps', '--max-semi-space-size=64', outputs[0]], { cwd: root, stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
