import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { api, contestDates, login, publishedContest } from './support';

/**
 * Sharing a contest (issue 17 item 4) on a 375 px phone: the page carries Open Graph tags with absolute URLs, 分享海报
 * downloads a PNG poster whose QR code opens this very page, and 复制链接 copies its URL. Screenshots of the poster and
 * the page at 375 and 1280 px: e2e/.artifacts/screenshots/share-*.png.
 */
const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const ORGANIZER = '13900000003'; // 梁溪区总工会

function qrOf(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}

test('a contest page shares itself: Open Graph tags, a poster whose QR opens the page, a link to copy', async ({
  browser,
  request,
  baseURL,
}) => {
  const organizer = await login(request, ORGANIZER);
  const trades = await api(request, 'listTrades', {});
  const welder = trades.find((t) => t.name === '焊工') ?? trades[0]!;
  const stamp = Date.now().toString(36).toUpperCase();
  const { contest } = await publishedContest(
    request,
    organizer,
    {
      title: `梁溪区第五届职工焊工技能竞赛暨“梁溪工匠”选拔赛 ${stamp}`,
      tier: 'district',
      inPlan: true,
      venue: '梁溪区职工技能实训基地',
      days: [-1, 10, 20, 21],
    },
    { tradeId: welder.id, capacity: 40, targetLevel: 'senior' },
  );
  const pageUrl = `${baseURL}/contests/${contest.id}`;

  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const page = await context.newPage();
  await page.goto(`/contests/${contest.id}`);

  // Open Graph: what a chat shows for the link, every URL absolute
  const meta = (key: string) => page.locator(`meta[property="${key}"], meta[name="${key}"]`).first().getAttribute('content');
  expect(await meta('og:title')).toBe(contest.title);
  expect(await meta('og:url')).toBe(pageUrl);
  expect(await meta('og:image')).toBe(`${baseURL}/api/contests/${contest.id}/poster.png`);
  expect(await meta('og:type')).toBe('website');
  expect(await meta('og:locale')).toBe('zh_CN');
  expect(await meta('twitter:card')).toBe('summary_large_image');
  const description = await meta('og:description');
  expect(description).toContain('梁溪区总工会');
  expect(description).toContain('焊工');
  expect(description).toContain('北京时间');
  expect(await meta('description')).toBe(description);
  await expect(page.locator('meta[name="description"]')).toHaveCount(1);
  // the image the tags name is there for anyone (no cookie)
  const image = await request.get((await meta('og:image'))!, { headers: { cookie: '' } });
  expect(image.status()).toBe(200);

  // 分享海报: a download named after the contest, a 750 px PNG whose QR code opens this page
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '分享海报' }).click()]);
  expect(download.suggestedFilename()).toBe(`contest-${contest.id}-poster.png`);
  const poster = fs.readFileSync((await download.path())!);
  expect(PNG.sync.read(poster).width).toBe(750);
  expect(qrOf(poster)).toBe(pageUrl);
  fs.mkdirSync(shots, { recursive: true });
  fs.writeFileSync(path.join(shots, 'share-poster.png'), poster);

  // 复制链接: copies the page's URL and says so
  await page.getByRole('link', { name: '复制链接' }).click();
  await expect(page.getByRole('status').filter({ hasText: '链接已复制' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pageUrl);
  await page.screenshot({ path: path.join(shots, 'share-contest-375.png'), fullPage: true });

  const desktop = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await desktop.goto(`/contests/${contest.id}`);
  await expect(desktop.getByRole('link', { name: '分享海报' })).toBeVisible();
  await desktop.screenshot({ path: path.join(shots, 'share-contest-1280.png'), fullPage: true });
  await desktop.close();
  await context.close();
});

test('without JavaScript 复制链接 is a plain link to the page; a draft shares nothing', async ({ browser, request, baseURL }) => {
  const organizer = await login(request, ORGANIZER);
  const trades = await api(request, 'listTrades', {});
  const { contest } = await publishedContest(
    request,
    organizer,
    { title: `无脚本分享 ${Date.now().toString(36)}`, tier: 'district', inPlan: false, days: [-1, 10, 20, 21] },
    { tradeId: trades[0]!.id, capacity: 10 },
  );
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/contests/${contest.id}`);
  await page.getByRole('link', { name: '复制链接' }).click();
  await expect(page).toHaveURL(`${baseURL}/contests/${contest.id}`);
  await context.close();

  // a draft: its organizer sees the page, but nothing invites sharing it and the poster is not there
  const draft = await api(
    request,
    'createContest',
    { body: { title: '草稿比赛', tier: 'district', inPlan: false, orgId: organizer.user.orgId!, ...contestDates(1, 10, 20, 21) } },
    organizer,
  );
  expect((await request.get(`/api/contests/${draft.id}/poster.png`)).status()).toBe(404);
});
