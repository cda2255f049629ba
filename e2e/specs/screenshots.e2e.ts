import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { expectNoHorizontalScroll } from './support';

/**
 * Screenshots of the main pages at phone and desktop widths in both languages, for review
 * (e2e/.artifacts/screenshots). Uses a demo worker from SEED=demo so the profile is filled in.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const DEMO_WORKER = { phone: '13900000101', password: 'Gongjiang@2026' };

async function shoot(page: Page, name: string) {
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

for (const width of [375, 1280]) {
  test(`screenshots at ${width}px`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width, height: width < 500 ? 812 : 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    for (const lang of ['zh', 'en'] as const) {
      if (lang === 'en') {
        await page.getByRole('button', { name: 'English' }).click();
        await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      }
      await page.goto('/');
      await shoot(page, `home-${lang}-${width}`);
      await page.context().clearCookies({ name: 'gj_access' });
      await page.context().clearCookies({ name: 'gj_refresh' });
      await page.goto('/login');
      await shoot(page, `login-${lang}-${width}`);
      await page.getByLabel(lang === 'zh' ? '手机号' : 'Mobile number').fill(DEMO_WORKER.phone);
      await page.getByLabel(lang === 'zh' ? '密码' : 'Password').fill(DEMO_WORKER.password);
      await page.getByRole('button', { name: lang === 'zh' ? '登录' : 'Log in' }).click();
      await expect(page).toHaveURL(/\/$/);
      await page.goto('/profile');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await shoot(page, `profile-${lang}-${width}`);
      await page.goto('/me/registrations');
      await shoot(page, `registrations-${lang}-${width}`);
    }
    await context.close();
  });
}
