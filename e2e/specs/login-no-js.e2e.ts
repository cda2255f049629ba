import { expect, test } from '@playwright/test';
import { registerWorker } from './support';

test.use({ javaScriptEnabled: false });

test('the login page works without JavaScript', async ({ page, request }) => {
  const worker = await registerWorker(request, '无脚本');

  await page.goto('/login');
  await page.getByLabel('手机号').fill(worker.phone);
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toContainText('手机号或密码不正确');
  await expect(page.getByLabel('手机号')).toHaveValue(worker.phone);

  await page.getByLabel('密码').fill(worker.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  await expect(page.getByText('无脚本，您好')).toBeVisible();

  // the session cookies are httpOnly: invisible to page scripts
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'gj_access')?.httpOnly).toBe(true);
  expect(cookies.find((c) => c.name === 'gj_refresh')?.httpOnly).toBe(true);

  // logout and the language switch are plain forms too
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' }).first()).toBeVisible();
});

test('pages that need a session send anonymous visitors to log in and back', async ({ page, request }) => {
  const worker = await registerWorker(request);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprofile/);
  await page.getByLabel('手机号').fill(worker.phone);
  await page.getByLabel('密码').fill(worker.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1, name: '个人资料' })).toBeVisible();
});
