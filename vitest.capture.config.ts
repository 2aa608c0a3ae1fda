import { defineConfig } from 'vitest/config';

// npm run test:capture: the tool's byte counts against a packet capture (tcpdump, as root).
export default defineConfig({
  test: {
    include: ['test/capture/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
