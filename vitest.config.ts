import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Process tests run the compiled bot: build dist/ first when it is stale.
    globalSetup: ['tests/support/dist.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The end-to-end suites start real sockets; keep them from starving each other on 2 cores.
    maxWorkers: 2,
  },
});
