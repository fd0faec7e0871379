import { defineConfig } from 'vitest/config'

// The web app's unit tests are DOM-free (stores, parsing); the browser is covered by e2e/.
export default defineConfig({
  test: {
    name: 'web',
    environment: 'node',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
  },
})
