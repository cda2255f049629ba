import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { api, expectNoHorizontalScroll, logIn } from './support';

/**
 * The organizer's dashboard and annual report (issue 6): the city organizer opens the dashboard,
 * drills down into a district and back up, downloads the year as XLSX and opens the printable
 * report; screenshots at phone and desktop widths (e2e/.artifacts/screenshots).
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');
const CITY_ORGANIZER = '13900000002';

async function shoot(page: Page, name: string) {
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

test('an organizer reads the dashboard, drills into a district, exports the XLSX and opens the printable report', async ({
  page,
}, info) => {
  await logIn(page, CITY_ORGANIZER);
  await page.goto('/manage/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: '数据看板' })).toBeVisible();
  await expect(page.getByText('无锡市总工会 · ')).toBeVisible();
  // the seven headline figures, each with the change against last year
  const figures = page.locator('[data-figure]');
  await expect(figures).toHaveCount(7);
  await expect(page.locator('[data-figure="participants"] .num')).toHaveText(/^[\d,.]+万?$/);
  await expect(page.locator('[data-figure="participants"] .change')).toContainText(/年/);
  // the charts drew (Chart.js) and keep their data tables behind "查看数据表"
  await expect(page.locator('#chart-months-title')).toHaveText('按月份：参与职工与晋升');
  await expect(page.locator('figure canvas')).toHaveCount(3);
  const orgs = page.locator('figure[aria-labelledby="chart-orgs-title"]');
  await orgs.getByText('查看数据表').click();
  await expect(orgs.getByRole('table')).toBeVisible();
  await shoot(page, 'dashboard-city-1280');

  // drill down into 梁溪区 from the organisations table
  await orgs.getByRole('link', { name: '梁溪区总工会' }).click();
  await expect(page).toHaveURL(/[?&]org=\d+/);
  const crumbs = page.getByRole('navigation', { name: '单位层级' });
  await expect(crumbs.getByRole('link', { name: '无锡市总工会' })).toBeVisible();
  await expect(crumbs.locator('[aria-current="page"]')).toHaveText('梁溪区总工会');
  await expect(page.getByText('梁溪区总工会 · ')).toBeVisible();
  const districtUrl = page.url();

  // the trade filter: that trade's own figures, the district kept
  const trade = page.getByLabel('工种', { exact: true });
  const tradeName = (await trade.locator('option').nth(1).textContent())!.trim();
  await trade.selectOption({ label: tradeName });
  await expect(page).toHaveURL(/[?&]trade=\d+/);
  await expect(page).toHaveURL(/[?&]org=\d+/);
  await expect(page.getByText(`已筛选工种「${tradeName}」`)).toBeVisible();
  await expect(page.locator('[data-figure]')).toHaveCount(6);
  await page.getByRole('link', { name: '清除工种筛选' }).click();
  await expect(page.locator('[data-figure]')).toHaveCount(7);

  // the workbook of the district's year: a real XLSX with the four sheets — also after the 15-minute access cookie has
  // expired while the page stayed open (the download goes through the web session, which renews it from the refresh cookie)
  await page.context().clearCookies({ name: 'gj_access' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^梁溪区总工会-\d{4}年度统计\.xlsx$/);
  const file = info.outputPath('annual.xlsx');
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  expect(wb.worksheets.map((ws) => ws.name)).toEqual(['总览', '按工种', '按单位', '按月份']);
  expect(wb.getWorksheet('总览')!.getCell('A4').value).toBe('举办技能比赛');

  // back up through the breadcrumb, then the printable report of the city
  await crumbs.getByRole('link', { name: '无锡市总工会' }).click();
  await expect(page.getByText('无锡市总工会 · ')).toBeVisible();
  await expect(crumbs).toBeHidden();
  await page.getByRole('link', { name: '年度报告（可打印）' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('年技能竞赛与培训工作统计报告');
  await expect(page.locator('.summary p').first()).toContainText(/^\d{4}年，全市各级工会举办技能比赛[\d,]+场，覆盖工种\d+个、参与职工达/);
  await expect(page.getByRole('heading', { name: '四、按月份' })).toBeVisible();
  // the prose carries the API's own figures (the browser's session cookie reaches the API)
  const a = await api(page.request, 'getAnnualStats', {});
  const zh = (n: number) => n.toLocaleString('zh-CN');
  await expect(page.locator('.summary p').first()).toContainText(
    `举办技能比赛${zh(a.contests)}场，覆盖工种${zh(a.trades)}个、参与职工达${zh(a.participants)}人次；举办各类技能培训班${zh(a.trainingClasses)}期，培训职工${zh(a.trainees)}人次`,
  );
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('button', { name: '打印 / 存为 PDF' })).toBeHidden();
  // the A4 print of the report, kept for review beside the screenshots
  await page.pdf({ path: path.join(dir, 'dashboard-report-a4.pdf'), format: 'A4', printBackground: true, preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  await shoot(page, 'dashboard-report-1280');

  // a phone: the district dashboard and the report fit 375 px
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(districtUrl);
  await expect(page.locator('[data-figure]')).toHaveCount(7);
  await shoot(page, 'dashboard-district-375');
  await page.goto('/manage/dashboard/report');
  await shoot(page, 'dashboard-report-375');
  await page.screenshot({ path: path.join(dir, 'dashboard-report-375-top.png') });

  // English, on a desktop
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/manage/dashboard');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.locator('[data-figure="participants"] dt')).toHaveText('Participants');
  await shoot(page, 'dashboard-en-1280');
});

test('without JavaScript the charts are data tables and the filters still work', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, CITY_ORGANIZER);
  await page.goto('/manage/dashboard');
  await expect(page.locator('figure canvas')).toHaveCount(0);
  await expect(page.locator('figure table')).toHaveCount(3);
  const year = Number(await page.getByLabel('年度').inputValue()) - 1;
  await page.getByLabel('年度').selectOption(String(year));
  await page.getByRole('button', { name: '查看', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`year=${year}`));
  await expect(page.getByText(`${year}年技能比赛、培训与晋升`)).toBeVisible();
  await context.close();
});
