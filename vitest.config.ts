import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Python peers, the browser and the packet capture need Debian's packages (and tcpdump root):
    // npm run test:peers, test:browser and test:capture run them.
    exclude: ['test/peers/**', 'test/browser/**', 'test/capture/**', '**/node_modules/**'],
    // Integration tests start real servers and child processes; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
