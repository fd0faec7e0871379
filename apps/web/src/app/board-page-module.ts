import { type ComponentType, useEffect, useState } from 'react'
import type BoardPageComponent from '../board/BoardPage.tsx'

type BoardPage = typeof BoardPageComponent

let loading: Promise<BoardPage> | null = null
let loaded: BoardPage | null = null

/**
 * Fetches the board's code (Yjs, dnd-kit, the virtualiser: a chunk of its own) once; every
 * later call gets the same promise. A failed fetch is forgotten, so that a retry fetches again.
 */
export function loadBoardPage(): Promise<BoardPage> {
  loading ??= import('../board/BoardPage.tsx').then(
    (module) => {
      loaded = module.default
      return loaded
    },
    (error: unknown) => {
      loading = null
      throw error
    },
  )
  return loading
}

export type BoardPageState =
  | { status: 'loading' }
  | { status: 'ready'; BoardPage: ComponentType<Parameters<BoardPage>[0]> }
  | { status: 'failed'; retry: () => void }

/**
 * The board page once its code is here. Not `React.lazy`: React holds back the content of a
 * Suspense boundary until 300 ms after its fallback showed, which would keep a board whose code
 * and offline copy are ready from painting. The fetch starts on the first render that `wants`
 * it, which on a board's address is the app's first, alongside the `auth.me` request.
 */
export function useBoardPage(wants: boolean): BoardPageState {
  const [, setVersion] = useState(0)
  const [failed, setFailed] = useState(false)
  // started here, not in an effect: the request goes out with the first render's
  if (wants && !loaded && !failed) void loadBoardPage().catch(() => {})
  useEffect(() => {
    if (!wants || loaded || failed) return
    let current = true
    loadBoardPage().then(
      () => current && setVersion((v) => v + 1),
      () => current && setFailed(true),
    )
    return () => {
      current = false
    }
  }, [wants, failed])
  if (loaded) return { status: 'ready', BoardPage: loaded }
  if (failed) return { status: 'failed', retry: () => setFailed(false) }
  return { status: 'loading' }
}
