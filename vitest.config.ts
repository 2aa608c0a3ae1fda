import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Python peers need Debian's python3 packages: npm run test:peers runs them.
    exclude: ['test/peers/**', '**/node_modules/**'],
    // Integration tests start real servers and child processes; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
