import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Live tests start real Prometheus servers on loopback ports; 2 cores cannot take more in parallel.
    maxWorkers: 2,
  },
});
