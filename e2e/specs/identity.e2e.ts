/**
 * Trustworthy accounts on a 375 px phone (issue 12): signing up with the code texted to the phone (read, as the demo
 * has it, from the admin's SMS outbox page), forgetting the password and resetting it, changing it and logging out
 * everywhere, an organizer's reset code at the union's counter, and a worker with a certificate whose name and
 * resident ID are on record.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import {
  api,
  DEMO_ADMIN,
  device,
  expectNoHorizontalScroll,
  login,
  logIn,
  registerWorker,
  residentId,
  uniquePhone,
  withWrongCheck,
} from './support';

const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const PHONE = { width: 375, height: 812 };
const BASE_ORGANIZER = '13900000004'; // 无锡供电公司工会
const CITY_ORGANIZER = '13900000002';
const DAY = 86_400_000;

test.use({ viewport: PHONE, hasTouch: true, isMobile: true });
test.describe.configure({ mode: 'serial' });

/** The page at 375 px and at 1280 px (then back to the phone). */
async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}-375.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(shots, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize(PHONE);
}

async function phoneContext(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  return (await device(browser, { viewport: PHONE, javaScriptEnabled })).page;
}

/**
 * The newest code for `phone` on the admin's SMS outbox page, read from the message as the phone would show it. The
 * text goes out just after the API answers: the page is reloaded until the newest message is the one for `purpose`.
 */
async function codeFromOutboxPage(admin: Page, phone: string, purpose: '注册' | '重置密码'): Promise<string> {
  let code: string | undefined;
  await expect(async () => {
    await admin.goto(`/admin/sms-outbox?phone=${phone}`);
    await expect(admin.getByRole('heading', { level: 1, name: '短信发件箱' })).toBeVisible();
    const newest = admin.getByRole('listitem').first();
    await expect(newest).toContainText(phone, { timeout: 500 });
    await expect(newest).toContainText(purpose, { timeout: 500 });
    code = /【工匠】验证码 (\d{6})，/.exec((await newest.textContent()) ?? '')?.[1];
    expect(code).toBeTruthy();
  }).toPass({ timeout: 10_000 });
  return code!;
}

/** A complete worker profile at 无锡供电公司工会 (电工, 中级工), through the API. */
async function completeProfile(request: APIRequestContext, worker: { phone: string; password: string; name: string }) {
  const session = await login(request, worker.phone, worker.password);
  const orgs = await api(request, 'listOrgs', { query: { q: '无锡供电公司工会' } }, session);
  const trades = await api(request, 'listTrades', {});
  const idNumber = residentId('19860321', 100 + (Date.now() % 800));
  await api(
    request,
    'updateMyProfile',
    {
      body: {
        name: worker.name,
        idNumber,
        employerOrgId: orgs.find((o) => o.name === '无锡供电公司工会')!.id,
        tradeId: trades.find((t) => t.name === '电工')!.id,
        skillLevel: 'intermediate',
        certificateNo: null,
        unionMember: true,
      },
    },
    session,
  );
  return { session, idNumber, tradeId: trades.find((t) => t.name === '电工')!.id };
}

/** The worker of the first test, who forgets the password in the last one. */
const phone = uniquePhone();

