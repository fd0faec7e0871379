import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { apiErrorKey, serverFieldErrors } from '../../api/api-error.ts'
import { useTRPC } from '../../api/trpc.ts'
import { useTranslation } from '../../i18n/use-translation.ts'

/**
 * Saves a board's settings: the mutation, whether the form is as last saved (`setSaved(false)`
 * once it changes), and the server's objections in words, one line per field it refused.
 */
export function useSaveSettings(boardId: string) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [serverErrors, setServerErrors] = useState<string[]>([])
  const [saved, setSaved] = useState(false)
  const save = useMutation(
    trpc.boards.updateSettings.mutationOptions({
      onSuccess: (next) => {
        setSaved(true)
        setServerErrors([])
        queryClient.setQueryData(trpc.boards.get.queryKey({ boardId }), (board) =>
          board ? { ...board, settings: next } : board,
        )
      },
      onError: (cause) => {
        const fields = serverFieldErrors(cause)
        const lines = Object.entries(fields).flatMap(([field, messages]) =>
          messages.map((message) => `${field}: ${message}`),
        )
        setServerErrors([
          t(apiErrorKey(cause, 'settings.errors', ['FORBIDDEN', 'BAD_REQUEST'])),
          ...lines,
        ])
      },
    }),
  )
  return { save, saved, setSaved, serverErrors }
}
