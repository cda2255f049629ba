import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, residentId, textedCode, uniquePhone, withWrongCheck } from './support';

const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');

test.use({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });

test('a new worker signs up, logs in, fills the profile, sees contests and switches language (phone)', async ({ page, request }) => {
  const phone = uniquePhone();
  const password = 'e2e-Passw0rd';
  const validId = residentId('19880612');

  await test.step('sign up', async () => {
    await page.goto('/signup');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: '注册职工账号' })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.getByLabel('姓名').fill('李工匠');
    await page.getByLabel('手机号').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByText(/验证码已发送至/)).toBeVisible();
    await page.getByLabel('短信验证码').fill(await textedCode(request, phone));
    await page.getByLabel(/^密码/).fill(password);
    await page.getByLabel('确认密码').fill(password);
    await page.getByRole('button', { name: '注册' }).click();
    // signed in at once
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
  });

  await test.step('log out and in again', async () => {
    await page.getByRole('button', { name: '退出', exact: true }).click();
    await page.goto('/login');
    await page.getByLabel('手机号').fill(phone);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
    await expectNoHorizontalScroll(page);
  });

  await test.step('fill the profile: an invalid resident ID is refused next to the field', async () => {
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '个人资料' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '个人资料' })).toBeVisible();
    await expectNoHorizontalScroll(page);

    const idField = page.getByLabel('居民身份证号');
    await idField.fill(withWrongCheck(validId));
    // too many unions for one list: type part of the name, the matches arrive as you type
    const employer = page.getByLabel('工作单位（基层工会）');
    await expect(employer.locator('option')).toHaveCount(1);
    await page.getByRole('searchbox', { name: '按名称查找组织' }).fill('供电');
    await expect(page.getByText(/找到 \d+ 个，请在下方选择/)).toBeVisible();
    await expect(employer.locator('option', { hasText: '无锡供电公司工会' })).toHaveCount(1);
    await page.locator('.org-picker').screenshot({ path: path.join(shots, 'profile-employer-search-375.png') });
    await employer.selectOption({ label: '无锡供电公司工会' });
    await page.getByLabel('工种').selectOption({ index: 1 });
    await page.getByLabel('职业技能等级').selectOption({ label: '四级/中级工' });
    await page.getByLabel('证书编号').fill('S2019320200001');
    await page.getByLabel('我是工会会员').check();
    await page.getByRole('button', { name: '保存资料' }).click();

    await expect(idField).toHaveAttribute('aria-invalid', 'true');
    await expect(idField).toHaveAccessibleDescription(/校验位不正确/);
    await expect(page.getByText('身份证号校验位不正确，请仔细核对。')).toBeVisible();
  });

  await test.step('a valid resident ID saves', async () => {
    const idField = page.getByLabel('居民身份证号');
    await idField.fill(validId);
    await page.getByRole('button', { name: '保存资料' }).click();
    await expect(page.getByRole('status').filter({ hasText: '个人资料已保存。' })).toBeVisible();
    await expect(idField).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('资料完整，可以报名')).toBeVisible();
    await expect(page.getByText('尚未达到高技能人才（三级/高级工及以上）')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('居民身份证号')).toHaveValue(validId);
    await expect(page.getByLabel('职业技能等级')).toHaveValue('intermediate');
  });

  await test.step('the home page lists published contests', async () => {
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '首页' }).click();
    const contests = page.getByRole('region', { name: '近期技能大赛' });
    await expect(contests.getByRole('article').first()).toBeVisible();
    expect(await contests.getByRole('article').count()).toBeGreaterThan(0);
    await expectNoHorizontalScroll(page);
  });

  await test.step('switch to English and back', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('region', { name: 'Upcoming contests' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Profile' })).toBeVisible();
    await expectNoHorizontalScroll(page);

    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('region', { name: '近期技能大赛' })).toBeVisible();
  });
});
