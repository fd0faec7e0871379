import type { ReactNode } from 'react'

export function FullPageMessage({ children, busy }: { children: ReactNode; busy?: boolean }) {
  return (
    <main className="full-page-message" aria-busy={busy || undefined}>
      {busy && <span className="spinner" aria-hidden="true" />}
      <div>{children}</div>
    </main>
  )
}
