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
    // Deadlines are a safety net for a loaded 2-core machine (CI runs beside other work), not a
    // measurement: a passing test never waits for them. Waits inside tests: WAIT_DEADLINE_MS.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
