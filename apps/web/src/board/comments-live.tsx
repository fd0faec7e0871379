import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useSubscription } from '@trpc/tanstack-react-query'
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react'
import { useTRPC } from '../api/trpc.ts'
import { UnreadComments } from './unread-comments.ts'

type Listener = () => void

/** How often counts and open threads are asked for while the live stream is down. */
export const COMMENTS_FALLBACK_POLL_MS = 15_000
/** Changes that arrive together ask for the board's unread counts once. */
const COUNTS_AFTER_MS = 200

const UnreadCommentsContext = createContext<UnreadComments | null>(null)

/**
 * The board's live comments (the API's subscription, over server-sent events): when a card's
 * comments change, its open thread and history are read again, and the viewer's unread counts
 * once for the whole board (one query, however many cards). When the stream (re)connects,
 * everything is read again: what changed meanwhile was not sent. While the stream is down,
 * counts and open threads are polled slowly instead. One board for its lifetime (the board
 * page is keyed by its board).
 */
export function CommentsLive({ boardId, children }: { boardId: string; children: ReactNode }) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [store] = useState(() => new UnreadComments())
  const countsTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(
    () => () => {
      if (countsTimer.current) clearTimeout(countsTimer.current)
    },
    [],
  )
  const countsSoon = () => {
    if (countsTimer.current) return
    countsTimer.current = setTimeout(() => {
      countsTimer.current = null
      void queryClient.invalidateQueries(trpc.comments.unread.queryFilter({ boardId }))
    }, COUNTS_AFTER_MS)
  }
  const live = useSubscription(
    trpc.comments.live.subscriptionOptions(
      { boardId },
      {
        onData(event) {
          if (event.kind === 'listening') {
            void queryClient.invalidateQueries(trpc.comments.list.queryFilter({ boardId }))
            void queryClient.invalidateQueries(trpc.cards.history.queryFilter({ boardId }))
          } else {
            const card = { boardId, cardId: event.cardId }
            void queryClient.invalidateQueries(trpc.comments.list.queryFilter(card))
            void queryClient.invalidateQueries(trpc.cards.history.queryFilter(card))
          }
          countsSoon()
        },
      },
    ),
  )
  const connected = live.status === 'pending'
  const counts = useQuery({
    ...trpc.comments.unread.queryOptions({ boardId }),
    refetchInterval: connected ? false : COMMENTS_FALLBACK_POLL_MS,
  })
  useEffect(() => store.setLive(connected), [store, connected])
  useEffect(() => {
    if (counts.data) store.set(counts.data)
  }, [store, counts.data])
  return <UnreadCommentsContext value={store}>{children}</UnreadCommentsContext>
}

/** How many of the card's comments the viewer has not read (0 outside a live board). */
export function useUnreadComments(cardId: string): number {
  const store = useContext(UnreadCommentsContext)
  const subscribe = useCallback(
    (listener: Listener) => store?.subscribe(cardId, listener) ?? (() => {}),
    [store, cardId],
  )
  return useSyncExternalStore(subscribe, () => store?.get(cardId) ?? 0)
}

/** Whether the board's comments stream is connected (an open thread then need not poll). */
export function useCommentsLive(): boolean {
  const store = useContext(UnreadCommentsContext)
  const subscribe = useCallback(
    (listener: Listener) => store?.subscribeLive(listener) ?? (() => {}),
    [store],
  )
  return useSyncExternalStore(subscribe, () => store?.live ?? false)
}
