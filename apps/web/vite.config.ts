import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const SERVER = 'http://localhost:3000'

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/trpc': SERVER,
      '/sync': { target: SERVER, ws: true },
      '/api': SERVER,
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // read by the bundle budget (scripts/bundle-budget.ts)
    manifest: true,
    rolldownOptions: {
      output: {
        // Vendors that change rarely get their own long-cached chunks, the board's (Yjs,
        // dnd-kit, the virtualiser) too; pages, views, dialogs and each language's strings are
        // chunks of their own by their lazy imports (README, "Bundle budget").
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: 'data',
              test: /node_modules[\\/](@tanstack[\\/](react-query|query-core)|@trpc)[\\/]/,
            },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            // the board's document: Yjs, its providers and their helpers
            {
              name: 'yjs',
              test: /node_modules[\\/](yjs|lib0|y-protocols|y-websocket|y-indexeddb)[\\/]/,
            },
            { name: 'dnd', test: /node_modules[\\/]@dnd-kit[\\/]/ },
            {
              name: 'virtual',
              test: /node_modules[\\/]@tanstack[\\/](react-virtual|virtual-core)[\\/]/,
            },
          ],
        },
      },
    },
  },
})
