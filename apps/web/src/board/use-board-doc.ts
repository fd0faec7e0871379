import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { BoardSession, type CloseKind, type SessionState } from './board-session.ts'

/**
 * At most this many automatic resets (after a refused change) within RESET_WINDOW_MS: a
 * refused change is discarded with the offline copy, so a loop would mean something keeps
 * writing what the server refuses.
 */
const MAX_RESETS = 3
const RESET_WINDOW_MS = 60_000

/**
 * Opens a board (document, offline copy, sync) for as long as the component lives. When the
 * server refuses a change, the offline copy is discarded and the board reopens from the
 * server's state; `notice` tells the page what happened.
 */
export function useBoardDoc(
  boardId: string,
  userId: string,
): { session: BoardSession | null; notice: CloseKind | null; rejection: Rejection | null } {
  const [generation, setGeneration] = useState(0)
  const [session, setSession] = useState<BoardSession | null>(null)
  const [notice, setNotice] = useState<CloseKind | null>(null)
  const [rejection, setRejection] = useState<Rejection | null>(null)
  const resets = useRef<number[]>([])

  useEffect(() => {
    const opened = new BoardSession(boardId, userId)
    setSession(opened)
    let handled = false
    const off = opened.subscribe(() => {
      const closed = opened.getState().closed
      if (!closed || handled) return
      handled = true
      setNotice(closed.kind)
      if (closed.kind === 'rejected') {
        setRejection((previous) => ({ reason: closed.reason, seq: (previous?.seq ?? 0) + 1 }))
      }
      const now = Date.now()
      resets.current = resets.current.filter((at) => now - at < RESET_WINDOW_MS)
      if (closed.kind === 'rejected' && resets.current.length < MAX_RESETS) {
        resets.current.push(now)
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

  return { session, notice, rejection }
}

/** The close reason of the last refused change; `seq` tells one refusal from the next. */
export interface Rejection {
  reason: string
  seq: number
}

const NOT_OPEN: SessionState = { status: 'syncing', loaded: false, closed: null, connections: 0 }
const noSubscription = () => () => {}

export function useSessionState(session: BoardSession | null): SessionState {
  const subscribe = useCallback(
    (listener: () => void) => session?.subscribe(listener) ?? noSubscription(),
    [session],
  )
  return useSyncExternalStore(subscribe, () => session?.getState() ?? NOT_OPEN)
}
