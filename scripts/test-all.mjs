// `npm test`: every suite — domain unit/property tests and API tests (Vitest), the API tests again on PostgreSQL, then the built app in
// a real Chromium (Playwright). Ends with one line `N passed, N failed` over all suites.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-results-'));
const only = process.argv.slice(2);
const want = (suite) => only.length === 0 || only.includes(suite);
let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status;
}

if (want('unit')) {
  const file = path.join(out, 'vitest.json');
  const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  if (fs.existsSync(file)) {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    if (status !== 0 && r.numFailedTests === 0) broken = true;
  } else broken = true;
}

// The API suite again on PostgreSQL (issue 15): every API test file on a fresh database copied from a migrated template.
// It needs a PostgreSQL server where GJ_TEST_PG_URL points (default postgres://gj:gj@127.0.0.1:5432/postgres; .ci/run
// installs and starts Debian's). Without one it is reported as not run — and in CI that counts as a failure.
// Until every API test file runs on the data layer alone, the PostgreSQL pass is opt-in (GJ_TEST_POSTGRES=1).
if (want('postgres') && process.env.GJ_TEST_POSTGRES === '1') {
  const pgUrl = process.env.GJ_TEST_PG_URL ?? 'postgres://gj:gj@127.0.0.1:5432/postgres';
  const probe = spawnSync('node', ['-e', `const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`, pgUrl], {
    cwd: path.join(root, 'apps/api'),
  });
  if (probe.status !== 0) {
    console.log(`\npostgres suite not run: no PostgreSQL server at ${pgUrl.replace(/\/\/[^@]*@/, '//')} (set GJ_TEST_PG_URL, or see README)`);
    if (process.env.CI) broken = true;
  } else {
    const file = path.join(out, 'vitest-postgres.json');
    const status = run('npx', ['vitest', 'run', '--project', 'api', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], {
      GJ_TEST_BACKEND: 'postgres',
      GJ_TEST_PG_URL: pgUrl,
    });
    if (fs.existsSync(file)) {
      const r = JSON.parse(fs.readFileSync(file, 'utf8'));
      passed += r.numPassedTests;
      failed += r.numFailedTests;
      skipped += r.numPendingTests + (r.numTodoTests ?? 0);
      if (status !== 0 && r.numFailedTests === 0) broken = true;
    } else broken = true;
  }
}

if (want('e2e')) {
  if (run('npm', ['run', 'build']) !== 0) broken = true;
  else {
    const file = path.join(out, 'playwright.json');
    const status = run('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
    if (fs.existsSync(file)) {
      const s = JSON.parse(fs.readFileSync(file, 'utf8')).stats;
      passed += s.expected + (s.flaky ?? 0);
      failed += s.unexpected;
      skipped += s.skipped;
      if (status !== 0 && s.unexpected === 0) broken = true;
    } else broken = true;
  }
}

if (broken) {
  console.log('\na suite could not run to completion (see above)');
  failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
