import { defineConfig } from 'vitest/config';

// npm run test:network: a shaped path in network namespaces (--loss, --bandwidth, --network), as root with
// Debian's iproute2 and nftables, which .ci/run installs.
export default defineConfig({
  test: {
    include: ['test/network/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
