import { defineConfig } from 'vitest/config'

// One run for the whole repository: every package is a project, so `pnpm test` prints one summary.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/server', 'apps/web', 'e2e', 'bench'],
  },
})
