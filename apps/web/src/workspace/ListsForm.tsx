import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { apiErrorKey } from '../api/api-error.ts'
import { useTRPC } from '../api/trpc.ts'
import { FormError } from '../app/FormError.tsx'
import { useTranslation } from '../i18n/use-translation.ts'

/** One name per line, blank lines dropped (the server trims and removes repeats too). */
export function linesToList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}

/**
 * The campaigns and objectives the workspace's cards choose from, so every chart can be cut
 * by them. Strategists and managers keep them; everyone else reads them.
 */
export function ListsForm({ workspaceId, editable }: { workspaceId: string; editable: boolean }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const lists = useQuery(trpc.workspaces.lists.queryOptions({ workspaceId }))
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const save = useMutation(
    trpc.workspaces.setLists.mutationOptions({
      onSuccess: (data) => {
        setError(null)
        setSaved(true)
        queryClient.setQueryData(trpc.workspaces.lists.queryKey({ workspaceId }), data)
        void queryClient.invalidateQueries({ queryKey: trpc.boards.get.queryKey() })
      },
      onError: (cause) =>
        setError(t(apiErrorKey(cause, 'workspace.listErrors', ['BAD_REQUEST', 'FORBIDDEN']))),
    }),
  )

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    setSaved(false)
    save.mutate({
      workspaceId,
      campaigns: linesToList(String(data.get('campaigns') ?? '')),
      objectives: linesToList(String(data.get('objectives') ?? '')),
    })
  }

  if (!lists.data) return null
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('workspace.lists')}</h2>
      <p className="muted">{t('workspace.listsHelp')}</p>
      <form onSubmit={submit} className="invite-form" key={JSON.stringify(lists.data)}>
        {(['campaigns', 'objectives'] as const).map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`${id}-${name}`}>{t(`workspace.${name}`)}</label>
            <textarea
              id={`${id}-${name}`}
              name={name}
              rows={5}
              defaultValue={lists.data[name].join('\n')}
              readOnly={!editable}
              aria-describedby={`${id}-hint`}
              data-testid={`workspace-${name}`}
            />
          </div>
        ))}
        <p className="hint" id={`${id}-hint`}>
          {t('workspace.listsHint')}
        </p>
        {editable && (
          <button type="submit" className="button" disabled={save.isPending}>
            {t('workspace.listsSave')}
          </button>
        )}
        {saved && (
          <p className="muted small" role="status">
            {t('workspace.listsSaved')}
          </p>
        )}
        <FormError message={error} />
      </form>
    </section>
  )
}
