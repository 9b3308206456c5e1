import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files spend much of their time waiting on child processes and the database, so
    // at least two run at once even on two cores (vitest's default would be one): the
    // suite takes half the time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
