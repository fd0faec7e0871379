import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useTRPC } from '../../api/trpc.ts'
import { markSessionEnded } from '../../auth/session-ended.ts'
import type { CloseKind } from '../board-session.ts'

/**
 * What the page does when the board's socket says something: signed out sends the person to
 * sign in, and a reconnection refetches the board's roles and rules.
 */
export function useSessionEvents(
  notice: CloseKind | null,
  connections: number,
  refetchBoard: () => unknown,
) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()

  useEffect(() => {
    // the socket said the session is gone: let the app send the person to sign in, and
    // the sign-in page say why
    if (notice === 'signed-out') {
      markSessionEnded()
      void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() })
    }
  }, [notice, queryClient, trpc])

  useEffect(() => {
    // Back after a disconnect (the server closes with 4001 when roles or rules change): the
    // roles and rules this page mirrors may be stale.
    if (connections > 1) void refetchBoard()
  }, [connections, refetchBoard])
}
