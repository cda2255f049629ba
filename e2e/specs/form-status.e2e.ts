/**
 * A form's answer is where the eye is (issue 17, rough edges): on a 375 px phone the sign-up form's button is far below
 * its summary; when the server refuses the form (here: the phone number already has an account), the summary is
 * scrolled into view and takes the focus, so the person sees at once what went wrong with what they just sent.
 */
import { expect, test } from '@playwright/test';

test.use({ viewport: { width: 375, height: 640 }, isMobile: true, hasTouch: true });

test('a refused form brings its message into view and focus', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('姓名').fill('周师傅');
  // the demo worker's number: the API answers PHONE_TAKEN (or, checking the code first, BAD_CODE)
  await page.getByLabel('手机号').fill('13900000101');
  const code = page.getByLabel('短信验证码');
  if (await code.count()) await code.fill('000000');
  await page.getByLabel(/^密码/).fill('Zhou#Shifu2026');
  await page.getByLabel('确认密码').fill('Zhou#Shifu2026');
  const submit = page.getByRole('button', { name: '注册' });
  await submit.scrollIntoViewIfNeeded();
  const summary = page.locator('.form-status .notice');
  await expect(summary).toHaveCount(0);
  await submit.click();
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary).toBeInViewport();
  await expect(page.getByRole('alert')).toContainText('提交未成功，请修正标出的项目。');
});

test('a schema refusal from the API reaches the page in Chinese', async ({ page }) => {
  await page.goto('/signup');
  // the page allows 50 characters; a name pasted past the limit (the attribute gone) is refused by the API's schema
  await page.getByLabel('姓名').evaluate((input) => input.removeAttribute('maxlength'));
  await page.getByLabel('姓名').fill('周'.repeat(51));
  await page.getByLabel('手机号').fill(`139${String(Date.now()).slice(-8)}`);
  const code = page.getByLabel('短信验证码');
  if (await code.count()) await code.fill('000000');
  await page.getByLabel(/^密码/).fill('Zhou#Shifu2026');
  await page.getByLabel('确认密码').fill('Zhou#Shifu2026');
  await page.getByRole('button', { name: '注册' }).click();
  const field = page.getByLabel('姓名');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/太长（最多 50）/);
  await expect(page.locator('main')).not.toContainText(/must|characters|body\./);
});
