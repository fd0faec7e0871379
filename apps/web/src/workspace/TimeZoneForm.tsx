import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useMemo, useState } from 'react'
import { apiErrorKey } from '../api/api-error.ts'
import { useTRPC } from '../api/trpc.ts'
import { FormError } from '../app/FormError.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { viewerTimeZone } from '../time/clock-format.ts'
import { knownZones } from '../time/zones.ts'

/**
 * The zone the team schedules in: the calendar, the queue and the feeds show and take times
 * in it. Strategists and managers change it; everyone else reads it.
 */
export function TimeZoneForm({
  workspaceId,
  timeZone,
  editable,
}: {
  workspaceId: string
  timeZone: string
  editable: boolean
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const options = useMemo(() => knownZones(timeZone), [timeZone])
  const mine = viewerTimeZone()
  const save = useMutation(
    trpc.workspaces.setTimeZone.mutationOptions({
      onSuccess: () => {
        setError(null)
        setSaved(true)
        void queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() })
        void queryClient.invalidateQueries({ queryKey: trpc.boards.get.queryKey() })
      },
      onError: (cause) =>
        setError(t(apiErrorKey(cause, 'workspace.timeZoneErrors', ['BAD_REQUEST', 'FORBIDDEN']))),
    }),
  )

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const zone = String(new FormData(event.currentTarget).get('timeZone') ?? '')
    setSaved(false)
    save.mutate({ workspaceId, timeZone: zone })
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('workspace.timeZone')}</h2>
      <p className="muted">{t('workspace.timeZoneHelp')}</p>
      <form onSubmit={submit} className="invite-form">
        <div className="field">
          <label htmlFor={`${id}-zone`}>{t('workspace.timeZoneLabel')}</label>
          <select
            id={`${id}-zone`}
            name="timeZone"
            defaultValue={timeZone}
            key={timeZone}
            disabled={!editable || save.isPending}
            data-testid="workspace-time-zone"
          >
            {options.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </div>
        {mine !== timeZone && (
          <p className="muted small">{t('workspace.timeZoneYours', { zone: mine })}</p>
        )}
        {editable && (
          <button type="submit" className="button" disabled={save.isPending}>
            {t('workspace.timeZoneSave')}
          </button>
        )}
        {saved && (
          <p className="muted small" role="status">
            {t('workspace.timeZoneSaved')}
          </p>
        )}
        <FormError message={error} />
      </form>
    </section>
  )
}
