import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // End-to-end tests start watchers, workers and pdf.js threads; two files at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
