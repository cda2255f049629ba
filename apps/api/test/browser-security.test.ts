import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sameHost } from '../src/plugins/security';
import { buildTestApp, expectError } from './helper';
import { makeContest } from './fixtures';

/**
 * What a browser meets at the API: a write sent from another site with the session cookie is refused
 * (bearer clients and non-browser clients are not), security headers on every answer and download
 * (HSTS only behind HTTPS), Swagger UI never framed, no-store, compressed JSON, a request id.
 */
const t = await buildTestApp();
const { app } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
const cookieOf = (auth: { authorization: string }) => `gj_access=${auth.authorization.slice('Bearer '.length)}`;
const status = async (contestId: number) =>
  (await t.database.read.get<{ status: string }>(sql`select status from contests where id = ${contestId}`))!.status;

describe('cross-site writes', () => {
  it('publish with only the access cookie, Origin http://evil.example and text/plain: 403, nothing published', async () => {
    const { contestId } = await makeContest(t, organizer.auth, { publish: false });
    const publish = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/api/contests/${contestId}/publish`,
        headers: { 'content-type': 'text/plain', ...headers },
        payload: 'x',
      });
    const cookie = cookieOf(organizer.auth);
    expectError(await publish({ cookie, origin: 'http://evil.example' }), 403, 'CROSS_ORIGIN');
    expectError(await publish({ cookie, origin: 'null' }), 403, 'CROSS_ORIGIN');
    expectError(await publish({ cookie, 'sec-fetch-site': 'cross-site' }), 403, 'CROSS_ORIGIN');
    expectError(await publish({ cookie, 'sec-fetch-site': 'same-site', origin: 'http://sub.localhost' }), 403, 'CROSS_ORIGIN');
    expect(await status(contestId)).toBe('draft');
    // the site's own pages (the same host in Origin) do publish
    const own = await publish({ cookie, origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' });
    expect(own.statusCode, own.body).toBe(200);
    expect(await status(contestId)).toBe('published');
  });

  it('the same host: ports as the Host header gives them, the scheme not compared (TLS may end at a proxy)', () => {
    expect(sameHost('http://localhost', 'localhost:80')).toBe(true);
    expect(sameHost('https://gj.example.org', 'gj.example.org')).toBe(true);
    expect(sameHost('https://gj.example.org:8443', 'gj.example.org:8443')).toBe(true);
    expect(sameHost('https://gj.example.org:8443', 'gj.example.org:9443')).toBe(false);
    expect(sameHost('https://gj.example.org.evil.example', 'gj.example.org')).toBe(false);
    expect(sameHost('null', 'gj.example.org')).toBe(false);
  });

  it('bearer clients are unaffected by Origin; clients that are not browsers (no Origin, no Sec-Fetch-Site) too', async () => {
    const a = await makeContest(t, organizer.auth, { publish: false });
    const viaBearer = await app.inject({
      method: 'POST',
      url: `/api/contests/${a.contestId}/publish`,
      headers: { ...organizer.auth, origin: 'https://hr.example.com' },
    });
    expect(viaBearer.statusCode, viaBearer.body).toBe(200);
    const b = await makeContest(t, organizer.auth, { publish: false });
    const curl = await app.inject({
      method: 'POST',
      url: `/api/contests/${b.contestId}/publish`,
      headers: { cookie: cookieOf(organizer.auth) },
    });
    expect(curl.statusCode, curl.body).toBe(200);
    // reads are never refused for their origin
    expect((await app.inject({ method: 'GET', url: '/api/contests', headers: { origin: 'http://evil.example' } })).statusCode).toBe(200);
  });

  it('a login posted from another site is refused as well (no session is planted in the browser)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'http://evil.example' },
      payload: { login: organizer.phone, password: 'x' },
    });
    expectError(res, 403, 'CROSS_ORIGIN');
  });
});

describe('headers', () => {
  it('JSON answers: nosniff, a CSP that frames nothing, DENY, no-store, no HSTS over plain HTTP, a request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/contests', headers: organizer.auth });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // errors too
    const err = await app.inject({ method: 'GET', url: '/api/contests/999999' });
    expect(err.headers['x-content-type-options']).toBe('nosniff');
    expect(err.headers['cache-control']).toBe('no-store');
  });

  it('downloads carry nosniff and no-store', async () => {
    const { eventId } = await makeContest(t, organizer.auth);
    const csv = await app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations/export?format=csv`, headers: organizer.auth });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment/);
    expect(csv.headers['x-content-type-options']).toBe('nosniff');
    expect(csv.headers['cache-control']).toMatch(/no-store/);
  });

  it('HSTS only with COOKIE_SECURE=true (behind HTTPS)', async () => {
    const secure = await buildTestApp({ cookieSecure: true });
    const res = await secure.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('Swagger UI: its own CSP (scripts from itself only), never framed', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a trusted caller’s x-request-id is the log id (the page that made the call); anyone else’s is replaced', async () => {
    const mine = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'page-123e4567' } });
    expect(mine.headers['x-request-id']).toBe('page-123e4567');
    const remote = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'page-123e4567' },
      remoteAddress: '203.0.113.9',
    });
    expect(remote.headers['x-request-id']).not.toBe('page-123e4567');
    const junk = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'bad id <script>' } });
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('compression', () => {
  it('JSON over 1 KiB comes brotli- or gzip-compressed as the client asks, and decodes to the same answer', async () => {
    for (let i = 0; i < 8; i++) await makeContest(t, organizer.auth);
    const plain = await app.inject({ method: 'GET', url: '/api/contests?pageSize=50', headers: organizer.auth });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await app.inject({
      method: 'GET',
      url: '/api/contests?pageSize=50',
      headers: { ...organizer.auth, 'accept-encoding': 'br, gzip' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gz = await app.inject({
      method: 'GET',
      url: '/api/contests?pageSize=50',
      headers: { ...organizer.auth, 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    console.log(
      `GET /api/contests?pageSize=50: ${plain.rawPayload.length} B plain, ${gz.rawPayload.length} B gzip, ${br.rawPayload.length} B brotli`,
    );
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });
});
