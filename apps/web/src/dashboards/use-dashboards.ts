import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useTRPC } from '../api/trpc.ts'
import { useBoard } from '../board/use-board.ts'
import type { DashboardInput } from './dashboard-api.ts'
import { coalesce } from './live-refresh.ts'

// A filter change keeps the previous figures on screen until the new ones arrive, rather than
// blanking the page; "aging" depends on the clock too, so they are asked again now and then.
const REFETCH_MS = 5 * 60_000

export function useBottlenecks(input: DashboardInput, enabled: boolean) {
  const trpc = useTRPC()
  return useQuery({
    ...trpc.dashboards.bottlenecks.queryOptions(input),
    placeholderData: keepPreviousData,
    refetchInterval: REFETCH_MS,
    enabled,
  })
}

export function usePipeline(input: DashboardInput) {
  const trpc = useTRPC()
  return useQuery({
    ...trpc.dashboards.pipeline.queryOptions(input),
    placeholderData: keepPreviousData,
    refetchInterval: REFETCH_MS,
  })
}

/**
 * While a dashboard is open, any card change on this board (anyone's move, edit or new card,
 * as the live session delivers it) asks the dashboards again, tens of milliseconds after the
 * burst, one request at a time. The board's socket only carries changes of boards this person
 * may open; the server answers once the change's history and projection are written.
 */
export function useLiveDashboards(): void {
  const { session } = useBoard()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  useEffect(() => {
    const refresh = coalesce(() =>
      queryClient.invalidateQueries({ queryKey: trpc.dashboards.pathKey() }),
    )
    const unsubscribe = session.store.subscribeAll(refresh.poke)
    return () => {
      unsubscribe()
      refresh.cancel()
    }
  }, [session, trpc, queryClient])
}
