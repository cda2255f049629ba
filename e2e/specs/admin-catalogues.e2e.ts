import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, logIn } from './support';

/**
 * The admin's catalogues: the union tree (browse a district, add a base union, a duplicate name refused next to
 * the field) and the trade catalogue (add a trade, a code already there refused next to the code); organizers are
 * turned away. Screenshots: e2e/.artifacts/screenshots/admin-*.png.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');

test('an admin adds a base union under a district and a trade to the catalogue', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await logIn(page, '13900000001');
  await page.goto('/admin');
  await page.getByRole('link', { name: /^组织机构/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '组织机构' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '组织层级' })).toContainText('无锡市总工会');
  const district = page.locator('.children li').filter({ hasText: '梁溪区总工会' });
  await district.getByRole('link', { name: '下级' }).click();
  await expect(page.getByRole('navigation', { name: '组织层级' })).toContainText('梁溪区总工会');
  await expect(page.locator('.children li').filter({ hasText: '无锡地铁集团有限公司工会' })).toHaveCount(1);

  const name = '无锡地铁运营分公司梁溪车辆段工会';
  await page.getByLabel('组织名称').fill(name);
  await expect(page.getByLabel('类型')).toHaveValue('base');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `已添加：${name}` })).toBeVisible();
  await expect(page.locator('.children li').filter({ hasText: name })).toContainText('基层工会');
  await page.getByLabel('组织名称').fill(name);
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await expect(page.getByLabel('组织名称')).toHaveAccessibleDescription(/这一级下已有同名组织/);
  // the new union is where workers pick their employer
  await page.getByRole('searchbox', { name: '在下级组织中查找' }).fill('车辆段');
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.locator('.children li')).toHaveCount(1);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: path.join(dir, 'admin-orgs-375.png'), fullPage: true });

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/admin');
  await page.getByRole('link', { name: /^工种目录/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '工种目录' })).toBeVisible();
  await page.getByLabel('职业编码').fill('4-02-01-04');
  await page.getByLabel('工种名称').fill('城市轨道交通列车司机');
  await page.getByLabel('英文名称').fill('Urban rail train driver');
  await page.getByRole('button', { name: '添加工种' }).click();
  await expect(page.getByLabel('职业编码')).toHaveAccessibleDescription(/这个职业编码已在目录中/);
  await page.getByLabel('职业编码').fill('4-02-01-05');
  await page.getByLabel('工种名称').fill('城市轨道交通调度员');
  await page.getByLabel('英文名称').fill('Urban rail dispatcher');
  await page.getByRole('button', { name: '添加工种' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已添加工种：城市轨道交通调度员（4-02-01-05）' })).toBeVisible();
  await expect(page.getByRole('row', { name: /城市轨道交通调度员/ })).toContainText('4-02-01-05');
  await page.screenshot({ path: path.join(dir, 'admin-trades-1280.png'), fullPage: false });
});

test('organizers cannot open the catalogues', async ({ page }) => {
  await logIn(page, '13900000002');
  for (const url of ['/admin/orgs', '/admin/trades']) {
    const res = await page.goto(url);
    expect(res?.status()).toBe(403);
  }
  await page.goto('/admin');
  await expect(page.getByRole('link', { name: /^组织机构/ })).toHaveCount(0);
});
