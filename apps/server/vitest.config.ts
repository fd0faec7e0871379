import { defineProject } from 'vitest/config'

// Each test starts a real server over a real database: on a busy two-core machine (CI runs
// the browser tests beside these) one may take several times its usual second. A slow test
// is a figure for the benchmarks, not a failure here.
export default defineProject({
  test: { testTimeout: 20_000 },
})
