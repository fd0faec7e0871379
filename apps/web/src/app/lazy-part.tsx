import { type ComponentType, type ReactNode, useEffect, useState } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'
import { FullPageMessage } from './FullPageMessage.tsx'
import { ModalDialog } from './ModalDialog.tsx'

/**
 * Something fetched once, on first use: `load()` starts it (or joins the fetch under way, or
 * starts it again after one that failed), `loaded()` is it once it has arrived.
 */
export interface Loader<T> {
  load(): Promise<T>
  loaded(): T | null
}

export function loader<T>(fetch: () => Promise<T>): Loader<T> {
  let value: T | null = null
  let pending: Promise<T> | null = null
  return {
    load() {
      pending ??= fetch().then(
        (arrived) => {
          value = arrived
          return arrived
        },
        (error: unknown) => {
          pending = null
          throw error
        },
      )
      return pending
    },
    loaded: () => value,
  }
}

/** A component in a chunk of its own; `prefetch()` fetches it ahead of its first render. */
export type LazyPart<P> = ((props: P) => ReactNode) & { prefetch(): void }

/**
 * A component in a chunk of its own (`import()`), drawn as soon as it is here: until then
 * `waiting` (nothing by default), and `failed` when it could not be fetched (offline before it
 * was, or a newer version of the app on the server), with a way to try again. A fetched part
 * draws at once, with no waiting state: parts are prefetched when the browser is idle.
 */
export function lazyPart<P extends object>(
  fetch: () => Promise<ComponentType<P>>,
  options: {
    waiting?: (props: P) => ReactNode
    failed: (props: P, retry: () => void) => ReactNode
  },
): LazyPart<P> {
  const part = loader(fetch)
  function Part(props: P) {
    const [failed, setFailed] = useState(false)
    const [, arrived] = useState<ComponentType<P> | null>(null)
    const Loaded = part.loaded()
    useEffect(() => {
      if (Loaded || failed) return
      let live = true
      part.load().then(
        (component) => live && arrived(() => component),
        () => live && setFailed(true),
      )
      return () => {
        live = false
      }
    }, [Loaded, failed])
    if (Loaded) return <Loaded {...props} />
    if (failed) return options.failed(props, () => setFailed(false))
    return options.waiting?.(props) ?? null
  }
  return Object.assign(Part, {
    prefetch: () => {
      part.load().catch(() => {
        // drawing it will try again, and say so if it fails then
      })
    },
  })
}

/** A page of its own chunk: a busy page while it comes, a retry when it could not. */
export function lazyPage<P extends object>(fetch: () => Promise<ComponentType<P>>): LazyPart<P> {
  return lazyPart(fetch, {
    waiting: () => <PartWaiting />,
    failed: (_props, retry) => <PartFailed retry={retry} />,
  })
}

/** A dialog of its own chunk: nothing while it comes (focus stays where it was), a notice when it could not. */
export function lazyDialog<P extends object>(
  fetch: () => Promise<ComponentType<P>>,
  close: (props: P) => () => void,
): LazyPart<P> {
  return lazyPart(fetch, { failed: (props) => <DialogFailed onClose={close(props)} /> })
}

function PartWaiting() {
  const { t } = useTranslation()
  return <FullPageMessage busy>{t('app.loading')}</FullPageMessage>
}

export function PartFailed({ retry }: { retry: () => void }) {
  const { t } = useTranslation()
  return (
    <FullPageMessage>
      <p role="alert">{t('app.partFailed')}</p>
      <button type="button" className="button" onClick={retry}>
        {t('app.retry')}
      </button>
    </FullPageMessage>
  )
}

function DialogFailed({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  return (
    <ModalDialog className="card-dialog" aria-label={t('app.partFailed')} onClose={onClose}>
      <div className="card-dialog-body">
        <p role="alert">{t('app.partFailed')}</p>
        <footer className="card-dialog-footer">
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            {t('app.close')}
          </button>
        </footer>
      </div>
    </ModalDialog>
  )
}

/** Runs `work` when the browser has nothing else to do (soon, at the latest). */
export function whenIdle(work: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: 2000 })
    return () => cancelIdleCallback(id)
  }
  const id = setTimeout(work, 200)
  return () => clearTimeout(id)
}
