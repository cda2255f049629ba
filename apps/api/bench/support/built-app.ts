// The built app (`node apps/api/dist/server.js`: API and SvelteKit on one origin, as `npm start` runs it) started in its
// own process on a free loopback port, for the benches that measure what a browser gets.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** `npm run build` unless BENCH_SKIP_BUILD=1 and both builds are there. */
export function ensureBuilt(): void {
  const built = fs.existsSync(path.join(root, 'apps/api/dist/server.js')) && fs.existsSync(path.join(root, 'apps/web/build/handler.js'));
  if (process.env.BENCH_SKIP_BUILD === '1' && built) return;
  console.log('building the app (npm run build) …');
  if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('build failed');
}

export interface BuiltApp {
  base: string;
  child: ChildProcess;
  /** an access-token cookie for a demo account (every demo account has the README's password) */
  cookieOf(phone: string): Promise<string>;
  stop(): void;
}

/** Starts the built server on `databasePath` (SEED none or demo) and resolves once it says it is running. */
export async function startBuiltApp(databasePath: string, seed: 'none' | 'demo' = 'none'): Promise<BuiltApp> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'apps/api/dist/server.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      SEED: seed,
      JWT_SECRET: crypto.randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const out = readline.createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    out.on('line', (l) => l.includes('is running at') && resolve());
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    child,
    async cookieOf(phone: string) {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: phone, password: 'Gongjiang@2026' }),
      });
      if (!res.ok) throw new Error(`login ${phone} failed: ${res.status}`);
      return `gj_access=${((await res.json()) as { accessToken: string }).accessToken}`;
    },
    stop: () => child.kill('SIGTERM'),
  };
}
