import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../api/trpc.ts'
import { navigate } from '../app/router.ts'
import { forgetOfflineBoards } from '../board/offline-copies.ts'

/** Ends the session and removes every board copy this browser kept for offline use. */
export function useSignOut() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: async () => {
        queryClient.setQueryData(trpc.auth.me.queryKey(), null)
        queryClient.removeQueries({ queryKey: trpc.boards.pathKey() })
        queryClient.removeQueries({ queryKey: trpc.workspaces.pathKey() })
        navigate('/sign-in', { replace: true })
        await forgetOfflineBoards()
      },
    }),
  )
}
