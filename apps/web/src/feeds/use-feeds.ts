import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../api/trpc.ts'

/** The caller's active calendar feeds (their own first), and a way to read them again. */
export function useFeeds() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const feeds = useQuery(trpc.feeds.list.queryOptions())
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.feeds.list.queryKey() })
  return { feeds, refresh }
}
