/**
 * Member rosters on a 375 px phone (issue 16 item 2): a base union's organizer uploads a roster with an error — without
 * JavaScript — and sees the row; uploads the fixed file and sees the counts; an imported worker claims the account with
 * the code texted to the phone (read from the SMS outbox) and signs in with the roster's name.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { device, expectNoHorizontalScroll, logIn, residentId, textedCode, uniquePhone, withWrongCheck } from './support';

const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const PHONE = { width: 375, height: 812 };
const BASE_ORGANIZER = '13900000004'; // 无锡供电公司工会

test.use({ viewport: PHONE, hasTouch: true, isMobile: true });
test.describe.configure({ mode: 'serial' });

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}-375.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(shots, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize(PHONE);
}

async function phoneContext(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  return (await device(browser, { viewport: PHONE, javaScriptEnabled })).page;
}

const stamp = Date.now().toString(36).slice(-4);
const members = [
  { name: `名册甲${stamp}`, phone: uniquePhone(), idNumber: residentId('19870512') },
  { name: `名册乙${stamp}`, phone: uniquePhone(), idNumber: residentId('19910823') },
];
const csv = (rows: { name: string; phone: string; idNumber: string }[]) =>
  Buffer.from(
    '\uFEFF姓名,手机号,身份证号,工种代码,技能等级,会员\r\n' +
      rows.map((r) => `${r.name},${r.phone},${r.idNumber},,高级工,是`).join('\r\n') +
      '\r\n',
    'utf8',
  );

async function upload(page: Page, file: Buffer) {
  await page.getByLabel('名册文件').setInputFiles({ name: '会员名册.csv', mimeType: 'text/csv', buffer: file });
  await page.getByRole('button', { name: '上传并导入' }).click();
}

test('an organizer imports a roster: a bad row is shown by number, the fixed file imports (phone)', async ({ browser }) => {
  await test.step('without JavaScript: the bad check digit is refused with its row, nothing imported', async () => {
    const page = await phoneContext(browser, false);
    await logIn(page, BASE_ORGANIZER);
    await page.goto('/manage/people');
    await page.getByRole('link', { name: '导入会员名册' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '导入会员名册' })).toBeVisible();
    await expect(page.getByLabel('导入到的基层工会')).toHaveValue(/\d+/);
    await upload(page, csv([members[0]!, { ...members[1]!, idNumber: withWrongCheck(members[1]!.idNumber) }]));
    await expect(page.getByRole('alert')).toContainText('名册有 1 处问题');
    const problems = page.getByRole('table', { name: '名册中的问题（未导入任何数据）' });
    await expect(problems.getByRole('row').nth(1)).toContainText('2');
    await expect(problems.getByRole('row').nth(1)).toContainText('身份证号：校验位不对');
    await shoot(page, 'roster-errors');
    await expectNoHorizontalScroll(page);
    await page.context().close();
  });

  await test.step('the template downloads with its Chinese headers', async () => {
    const page = await phoneContext(browser);
    await logIn(page, BASE_ORGANIZER);
    await page.goto('/manage/people/roster');
    const href = await page.getByRole('link', { name: 'CSV 模板' }).getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('姓名,手机号,身份证号,工种代码,技能等级,会员');
    await expect(page.getByRole('link', { name: 'Excel 模板' })).toBeVisible();

    await upload(page, csv(members));
    await expect(page.getByRole('status').filter({ hasText: '导入完成' })).toContainText('新开户 2 人，更新 0 人，无变化 0 人');
    await shoot(page, 'roster-imported');
    // the same file again: nothing changes
    await upload(page, csv(members));
    await expect(page.getByRole('status').filter({ hasText: '导入完成' })).toContainText('新开户 0 人，更新 0 人，无变化 2 人');
    await page.context().close();
  });
});

test('an imported worker cannot log in until they claim the account with the texted code (phone)', async ({ page, request }) => {
  const worker = members[0]!;
  await page.goto('/login');
  await page.getByLabel('手机号').fill(worker.phone);
  await page.getByLabel('密码').fill('Anything-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toContainText('手机号或密码不正确');

  await page.goto('/signup');
  await page.getByLabel('姓名').fill('随便写的名字');
  await page.getByLabel('手机号').fill(worker.phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('status').filter({ hasText: '验证码已发送至' })).toBeVisible();
  const code = await textedCode(request, worker.phone);
  await page.getByLabel('短信验证码').fill(code);
  await page.getByLabel(/^密码/).fill('Roster-2026-claim');
  await page.getByLabel('确认密码').fill('Roster-2026-claim');
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  // the roster's name and resident ID, not what was typed at sign-up
  await expect(page.locator('#field-name')).toHaveValue(worker.name);
  await expect(page.locator('#field-idNumber')).toHaveValue(worker.idNumber);
  await shoot(page, 'roster-claimed-profile');
  await expectNoHorizontalScroll(page);

  await page.getByRole('button', { name: '退出', exact: true }).click();
  await logIn(page, worker.phone, 'Roster-2026-claim');
});
