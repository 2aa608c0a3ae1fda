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
    // Two files at a time: most of a file's time is spent waiting on child processes and sockets,
    // and vitest's default on 2 cores (one worker) ran the suite end to end in one line.
    maxWorkers: 2,
  },
});
