import { defineConfig } from 'vitest/config';

/** Browser tests: real Chromium against the built service (`npm run test:e2e`). */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One service and one browser at a time: the machine has two cores.
    fileParallelism: false,
  },
});
