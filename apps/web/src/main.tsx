import { useQuery } from '@tanstack/react-query'
import { type ReactNode, StrictMode, Suspense, use } from 'react'
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
const strings = initI18n().then(
  () => true,
  () => false,
)
prefetchPage(parseRoute(location.pathname, location.search))

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')

createRoot(root).render(
  <StrictMode>
    <ApiProvider>
      <AskWhoIsSignedIn />
      <Suspense fallback={null}>
        <WithStrings>
          <App />
        </WithStrings>
      </Suspense>
    </ApiProvider>
  </StrictMode>,
)

/** Starts the query App reads, while the strings are on their way. */
function AskWhoIsSignedIn() {
  const trpc = useTRPC()
  useQuery(trpc.auth.me.queryOptions())
  return null
}

function WithStrings({ children }: { children: ReactNode }) {
  // no strings to say it with: both languages, plainly
  if (!use(strings))
    return (
      <main className="full-page-message" role="alert">
        <p lang="en">Pauta could not be loaded. Check your connection and reload the page.</p>
        <p lang="es">No se pudo cargar Pauta. Comprueba tu conexión y vuelve a cargar la página.</p>
      </main>
    )
  return children
}
