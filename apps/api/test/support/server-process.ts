/**
 * The real server as a separate process (node + tsx on src/server.ts): for what only a process shows —
 * start-up errors and exit codes, signals, file permissions. API-only (no web build), on a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const TEST_SECRET = 'test-secret-0123456789-0123456789-abcdef';
/** the user an unprivileged server runs as when the tests run as root (root ignores file permissions) */
export const UNPRIVILEGED = 65534;
export const isRoot = () => process.getuid?.() === 0;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A temp folder the unprivileged user can write too. */
export function tempDir(prefix = 'gj-proc-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (isRoot()) fs.chownSync(dir, UNPRIVILEGED, UNPRIVILEGED);
  return dir;
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** resolves with the exit code (or the signal's name) */
  exited: Promise<number | string>;
  /** resolves once the server says it is running (rejects when it exits first) */
  ready: Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface StartOptions {
  /** run as the unprivileged user when the tests run as root */
  unprivileged?: boolean;
}

/** Spawns the server with exactly these variables (plus PATH/HOME), never the test runner's environment. */
export async function startServer(env: Record<string, string | undefined>, opts: StartOptions = {}): Promise<ServerProcess> {
  const port = env.PORT && /^\d+$/.test(env.PORT) ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/api/src/server.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      HOST: '127.0.0.1',
      PORT: String(port),
      WEB_BUILD_DIR: path.join(os.tmpdir(), 'gj-no-web-build'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.unprivileged && isRoot() ? { uid: UNPRIVILEGED, gid: UNPRIVILEGED } : {}),
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (out.includes('is running at')) resolve();
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`server exited (${code}) before it was ready:\n${out}\n${err}`)));
  });
  ready.catch(() => {});
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    exited,
    ready,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the server to its exit (start-up errors): the exit code and what it printed. */
export async function runToExit(env: Record<string, string | undefined>, opts: StartOptions = {}) {
  const p = await startServer(env, opts);
  // a start that gets as far as listening (migrations, the app built) takes 15–20 s under tsx on a busy machine
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 50_000);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}
