import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { BoardSession, type CloseKind, type SessionState } from './board-session.ts'

/** At most this many automatic resets (after a refused change) while the page is open. */
const MAX_RESETS = 3

/**
 * Opens a board (document, offline copy, sync) for as long as the component lives. When the
 * server refuses a change, the offline copy is discarded and the board reopens from the
 * server's state; `notice` tells the page what happened.
 */
export function useBoardDoc(
  boardId: string,
  userId: string,
): { session: BoardSession | null; notice: CloseKind | null } {
  const [generation, setGeneration] = useState(0)
  const [session, setSession] = useState<BoardSession | null>(null)
  const [notice, setNotice] = useState<CloseKind | null>(null)

  useEffect(() => {
    const opened = new BoardSession(boardId, userId)
    setSession(opened)
    const off = opened.subscribe(() => {
      const closed = opened.getState().closed
      if (!closed) return
      setNotice(closed.kind)
      if (closed.kind === 'rejected' && generation < MAX_RESETS) {
        void opened.discardLocalCopy().then(() => setGeneration((g) => g + 1))
      } else if (closed.kind === 'access-lost') {
        void opened.discardLocalCopy()
      }
    })
    return () => {
      off()
      opened.destroy()
    }
  }, [boardId, userId, generation])

  return { session, notice }
}

const NOT_OPEN: SessionState = { status: 'syncing', loaded: false, closed: null }
const noSubscription = () => () => {}

export function useSessionState(session: BoardSession | null): SessionState {
  const subscribe = useCallback(
    (listener: () => void) => session?.subscribe(listener) ?? noSubscription(),
    [session],
  )
  return useSyncExternalStore(subscribe, () => session?.getState() ?? NOT_OPEN)
}
