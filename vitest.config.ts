import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The end-to-end suites start real sockets; keep them from starving each other on 2 cores.
    maxWorkers: 2,
  },
});
