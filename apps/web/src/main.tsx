import { useQuery } from '@tanstack/react-query'
import { type ReactNode, StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { ApiProvider } from './api/ApiProvider.tsx'
import { useTRPC } from './api/trpc.ts'
import { App } from './app/App.tsx'
import { prefetchPage } from './app/pages.tsx'
import { parseRoute } from './app/router.ts'
import { initI18n } from './i18n/i18n.ts'
import './styles/base.css'

// Three things come at once: the strings of the page's language, who is signed in, and the
// page's own chunk. The app draws when the strings have arrived.
let stringsArrived: boolean | null = null
const strings = initI18n().then(
  () => (stringsArrived = true),
  () => (stringsArrived = false),
)
prefetchPage(parseRoute(location.pathname, location.search))

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')

createRoot(root).render(
  <StrictMode>
    <ApiProvider>
      <AskWhoIsSignedIn />
      <WithStrings>
        <App />
      </WithStrings>
    </ApiProvider>
  </StrictMode>,
)

/** Starts the query App reads, while the strings are on their way. */
function AskWhoIsSignedIn() {
  const trpc = useTRPC()
  useQuery(trpc.auth.me.queryOptions())
  return null
}

/**
 * Nothing until the strings are here. Not Suspense with `use`: React shows a boundary's content
 * no sooner than 300 ms after its fallback, which would hold every page (a board painting from
 * its offline copy too) back that long after its strings and chunk had arrived.
 */
function WithStrings({ children }: { children: ReactNode }) {
  const [arrived, setArrived] = useState(stringsArrived)
  useEffect(() => {
    if (arrived === null) void strings.then(setArrived)
  }, [arrived])
  if (arrived === null) return null
  // no strings to say it with: both languages, plainly
  if (!arrived)
    return (
      <main className="full-page-message" role="alert">
        <p lang="en">Pauta could not be loaded. Check your connection and reload the page.</p>
        <p lang="es">No se pudo cargar Pauta. Comprueba tu conexión y vuelve a cargar la página.</p>
      </main>
    )
  return children
}
