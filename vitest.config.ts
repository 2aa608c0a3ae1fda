import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Python peers, the browser, the packet capture and the shaped path need Debian's packages (and root):
    // npm run test:peers, test:browser, test:capture and test:network run them.
    exclude: ['test/peers/**', 'test/browser/**', 'test/capture/**', 'test/network/**', '**/node_modules/**'],
    // Integration tests start real servers and child processes; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
