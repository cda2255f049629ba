import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'domain',
          include: ['packages/domain/test/**/*.test.ts'],
          expect: { requireAssertions: true },
          // property tests run thousands of cases: on a loaded 2-core machine 5 s is not enough
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'contract',
          include: ['packages/contract/test/**/*.test.ts'],
          expect: { requireAssertions: true },
        },
      },
      {
        test: {
          name: 'api',
          include: ['apps/api/test/**/*.test.ts'],
          // GJ_TEST_BACKEND=postgres: one migrated template database per run (a no-op on SQLite)
          globalSetup: ['apps/api/test/support/pg-template.ts'],
          expect: { requireAssertions: true },
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
