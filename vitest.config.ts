import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Python peers and the browser need Debian's packages: npm run test:peers and test:browser run them.
    exclude: ['test/peers/**', 'test/browser/**', '**/node_modules/**'],
    // Integration tests start real servers and child processes; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
