import { defineConfig } from 'vitest/config'

// Real Chromium against the real server: slow, and the CI machine has two cores, so the files
// run one after another and each starts its own server on a fresh data directory.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    // after the unit tests in `pnpm test`, so Chromium does not fight them for the two cores
    sequence: { groupOrder: 1 },
    // a flaky browser step should be fixed, not retried into green
    retry: 0,
  },
})
