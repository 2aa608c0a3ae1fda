import { defineConfig } from 'vitest/config';

// npm run test:peers: the article's Python servers (Debian's python3 packages), measured with --target.
export default defineConfig({
  test: {
    include: ['test/peers/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
