import { boardNameSchema, timeZoneSchema, workspaceNameSchema } from '@pauta/domain'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { serverFieldErrors } from '../api/api-error.ts'
import { useTRPC } from '../api/trpc.ts'
import { FormError } from '../app/FormError.tsx'
import { boardPath, navigate } from '../app/router.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { viewerTimeZone } from '../time/clock-format.ts'
import { ZonePicker } from './ZonePicker.tsx'
import '../styles/onboarding.css'

type Field = 'name' | 'timeZone' | 'boardName'
type Problems = Partial<Record<Field, string>>

const PROBLEM_KEYS: Record<Field, string> = {
  name: 'onboarding.errors.workspaceName',
  timeZone: 'onboarding.errors.timeZone',
  boardName: 'onboarding.errors.boardName',
}

/**
 * A new workspace (name, time zone proposed from this device) and its first board, made in
 * one step (`workspaces.start`); then the new board opens. `first` when it is the person's
 * first workspace: the page's main panel, with its heading (otherwise its container names it).
 */
export function FirstRunForm({ first }: { first: boolean }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const [zone, setZone] = useState(viewerTimeZone)
  const [problems, setProblems] = useState<Problems>({})
  const [error, setError] = useState<string | null>(null)
  const start = useMutation(
    trpc.workspaces.start.mutationOptions({
      onSuccess: async ({ boardId }) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.workspaces.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.boards.pathKey() }),
        ])
        navigate(boardPath(boardId))
      },
      onError: (cause) => {
        const fields = Object.keys(serverFieldErrors(cause)) as Field[]
        const known = fields.filter((f) => f in PROBLEM_KEYS)
        setProblems(Object.fromEntries(known.map((f) => [f, t(PROBLEM_KEYS[f])])))
        setError(known.length ? null : t('onboarding.errors.failed'))
      },
    }),
  )

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const name = workspaceNameSchema.safeParse(String(data.get('name') ?? '').trim())
    const boardName = boardNameSchema.safeParse(String(data.get('boardName') ?? '').trim())
    const timeZone = timeZoneSchema.safeParse(zone)
    const found: Problems = {}
    if (!name.success) found.name = t(PROBLEM_KEYS.name)
    if (!timeZone.success) found.timeZone = t(PROBLEM_KEYS.timeZone)
    if (!boardName.success) found.boardName = t(PROBLEM_KEYS.boardName)
    setProblems(found)
    setError(null)
    if (!name.success || !timeZone.success || !boardName.success) return
    start.mutate({ name: name.data, timeZone: timeZone.data, boardName: boardName.data })
  }

  const text = (field: 'name' | 'boardName', label: string, placeholder: string) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input
        id={`${id}-${field}`}
        name={field}
        required
        maxLength={120}
        placeholder={placeholder}
        data-testid={`first-run-${field}`}
        aria-invalid={problems[field] ? true : undefined}
        aria-describedby={problems[field] ? `${id}-${field}-problem` : undefined}
      />
      {problems[field] && (
        <p className="field-error" id={`${id}-${field}-problem`}>
          {problems[field]}
        </p>
      )}
    </div>
  )

  return (
    <section
      className={first ? 'panel first-run' : 'first-run'}
      aria-labelledby={first ? `${id}-title` : undefined}
      aria-label={first ? undefined : t('onboarding.newWorkspace')}
      data-testid="first-run"
    >
      {first && <h2 id={`${id}-title`}>{t('onboarding.firstTitle')}</h2>}
      <p className="muted">{t(first ? 'onboarding.firstIntro' : 'onboarding.newWorkspaceIntro')}</p>
      <form onSubmit={submit} noValidate className="first-run-form">
        {text('name', t('onboarding.workspaceName'), t('onboarding.workspacePlaceholder'))}
        <ZonePicker value={zone} onChange={setZone} problem={problems.timeZone ?? null} />
        {text('boardName', t('onboarding.boardName'), t('onboarding.boardPlaceholder'))}
        <button
          type="submit"
          className="button primary"
          data-testid="first-run-create"
          disabled={start.isPending}
        >
          {start.isPending ? t('onboarding.creating') : t('onboarding.create')}
        </button>
        <FormError message={error} />
      </form>
      {first && <p className="muted small">{t('onboarding.firstInvited')}</p>}
    </section>
  )
}
