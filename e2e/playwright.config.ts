import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${PORT}`;

// A fresh database for every run: a new directory per run (the API keeps its jwt-secret beside the
// database). The id is fixed in the runner's environment, which Playwright's workers inherit, so every
// process agrees on it; global-setup.ts removes the directories of earlier runs.
process.env.GJ_E2E_RUN ??= `${Date.now()}-${process.pid}`;
export const runDir = path.join(root, 'e2e', '.artifacts', `run-${process.env.GJ_E2E_RUN}`);

export default defineConfig({
  testDir: './specs',
  testMatch: '**/*.e2e.ts',
  outputDir: './.artifacts/test-results',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { outputFolder: './.artifacts/report', open: 'never' }]],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot be reached from here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } }],
  webServer: {
    // the production server: the API on /api and the SvelteKit build on every other path
    command: process.env.E2E_SERVER_COMMAND ?? 'node apps/api/dist/server.js',
    cwd: root,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_PATH: path.join(runDir, 'e2e.db'),
      SEED: 'demo',
      AUTH_RATE_LIMIT: '1000',
      // the demo has a few dozen base unions; below this many a picker is a plain select, so the tests
      // lower it to exercise the name search a city-sized tree (13,000+ unions) always gets
      ORG_PICKER_LIMIT: '20',
      LOG_LEVEL: 'warn',
    },
  },
});
