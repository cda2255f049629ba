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

/**
 * Text contrast (WCAG 1.4.3): every visible piece of text against the background it is drawn on — at least 4.5:1, or 3:1
 * for large text (24 px, or 18.67 px bold). The background is the nearest ancestor's opaque background colour; text over
 * an image or a gradient is listed apart and not judged.
 */
async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) =>
      [r!, g!, b!]
        .map((v) => v / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const ratio = (a: number[], b: number[]) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x! + 0.05) / (y! + 0.05);
    };
    /** the colour behind `el`: the first ancestor's opaque background (null over an image) */
    const behind = (el: Element | null): number[] | null => {
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== 'none') return null;
        const c = rgb(s.backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! >= 1)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || el.closest('[aria-hidden="true"], .sr-only, [disabled]'))
        continue;
      if (Number(s.opacity) < 1) continue;
      const bg = behind(el);
      if (!bg) continue;
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      const got = ratio(rgb(s.color).slice(0, 3), bg);
      if (got < (large ? 3 : 4.5))
        out.push(`${el.tagName.toLowerCase()}.${el.className} "${n.textContent.trim().slice(0, 16)}" ${got.toFixed(2)}:1`);
    }
    return out;
  });
}

test('text contrast is at least 4.5:1 (3:1 large) on the pages people read', async ({ page }) => {
  const seen: string[] = [];
  const check = async (path: string) => {
    await page.goto(path);
    seen.push(...(await lowContrast(page)).map((s) => `${path}: ${s}`));
  };
  for (const path of ['/', '/contests', '/trainings', '/login', '/verify', '/no-such-page']) await check(path);
  await page
    .getByRole('link', { name: '直接登录' })
    .or(page.getByRole('link', { name: '登录' }).first())
    .first()
    .click();
  await page.getByLabel('手机号').fill('13900000002');
  await page.getByLabel('密码').fill('Gongjiang@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
  for (const path of ['/manage/dashboard', '/manage/contests', '/manage/promotions', '/manage/audit']) await check(path);
  expect(seen).toEqual([]);
});
