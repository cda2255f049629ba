import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { buildTestApp, expectError } from './helper';
import { makeContest } from './fixtures';

/** The QR code a PNG shows, decoded as a phone's camera would (jsQR on the RGBA pixels). */
function qrOf(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}

const t = await buildTestApp();
const { app } = t;
const organizer = await t.user(['organizer'], t.orgs.district);
const { contestId, eventId } = await makeContest(t, organizer.auth, { event: { venue: '无锡技师学院实训楼三楼钳工车间' } });
const draft = await makeContest(t, organizer.auth, { publish: false });
const poster = (id: number, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: `/api/contests/${id}/poster.png`, headers });

describe('GET /api/contests/:id/poster.png — the share poster', () => {
  it('is a 750 px wide PNG for anyone, whose QR code opens the contest page on the origin the request reached', async () => {
    const res = await poster(contestId, { host: 'gongjiang.example.cn', 'x-forwarded-proto': 'https' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = res.rawPayload;
    const image = PNG.sync.read(png);
    expect(image.width).toBe(750);
    expect(image.height).toBeGreaterThan(900);
    // the injected request comes from loopback, a trusted proxy: X-Forwarded-Proto counts
    expect(qrOf(png)).toBe(`https://gongjiang.example.cn/contests/${contestId}`);
  });

  it('is 404 for a draft and for an unknown contest, and 400 for a malformed id', async () => {
    expectError(await poster(draft.contestId), 404, 'NOT_FOUND');
    expectError(await poster(draft.contestId, organizer.auth), 404, 'NOT_FOUND');
    expectError(await poster(999_999), 404, 'NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: '/api/contests/0/poster.png' })).statusCode).toBe(400);
  });

  it('answers 304 to its own ETag, and changes its ETag (and drawing) when the contest changes', async () => {
    const first = await poster(contestId);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['last-modified']).toBeTruthy();
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    const again = await poster(contestId, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect((await poster(contestId, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);

    const edit = await app.inject({
      method: 'PATCH',
      url: `/api/contests/${contestId}`,
      headers: organizer.auth,
      payload: { title: '第九届无锡市职工技能大赛暨“太湖工匠”选树活动钳工、电工、焊工、数控车工决赛' },
    });
    expect(edit.statusCode).toBe(200);
    const changed = await poster(contestId, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(Buffer.compare(changed.rawPayload, first.rawPayload)).not.toBe(0);
    // an event's change (its venue) is on the poster too
    const venue = await app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}`,
      headers: organizer.auth,
      payload: { venue: '无锡市职工服务中心' },
    });
    expect(venue.statusCode).toBe(200);
    expect((await poster(contestId, { 'if-none-match': changed.headers.etag as string })).statusCode).toBe(200);
  });

  it('is not drawn again for the same content: the same bytes come from the cache', async () => {
    const a = await poster(contestId);
    const b = await poster(contestId);
    expect(b.headers.etag).toBe(a.headers.etag);
    expect(Buffer.compare(a.rawPayload, b.rawPayload)).toBe(0);
  });

  it('is a 503 with a code, not a poster in boxes, when the server has no CJK font', async () => {
    const fontless = await t.anotherApp({ posterFont: '/nonexistent/NotoSansCJK-Regular.ttc' });
    const res = await fontless.inject({ method: 'GET', url: `/api/contests/${contestId}/poster.png` });
    expectError(res, 503, 'POSTER_FONT_MISSING');
    expect(res.json().message).toContain('fonts-noto-cjk');
  });
});
