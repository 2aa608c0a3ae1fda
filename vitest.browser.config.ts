import { defineConfig } from 'vitest/config';

// npm run test:browser: pages checked in Debian's chromium, driven by playwright-core.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
