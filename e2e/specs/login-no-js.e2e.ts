import { expect, test } from '@playwright/test';
import { registerWorker, residentId, textedCode, uniquePhone } from './support';

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
  await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
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

test('five wrong passwords lock that phone, and the login page says how long to wait', async ({ page, request }) => {
  const worker = await registerWorker(request, '锁定');
  await page.goto('/login');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('手机号').fill(worker.phone);
    await page.getByLabel('密码').fill(`wrong-password-${i}`);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toContainText('手机号或密码不正确');
  }
  await page.getByLabel('手机号').fill(worker.phone);
  await page.getByLabel('密码').fill(worker.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toContainText('该手机号密码错误次数过多，已暂停登录，请15分钟后再试');
  // a colleague behind the same address is not affected
  const colleague = await registerWorker(request, '同事');
  await page.getByLabel('手机号').fill(colleague.phone);
  await page.getByLabel('密码').fill(colleague.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
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

test('sign-up and profile forms check their fields on the server too (no JavaScript)', async ({ page, request }) => {
  await page.goto('/signup');
  await page.getByLabel('姓名').fill('服务端');
  await page.getByLabel('手机号').fill('12345');
  await page.getByLabel(/^密码/).fill('short');
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page.getByLabel('手机号')).toHaveAccessibleDescription(/请输入正确的 11 位手机号码/);
  await expect(page.getByLabel(/^密码/)).toHaveAccessibleDescription(/密码至少 8 位/);
  await expect(page.getByLabel('短信验证码')).toHaveAccessibleDescription(/请输入短信中的 6 位验证码/);
  await expect(page.getByLabel('姓名')).toHaveValue('服务端');

  // 获取验证码 is a second submit button of the same form: it works without JavaScript and keeps what was typed
  const phone = uniquePhone();
  await page.getByLabel('手机号').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(`验证码已发送至 ${phone.slice(0, 3)}****${phone.slice(7)}，10 分钟内有效。`)).toBeVisible();
  await expect(page.getByLabel('姓名')).toHaveValue('服务端');
  await page.getByLabel('短信验证码').fill(await textedCode(request, phone));
  await page.getByLabel(/^密码/).fill('12345678');
  await page.getByLabel('确认密码').fill('12345678');
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page.getByLabel(/^密码/)).toHaveAccessibleDescription(/连续的数字或字母/);
  await page.getByLabel(/^密码/).fill('e2e-Passw0rd');
  await page.getByLabel('确认密码').fill('e2e-Passw0rd');
  await page.getByRole('button', { name: '注册' }).click();
  // signed in at once, on to the profile
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();

  await page.getByLabel('居民身份证号').fill('32021119900101123');
  await page.getByRole('button', { name: '保存资料' }).click();
  const idField = page.getByLabel('居民身份证号');
  await expect(idField).toHaveAttribute('aria-invalid', 'true');
  await expect(idField).toHaveAccessibleDescription(/应为 18 位/);
  await expect(page.getByLabel('工作单位（基层工会）')).toHaveAccessibleDescription(/请选择工作单位/);
  await expect(page.getByRole('alert').filter({ hasText: '请修正标出的项目' })).toBeVisible();

  const id = residentId('19791231');
  await idField.fill(id);
  await page.getByLabel('工种').selectOption({ index: 2 });
  // the employer search without JavaScript: 查找 posts the form, which comes back as typed with the matches
  await page.getByRole('searchbox', { name: '按名称查找组织' }).fill('供电');
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByText(/找到 \d+ 个，请在下方选择/)).toBeVisible();
  await expect(idField).toHaveValue(id);
  await expect(page.getByLabel('工种')).not.toHaveValue('');
  await page.getByLabel('工作单位（基层工会）').selectOption({ label: '无锡供电公司工会' });
  await page.getByRole('button', { name: '保存资料' }).click();
  await expect(page.getByRole('status').filter({ hasText: '个人资料已保存。' })).toBeVisible();
  await expect(page.getByText('资料完整，可以报名')).toBeVisible();
});
