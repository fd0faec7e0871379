import { boardNameSchema } from '@pauta/domain'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useTRPC } from '../api/trpc.ts'
import { FormError } from '../app/FormError.tsx'
import { boardPath, navigate } from '../app/router.ts'
import { useTranslation } from '../i18n/use-translation.ts'

export function NewBoardForm({ workspaces }: { workspaces: { id: string; name: string }[] }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const [error, setError] = useState<string | null>(null)
  const create = useMutation(
    trpc.boards.create.mutationOptions({
      onSuccess: async (board) => {
        await queryClient.invalidateQueries({ queryKey: trpc.boards.list.queryKey() })
        navigate(boardPath(board.id))
      },
      onError: () => setError(t('boards.createError')),
    }),
  )

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const name = boardNameSchema.safeParse(data.get('name'))
    const workspaceId = String(data.get('workspaceId') ?? '')
    if (!name.success) {
      setError(t('errors.nameRequired'))
      return
    }
    setError(null)
    create.mutate({ workspaceId, name: name.data })
  }

  return (
    <section className="new-board" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('boards.newBoard')}</h2>
      <form onSubmit={submit} className="inline-form" noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('boards.boardName')}</label>
          <input
            id={`${id}-name`}
            name="name"
            required
            maxLength={120}
            data-testid="new-board-name"
            aria-invalid={error ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-ws`}>{t('boards.workspace')}</label>
          <select id={`${id}-ws`} name="workspaceId" data-testid="new-board-workspace">
            {workspaces.map((ws) => (
              <option key={ws.id} value={ws.id}>
                {ws.name}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="button primary"
          data-testid="create-board"
          disabled={create.isPending}
        >
          {create.isPending ? t('boards.creating') : t('boards.create')}
        </button>
      </form>
      <FormError message={error} />
    </section>
  )
}
