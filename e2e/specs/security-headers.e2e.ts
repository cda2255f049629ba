import { expect, test, type Browser, type Page } from '@playwright/test';
import { logIn } from './support';

/**
 * The pages under their Content-Security-Policy: a walk through the main pages as a visitor, a worker, an
 * organizer and a judge — the dashboard's charts and the judge's scoring sheet included — with no CSP
 * violation and no console error; Swagger UI works under its own policy and cannot be framed; signed-in
 * pages are never stored; HTML is compressed; every page says it is the demo.
 */
interface Problems {
  list: string[];
}

async function watchedPage(browser: Browser): Promise<{ page: Page; problems: Problems }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const problems: Problems = { list: [] };
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.list.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.list.push(`${page.url()}: ${err.message}`));
  return { page, problems };
}

async function visit(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(400);
  await page.waitForLoadState('networkidle');
  const headers = res!.headers();
  expect(headers['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
  return headers;
}

/** The first link on the page whose path matches. */
async function firstLink(page: Page, pattern: RegExp): Promise<string> {
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link like ${pattern} on ${page.url()}`).toBeTruthy();
  return href!;
}

test('no CSP violation or console error across the main pages, as visitor, worker, organizer and judge', async ({ browser }) => {
  test.setTimeout(180_000);
  const visitor = await watchedPage(browser);
  for (const path of ['/', '/contests', '/trainings', '/login', '/signup', '/verify']) {
    const headers = await visit(visitor.page, path);
    expect(headers['cache-control'], path).toBeUndefined();
  }
  await visit(visitor.page, '/contests');
  await visit(visitor.page, await firstLink(visitor.page, /^\/contests\/\d+$/));
  await expect(visitor.page.getByRole('note').filter({ hasText: '演示数据' })).toBeVisible();

  const worker = await watchedPage(browser);
  await logIn(worker.page, '13900000101');
  for (const path of ['/', '/profile', '/me/registrations', '/me/skills', '/contests']) {
    const headers = await visit(worker.page, path);
    expect(headers['cache-control'], `${path} signed in`).toBe('no-store');
  }

  const organizer = await watchedPage(browser);
  await logIn(organizer.page, '13900000002');
  for (const path of [
    '/manage/dashboard',
    '/manage/contests',
    '/manage/trainings',
    '/manage/promotions',
    '/manage/people',
    '/manage/audit',
  ]) {
    const headers = await visit(organizer.page, path);
    expect(headers['cache-control'], path).toBe('no-store');
  }
  await visit(organizer.page, '/manage/contests');
  await visit(organizer.page, await firstLink(organizer.page, /^\/manage\/contests\/\d+$/));
  await visit(organizer.page, '/manage/trainings');
  await visit(organizer.page, await firstLink(organizer.page, /^\/manage\/trainings\/\d+$/));

  const judge = await watchedPage(browser);
  await logIn(judge.page, '13900000011');
  await visit(judge.page, '/judging');
  await visit(judge.page, await firstLink(judge.page, /^\/judging\/events\/\d+$/));
  await expect(judge.page.getByRole('note').filter({ hasText: '演示数据' })).toBeVisible();

  expect([...visitor.problems.list, ...worker.problems.list, ...organizer.problems.list, ...judge.problems.list]).toEqual([]);
});

test('Swagger UI works under its own policy and cannot be framed, even by this site', async ({ browser, baseURL }) => {
  const { page, problems } = await watchedPage(browser);
  const res = await page.goto('/api/docs/');
  expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Gongjiang');
  expect(problems.list).toEqual([]);

  await page.goto('/');
  await page.evaluate((url) => {
    const frame = document.createElement('iframe');
    frame.src = url;
    frame.id = 'docs-frame';
    document.body.append(frame);
  }, `${baseURL}/api/docs/`);
  await page.waitForTimeout(1000);
  const framed = page.frameLocator('#docs-frame');
  await expect(framed.locator('.swagger-ui')).toHaveCount(0);
});

test('HTML and JSON are compressed; static files and downloads say nosniff', async ({ request }) => {
  const plain = await request.get('/contests', { headers: { 'accept-encoding': 'identity' } });
  const br = await request.fetch('/contests', { headers: { 'accept-encoding': 'br' } });
  expect(br.headers()['content-encoding']).toBe('br');
  const gz = await request.fetch('/contests', { headers: { 'accept-encoding': 'gzip' } });
  expect(gz.headers()['content-encoding']).toBe('gzip');
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect((await br.text()).length).toBeGreaterThan(1000);
  const json = await request.get('/api/contests?pageSize=50', { headers: { 'accept-encoding': 'br' } });
  expect(json.headers()['content-encoding']).toBe('br');
  const asset = /_app\/immutable\/[^"'\s>]+\.js/.exec(await plain.text())?.[0];
  expect(asset).toBeTruthy();
  const file = await request.get(`/${asset}`);
  expect(file.status()).toBe(200);
  expect(file.headers()['x-content-type-options']).toBe('nosniff');
});
