import { expect, test, type Page } from '@playwright/test';
import { registerWorker } from './support';

/** Every control a thumb has to hit is at least 44 × 44 CSS px (inline links in running text excepted). */
async function expectTapTargets(page: Page) {
  const { checked, small } = await page.evaluate(() => {
    const targets = [
      ...document.querySelectorAll<HTMLElement>('a, button, select, input:not([type=hidden]):not([type=checkbox]), label.check'),
    ]
      .filter((el) => el.offsetParent !== null && !el.closest('p'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0);
    return {
      checked: targets.length,
      small: targets
        .filter(({ r }) => r.height < 44 || r.width < 44)
        .map(
          ({ el, r }) =>
            `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
        ),
    };
  });
  expect(checked).toBeGreaterThan(4);
  expect(small).toEqual([]);
}

test.use({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });

test('keyboard: the skip link comes first and lands on the main content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到主要内容' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
});

test('keyboard: the language switch works from the keyboard', async ({ page }) => {
  await page.goto('/contests');
  await page.getByRole('button', { name: 'English' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/contests$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Skills contests' })).toBeVisible();
});

test('tap targets on a phone are at least 44 px', async ({ page, request }) => {
  const worker = await registerWorker(request);
  for (const path of ['/', '/contests', '/login', '/signup']) {
    await page.goto(path);
    await expectTapTargets(page);
  }
  await page.getByRole('link', { name: '直接登录' }).click();
  await page.getByLabel('手机号').fill(worker.phone);
  await page.getByLabel('密码').fill(worker.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
  for (const path of ['/', '/profile', '/me/registrations']) {
    await page.goto(path);
    await expectTapTargets(page);
  }
});