test('a worker signs up with the texted code, changes the password and logs out everywhere (phone)', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const admin = await phoneContext(browser);
  await logIn(admin, DEMO_ADMIN);

  await test.step('sign up with the code from the outbox', async () => {
    await page.goto('/signup');
    await expect(page.getByText('演示环境不发送真实短信')).toBeVisible();
    await page.getByLabel('姓名').fill('周师傅');
    await page.getByLabel('手机号').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByRole('status').filter({ hasText: '验证码已发送至' })).toBeVisible();
    // asking again at once: the wait is said next to the phone
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByLabel('手机号')).toHaveAccessibleDescription(/获取验证码太频繁，请 \d+ 秒后再试/);

    const code = await codeFromOutboxPage(admin, phone, '注册');
    await shoot(admin, 'sms-outbox');
    await expectNoHorizontalScroll(admin);

    await page.getByLabel('短信验证码').fill(code.slice(0, 5) + ((Number(code[5]) + 1) % 10));
    await page.getByLabel(/^密码/).fill('Zhou-2026-first');
    await page.getByLabel('确认密码').fill('Zhou-2026-first');
    await page.getByRole('button', { name: '注册' }).click();
    await expect(page.getByLabel('短信验证码')).toHaveAccessibleDescription(/验证码不正确/);
    await page.getByLabel('短信验证码').fill(code);
    await page.getByLabel(/^密码/).fill('Zhou-2026-first');
    await page.getByLabel('确认密码').fill('Zhou-2026-first');
    await shoot(page, 'signup-code');
    await expectNoHorizontalScroll(page);
    await page.getByRole('button', { name: '注册' }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
  });

  await test.step('change it in the profile: the other device is logged out, this one carries on', async () => {
    const laptop = await phoneContext(browser);
    await logIn(laptop, phone, 'Zhou-2026-first');
    await page.goto('/profile');
    const security = page.getByRole('region', { name: '账号安全' });
    await security.getByLabel('当前密码').fill('Zhou-2026-first');
    await security.getByLabel(/^新密码/).fill('Zhou-2026-second');
    await security.getByLabel('确认新密码').fill('Zhou-2026-second');
    await security.getByRole('button', { name: '修改密码' }).click();
    await expect(security.getByRole('status')).toContainText('密码已修改。其他设备上的登录已全部退出。');
    await security.screenshot({ path: path.join(shots, 'profile-security-375.png') });
    await shoot(page, 'profile-security');
    // this browser keeps its (new) session; the other one has to log in again
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: '个人资料' })).toBeVisible();
    await laptop.goto('/profile');
    await expect(laptop).toHaveURL(/\/login\?redirectTo=%2Fprofile/);
    await laptop.context().close();
  });

  await test.step('退出所有设备', async () => {
    await page.getByRole('region', { name: '账号安全' }).getByRole('button', { name: '退出所有设备' }).click();
    await expect(page).toHaveURL(/\/login\?loggedOutAll=1/);
    await expect(page.getByRole('status').filter({ hasText: '已退出所有设备，请重新登录。' })).toBeVisible();
    await page.goto('/profile');
    await expect(page).toHaveURL(/\/login\?redirectTo/);
    await logIn(page, phone, 'Zhou-2026-second');
  });
  await admin.context().close();
});

test("an organizer gives a worker a reset code at the union's counter; the worker resets the password with it (phone)", async ({
  page,
  browser,
  request,
}) => {
  const name = `柜台${Date.now().toString(36).slice(-4)}`;
  const worker = await registerWorker(request, name);
  await completeProfile(request, worker);

  const organizer = await phoneContext(browser);
  await logIn(organizer, BASE_ORGANIZER);
  let code = '';
  await test.step('the organizer makes the code; it is shown once', async () => {
    await organizer.goto(`/manage/people?q=${encodeURIComponent(name)}`);
    await organizer.getByRole('button', { name: `为${name}生成密码重置码` }).click();
    const shown = organizer.getByRole('status').filter({ hasText: `${name}的重置码` });
    await expect(shown).toContainText('只在这里显示这一次');
    code = /\d{8}/.exec((await shown.textContent()) ?? '')![0];
    await organizer
      .getByRole('listitem')
      .filter({ has: shown })
      .screenshot({ path: path.join(shots, 'people-reset-code-row-375.png') });
    await shoot(organizer, 'people-reset-code');
    await expectNoHorizontalScroll(organizer);
    await organizer.reload();
    await expect(organizer.getByText(code)).toHaveCount(0);
  });

  await test.step('the worker uses it under 忘记密码', async () => {
    await page.goto('/forgot-password');
    await expect(page.getByText('所在工会的工作人员可以为您生成 8 位重置码')).toBeVisible();
    await page.getByLabel('手机号').fill(worker.phone);
    await page.getByLabel('验证码或重置码').fill(code);
    await page.getByLabel(/^新密码/).fill('Counter-2026-new');
    await page.getByLabel('确认新密码').fill('Counter-2026-new');
    await page.getByRole('button', { name: '重置密码' }).click();
    await expect(page).toHaveURL(/\/login\?reset=1/);
    await logIn(page, worker.phone, 'Counter-2026-new');
  });
  await organizer.context().close();
});

