import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One Postgres and one Temporal dev server for the whole run; each file gets its own
    // database and task queue (test/setup/global.ts, test/helpers/).
    reporters: ['default', './test/setup/summary-reporter.ts'],
    globalSetup: ['test/setup/global.ts'],
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
