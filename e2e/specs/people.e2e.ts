import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, logIn, uniquePhone } from './support';

/**
 * Accounts (人员账号): the city organizer finds accounts in the subtree and opens a judge's account on a phone —
 * the employer found by name in the organisation picker — and the new judge logs in and has the judging area.
 * Refusals land next to their field. Screenshots: e2e/.artifacts/screenshots/people-*.png.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const CITY_ORGANIZER = '13900000002';
const EMPLOYER = '中国船舶重工集团公司第七〇二研究所工会';

test.use({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });

test('an organizer finds accounts and opens a judge’s account on a phone; the judge logs in to the judging area', async ({
  page,
  browser,
}) => {
  await logIn(page, CITY_ORGANIZER);
  await page.goto('/manage/dashboard');
  await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '人员' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '人员账号' })).toBeVisible();

  // find the demo's judges: role filter and a name
  await page.getByLabel('角色').selectOption({ label: '裁判' });
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/role=judge/);
  await expect(page.getByText('顾志强')).toBeVisible();
  await expect(page.locator('.accounts li').first()).toContainText('裁判');
  await expect(page.locator('.accounts .phone').first()).toHaveText(/^1\d{2}\*{4}\d{4}$/);
  await expectNoHorizontalScroll(page);

  // a new judge: the employer is found by name (the city has too many unions for one list)
  const phone = uniquePhone();
  const form = page.locator('#new-account');
  await form.getByLabel('姓名').fill('沈建华');
  await form.getByLabel('手机号').fill(phone);
  await form.getByLabel('初始密码').fill('Judge-2026!');
  await expect(form.getByLabel('裁判')).toBeChecked();
  await form.getByRole('searchbox', { name: '按名称查找组织' }).fill('七〇二');
  await expect(form.getByText(/找到 1 个/)).toBeVisible();
  await expect(form.getByLabel('所属组织')).toHaveValue(/\d+/);
  await expect(form.getByLabel('所属组织').locator('option:checked')).toHaveText(EMPLOYER);
  await form.locator('.org-picker').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(dir, 'people-new-375.png'), fullPage: true });
  await form.getByRole('button', { name: '创建账号' }).click();
  await expect(form.getByRole('status')).toContainText('已创建账号：沈建华');
  await expect(form.getByLabel('姓名')).toHaveValue('');

  // the same phone again is refused next to the phone field; a judge at a district union next to the organisation
  await form.getByLabel('姓名').fill('沈建华');
  await form.getByLabel('手机号').fill(phone);
  await form.getByLabel('初始密码').fill('Judge-2026!');
  await form.getByRole('searchbox', { name: '按名称查找组织' }).fill('七〇二');
  await expect(form.getByText(/找到 1 个/)).toBeVisible();
  await form.getByRole('button', { name: '创建账号' }).click();
  await expect(form.getByLabel('手机号')).toHaveAccessibleDescription(/这个手机号已有账号/);
  await form.getByLabel('手机号').fill(uniquePhone());
  await form.getByLabel('初始密码').fill('Judge-2026!');
  await form.getByLabel('所属组织').selectOption({ label: '\u3000梁溪区总工会' });
  await form.getByRole('button', { name: '创建账号' }).click();
  await expect(form.getByLabel('所属组织')).toHaveAccessibleDescription(/职工和裁判须属于基层工会/);

  // the new account is in the list
  await page.goto(`/manage/people?q=${encodeURIComponent('沈建华')}`);
  const row = page.locator('.accounts li').filter({ hasText: '沈建华' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(EMPLOYER);
  await expect(row).toContainText('裁判');

  // the judge logs in on their own phone and has the judging area
  const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
  const judge = await ctx.newPage();
  await logIn(judge, phone, 'Judge-2026!');
  await expect(judge.getByRole('link', { name: '评分' }).first()).toBeVisible();
  await ctx.close();

  // the judge leaves: the organizer disables the account, which can no longer log in
  await row.getByRole('button', { name: '停用 沈建华 的账号' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已停用 沈建华 的账号' })).toBeVisible();
  await expect(row).toContainText('已停用');
  const again = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
  const gone = await again.newPage();
  await gone.goto('/login');
  await gone.getByLabel('手机号').fill(phone);
  await gone.getByLabel('密码').fill('Judge-2026!');
  await gone.getByRole('button', { name: '登录' }).click();
  await expect(gone.getByText('手机号或密码不正确')).toBeVisible();
  await again.close();
  await row.getByRole('button', { name: '启用 沈建华 的账号' }).click();
  await expect(row).not.toContainText('已停用');
});

test('the accounts page at 1280 px', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await logIn(page, CITY_ORGANIZER);
  await page.goto('/manage/people');
  await expect(page.getByRole('heading', { level: 1, name: '人员账号' })).toBeVisible();
  await expect(page.locator('.accounts li')).toHaveCount(20);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: path.join(dir, 'people-1280.png'), fullPage: false });
});