test('a worker with a certificate finds name and resident ID read-only; the certificate is found by number and name; an organizer corrects the name (phone)', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const name = `证书${Date.now().toString(36).slice(-4)}`;
  const worker = await registerWorker(request, name);
  const { session, idNumber, tradeId } = await completeProfile(request, worker);

  // a class whose two sessions are over, completed by the city organizer: a certificate (and a promotion)
  const organizer = await login(request, CITY_ORGANIZER);
  const [federation] = await api(request, 'listOrgs', { query: { kind: 'federation' } }, organizer);
  const now = Date.now();
  const created = await api(
    request,
    'createTraining',
    {
      body: {
        title: `电工（高级）证书班 ${name}`,
        tradeId,
        targetLevel: 'senior',
        orgId: federation!.id,
        capacity: 10,
        enrolOpensAt: new Date(now - 3 * DAY).toISOString(),
        enrolClosesAt: new Date(now + DAY).toISOString(),
        sessions: [
          { startsAt: new Date(now - 2 * DAY).toISOString(), endsAt: new Date(now - 2 * DAY + 3 * 3600_000).toISOString() },
          { startsAt: new Date(now - DAY).toISOString(), endsAt: new Date(now - DAY + 3 * 3600_000).toISOString() },
        ],
      },
    },
    organizer,
  );
  const enrolment = await api(request, 'enrol', { params: { id: created.id } }, session);
  const detail = await api(request, 'getTraining', { params: { id: created.id } });
  for (const s of detail.sessions) {
    await api(
      request,
      'recordAttendance',
      { params: { id: created.id, sessionId: s.id }, body: [{ enrolmentId: enrolment.id, status: 'present' }] },
      organizer,
    );
  }
  await api(
    request,
    'saveExamScores',
    { params: { id: created.id }, body: [{ enrolmentId: enrolment.id, theory: 85, practical: 90 }] },
    organizer,
  );
  await api(request, 'completeTraining', { params: { id: created.id } }, organizer);
  const [certificate] = await api(request, 'listMyCertificates', {}, session);

  await test.step('the profile shows name and resident ID read-only, and why', async () => {
    await logIn(page, worker.phone, worker.password);
    await page.goto('/profile');
    await expect(page.getByText('姓名和身份证号已锁定')).toBeVisible();
    await expect(page.getByText(/姓名和身份证号已按记录锁定，不能在这里修改。如需更正，请联系所在工会/)).toBeVisible();
    await expect(page.getByLabel('姓名')).toHaveValue(name);
    await expect(page.getByLabel('姓名')).not.toBeEditable();
    await expect(page.getByLabel('姓名')).toHaveAccessibleDescription(/已按记录锁定；如需更正，请联系所在工会/);
    await expect(page.getByLabel('居民身份证号')).toHaveValue(idNumber);
    await expect(page.getByLabel('居民身份证号')).not.toBeEditable();
    await expect(page.getByLabel('居民身份证号')).toHaveAccessibleDescription(/已按记录锁定/);
    await page.getByRole('group', { name: '身份信息' }).screenshot({ path: path.join(shots, 'profile-identity-locked-fields-375.png') });
    await shoot(page, 'profile-identity-locked');
    await expectNoHorizontalScroll(page);
    // the other fields still save
    await page.getByLabel('我是工会会员').uncheck();
    await page.getByRole('button', { name: '保存资料' }).click();
    await expect(page.getByRole('status').filter({ hasText: '个人资料已保存。' })).toBeVisible();
  });

  await test.step('the certificate is found by its number and the holder’s name, not by the number with another name', async () => {
    await page.goto('/verify');
    await page.getByLabel('证书编号').fill(certificate!.certificateNo);
    await page.getByLabel('持证人姓名').fill('王五');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('没有找到与这个编号和姓名相符的证书');
    await page.getByLabel('证书编号').fill(certificate!.certificateNo);
    await page.getByLabel('持证人姓名').fill(name);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect(page).toHaveURL(/\/verify\/[\w-]+$/);
    await expect(page.getByText('证书真实有效')).toBeVisible();
    await expect(page.getByText(certificate!.certificateNo)).toBeVisible();
    await expect(page.getByText(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`, { exact: false })).toBeVisible();
    await shoot(page, 'verify-by-number');
    await expectNoHorizontalScroll(page);
  });

  await test.step('the organizer corrects the name, with the reason (no JavaScript); the certificate keeps the name it was issued with', async () => {
    const organizer = await phoneContext(browser, false);
    await logIn(organizer, BASE_ORGANIZER);
    await organizer.goto(`/manage/people?q=${encodeURIComponent(name)}`);
    const row = organizer.getByRole('listitem').filter({ hasText: name });
    // mid-screen, clear of the fixed bottom navigation, for the picture of the closed row
    await row.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await row.screenshot({ path: path.join(shots, 'people-identity-closed-row-375.png') });
    await row.getByText('更正身份信息').click();
    const corrected = `${name}明`;
    await row.getByLabel('姓名').fill(corrected);
    await row.getByRole('button', { name: `保存对${name}身份信息的更正` }).click();
    // no reason: refused, the form stays open with what was typed
    await expect(row.getByLabel(/^更正原因/)).toHaveAccessibleDescription(/请填写更正原因/);
    await expect(row.getByLabel('姓名')).toHaveValue(corrected);
    await row.getByLabel('居民身份证号').fill(withWrongCheck(idNumber));
    await row.getByLabel(/^更正原因/).fill('核对身份证原件，姓名漏录一字');
    await row.getByRole('button', { name: `保存对${name}身份信息的更正` }).click();
    await expect(row.getByLabel('居民身份证号')).toHaveAccessibleDescription(/校验位不正确/);
    await row.getByLabel('居民身份证号').fill('');
    await shoot(organizer, 'people-identity-correction');
    await expectNoHorizontalScroll(organizer);
    await row.getByRole('button', { name: `保存对${name}身份信息的更正` }).click();
    await expect(organizer.getByRole('status').filter({ hasText: `已更正${corrected}的身份信息` })).toContainText(
      `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`,
    );
    await organizer.context().close();

    await page.goto('/profile');
    await expect(page.getByLabel('姓名')).toHaveValue(corrected);
    await expect(page.getByLabel('姓名')).not.toBeEditable();
    // the certificate answers to the name it was issued with (shown masked), not to the corrected one
    await page.goto('/verify');
    await page.getByLabel('证书编号').fill(certificate!.certificateNo);
    await page.getByLabel('持证人姓名').fill(corrected);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('没有找到与这个编号和姓名相符的证书');
    await page.getByLabel('证书编号').fill(certificate!.certificateNo);
    await page.getByLabel('持证人姓名').fill(name);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect(page.getByText('证书真实有效')).toBeVisible();
    const issuedName = `${name[0]}${'*'.repeat(name.length - 2)}${name.at(-1)}`;
    await expect(page.getByText(`${issuedName}（${idNumber.slice(0, 6)}********${idNumber.slice(14)}）`, { exact: true })).toBeVisible();
  });
});

test('the worker of the first test forgets the password and resets it with a texted code (phone)', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const admin = await phoneContext(browser);
  await logIn(admin, DEMO_ADMIN);
  await test.step('forget the password and reset it with a texted code', async () => {
    await page.goto('/login');
    await page.getByRole('link', { name: '忘记密码？' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '重置密码' })).toBeVisible();
    await page.getByLabel('手机号').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    // one code a minute per phone: the sign-up code may be that recent — the page says how long, the worker waits
    const sent = page.getByRole('status').filter({ hasText: '验证码已发送至' });
    const tooSoon = page.getByText(/获取验证码太频繁，请 \d+ 秒后再试/);
    await expect(sent.or(tooSoon)).toBeVisible();
    if (await tooSoon.count()) {
      const seconds = Number(/请 (\d+) 秒/.exec((await tooSoon.textContent()) ?? '')![1]);
      await page.waitForTimeout(seconds * 1000 + 500);
      await page.getByRole('button', { name: '获取验证码' }).click();
    }
    await expect(sent).toBeVisible();
    const code = await codeFromOutboxPage(admin, phone, '重置密码');
    await page.getByLabel('验证码或重置码').fill(code);
    await page.getByLabel(/^新密码/).fill('Zhou-2026-third');
    await page.getByLabel('确认新密码').fill('Zhou-2026-typo');
    await page.getByRole('button', { name: '重置密码' }).click();
    await expect(page.getByLabel('确认新密码')).toHaveAccessibleDescription(/两次输入的密码不一致/);
    await page.getByLabel(/^新密码/).fill('Zhou-2026-third');
    await page.getByLabel('确认新密码').fill('Zhou-2026-third');
    await shoot(page, 'forgot-password');
    await expectNoHorizontalScroll(page);
    await page.getByRole('button', { name: '重置密码' }).click();
    await expect(page).toHaveURL(/\/login\?reset=1/);
    await expect(page.getByRole('status').filter({ hasText: '密码已重置，请用新密码登录。' })).toBeVisible();
    await expect(page.getByLabel('手机号')).toHaveValue(phone);
    await page.getByLabel('密码').fill('Zhou-2026-second');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toContainText('手机号或密码不正确');
    await page.getByLabel('密码').fill('Zhou-2026-third');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/$/);
  });
  await admin.context().close();
});
