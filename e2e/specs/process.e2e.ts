import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { runDir } from '../playwright.config';
import { DEMO_PASSWORD } from './support';

/**
 * The process as an operator runs it — its own server (the built app, E2E_PORT + 1) on a copy of the web
 * build, so files can disappear under it: a missing built asset is a 404 and the server stays up; on
 * SIGTERM it stops accepting, lets a slow page form action and a slow API request finish (the page's own
 * call to the API included), closes the database cleanly and exits 0; page requests are logged as pino
 * JSON under a request id their API calls share.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PORT = Number(process.env.E2E_PORT ?? 3210) + 1;
const BASE = `http://127.0.0.1:${PORT}`;

test.describe.configure({ mode: 'serial' });

interface OwnServer {
  child: ChildProcess;
  dir: string;
  db: string;
  build: string;
  log: () => string;
  exited: Promise<number | null>;
}

async function startOwnServer(name: string): Promise<OwnServer> {
  const dir = path.join(runDir, `process-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // inside the repository, so the copied build still finds node_modules
  const build = path.join(dir, 'build');
  fs.cpSync(path.join(root, 'apps/web/build'), build, { recursive: true });
  const db = path.join(dir, 'p.db');
  const child = spawn(process.execPath, [path.join(root, 'apps/api/dist/server.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_PATH: db,
      SEED: 'demo',
      WEB_BUILD_DIR: build,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT: '10',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await expect.poll(() => out, { timeout: 60_000 }).toContain('is running at');
  return { child, dir, db, build, log: () => out, exited };
}

/** Sends the head of a request now and the rest of its body when told: a phone on a slow uplink. */
function slowRequest(head: string, body: string) {
  const socket = net.connect(PORT, '127.0.0.1');
  let answer = '';
  socket.on('data', (d) => (answer += d.toString()));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(answer)));
  socket.write(`${head}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`);
  return { finish: () => socket.write(body.slice(5)), answer: closed };
}

test('a built asset deleted under the running server is a 404; the server stays up', async ({ request }) => {
  const server = await startOwnServer('static');
  try {
    const entry = path.join(server.build, 'client/_app/immutable/entry');
    const start = fs.readdirSync(entry).find((f) => /^start\..*\.js$/.test(f))!;
    const url = `${BASE}/_app/immutable/entry/${start}`;
    expect((await request.get(url)).status()).toBe(200);
    const kept = path.join(server.dir, 'kept');
    fs.mkdirSync(kept);
    for (const f of fs.readdirSync(entry).filter((f) => f.startsWith(start))) fs.renameSync(path.join(entry, f), path.join(kept, f));
    for (const encoding of ['br', 'gzip', 'identity']) {
      const res = await request.get(url, { headers: { 'accept-encoding': encoding } });
      expect(res.status(), encoding).toBe(404);
      expect(res.headers()['x-content-type-options']).toBe('nosniff');
    }
    // before, sirv's unhandled ENOENT had killed pages and API together
    expect((await request.get(`${BASE}/api/health`)).status()).toBe(200);
    expect((await request.get(`${BASE}/contests`)).status()).toBe(200);
    expect(server.child.exitCode).toBeNull();
    for (const f of fs.readdirSync(kept)) fs.renameSync(path.join(kept, f), path.join(entry, f));
    expect((await request.get(url)).status()).toBe(200);
    expect(server.log()).toContain('"msg":"static file missing or unreadable"');
  } finally {
    server.child.kill('SIGKILL');
  }
});

test('page requests are logged as JSON under a request id that the page’s API calls carry', async ({ request }) => {
  const server = await startOwnServer('logs');
  try {
    const res = await request.get(`${BASE}/contests`);
    expect(res.status()).toBe(200);
    const id = res.headers()['x-request-id']!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => server.log()).toContain(`"reqId":"${id}","res":{"statusCode":200}`);
    const lines = server
      .log()
      .split('\n')
      .filter((l) => l.includes(`"reqId":"${id}"`))
      .map((l) => JSON.parse(l) as { msg: string; req?: { url: string } });
    const urls = lines.filter((l) => l.msg === 'incoming request').map((l) => l.req!.url);
    expect(urls[0]).toBe('/contests');
    expect(urls.some((u) => u.startsWith('/api/contests'))).toBe(true);
  } finally {
    server.child.kill('SIGKILL');
  }
});

test('SIGTERM: in-flight page form action and API request finish, new connections are refused, the database closes, exit 0', async ({
  request,
}) => {
  test.setTimeout(90_000);
  const server = await startOwnServer('shutdown');
  // a form post to the login page (its action calls the API) and a login straight to the API, both mid-upload
  const form = slowRequest(
    `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nOrigin: ${BASE}\r\nAccept: text/html\r\nContent-Type: application/x-www-form-urlencoded\r\n`,
    new URLSearchParams({ phone: '13900000101', password: DEMO_PASSWORD, redirectTo: '/' }).toString(),
  );
  const api = slowRequest(
    `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nContent-Type: application/json\r\n`,
    JSON.stringify({ login: '13900000102', password: DEMO_PASSWORD }),
  );
  await new Promise((r) => setTimeout(r, 300));
  server.child.kill('SIGTERM');
  await expect.poll(() => server.log()).toContain('SIGTERM: finishing the requests in flight');
  // the listener is closed: a new visitor is refused at once
  await expect(request.get(`${BASE}/api/health`, { timeout: 5_000 })).rejects.toThrow(/ECONNREFUSED/);
  form.finish();
  api.finish();
  const page = await form.answer;
  expect(page.split('\r\n')[0], page.slice(0, 400)).toBe('HTTP/1.1 303 See Other');
  expect(page).toMatch(/\r\nlocation: \/\r\n/i);
  expect(page).toMatch(/\r\nset-cookie: gj_access=/i);
  const answer = await api.answer;
  expect(answer.split('\r\n')[0], answer.slice(0, 400)).toBe('HTTP/1.1 200 OK');
  expect(answer).toContain('"accessToken"');
  expect(await server.exited).toBe(0);
  // closed cleanly: the last connection's close checkpoints the WAL and removes it
  expect(fs.existsSync(`${server.db}-wal`)).toBe(false);
});
