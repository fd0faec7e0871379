import {
  type BoardSettings,
  DEFAULT_RULES,
  isStrategist,
  MOVER_ROLES,
  SEVERITIES,
  STAGES,
  transitionKey,
} from '@pauta/domain'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiErrorKey, serverFieldErrors } from '../api/api-error.ts'
import { trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { AppHeader } from '../app/AppHeader.tsx'
import { FullPageMessage } from '../app/FullPageMessage.tsx'
import { Link } from '../app/Link.tsx'
import { boardPath } from '../app/router.ts'
import {
  type DurationUnit,
  fromSettingsForm,
  type SettingsErrors,
  type SettingsForm,
  STAGE_FIELDS,
  toggleMover,
  toggleRequired,
  toSettingsForm,
} from './settings-form.ts'

/** `/b/<id>/settings`: a board's workflow rules. Its strategists edit; everyone else reads. */
export function BoardSettingsPage({ boardId }: { boardId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const board = useQuery(trpc.boards.get.queryOptions({ boardId }))
  const code = trpcErrorCode(board.error)
  if (code === 'NOT_FOUND' || code === 'FORBIDDEN') {
    return (
      <FullPageMessage>
        <p role="alert">{t('board.notFound')}</p>
        <Link to="/">{t('app.backToBoards')}</Link>
      </FullPageMessage>
    )
  }
  return (
    <div className="page">
      <AppHeader
        title={
          <div className="board-heading">
            <h1>{t('settings.title')}</h1>
            {board.data && (
              <Link to={boardPath(boardId)} className="muted small" data-testid="back-to-board">
                {board.data.name}
              </Link>
            )}
          </div>
        }
      />
      <main className="settings-page wide" id="main">
        {board.isPending && <p className="muted">{t('app.loading')}</p>}
        {board.data && (
          <SettingsEditor
            boardId={boardId}
            settings={board.data.settings}
            editable={isStrategist(board.data.roles)}
          />
        )}
      </main>
    </div>
  )
}

function SettingsEditor({
  boardId,
  settings,
  editable,
}: {
  boardId: string
  settings: BoardSettings
  editable: boolean
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [form, setForm] = useState<SettingsForm>(() => toSettingsForm(settings))
  const [errors, setErrors] = useState<SettingsErrors>({})
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

  const change = (next: SettingsForm) => {
    setForm(next)
    setSaved(false)
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!editable) return
    const parsed = fromSettingsForm(form)
    if (!parsed.ok) {
      setErrors(parsed.errors)
      return
    }
    setErrors({})
    save.mutate({ boardId, settings: parsed.settings })
  }

  const reset = () => {
    const defaults = toSettingsForm({ wipLimits: {}, rules: DEFAULT_RULES })
    change({ ...defaults, wipLimits: form.wipLimits })
  }

  const errorOf = (path: string) =>
    errors[path] ? (
      <span className="field-error" role="alert">
        {t('settings.invalidNumber')}
      </span>
    ) : null

  return (
    <form onSubmit={submit} noValidate className="settings-form">
      {!editable && (
        <p className="notice info" data-testid="settings-read-only">
          {t('settings.readOnly')}
        </p>
      )}
      <fieldset disabled={!editable} className="settings-fieldset">
        <section className="panel" aria-labelledby="transitions-title">
          <h2 id="transitions-title">{t('settings.transitions')}</h2>
          <p className="muted">{t('settings.transitionsHint')}</p>
          <div className="matrix-scroll">
            <table className="matrix">
              <thead>
                <tr>
                  <th scope="col">{t('settings.fromTo')}</th>
                  {STAGES.map((to) => (
                    <th key={to} scope="col">
                      {t(`stages.${to}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {STAGES.map((from) => (
                  <tr key={from}>
                    <th scope="row">{t(`stages.${from}`)}</th>
                    {STAGES.map((to) => {
                      if (from === to)
                        return <td key={to} className="matrix-self" aria-hidden="true" />
                      const key = transitionKey(from, to)
                      const movers = form.transitions[key] ?? []
                      return (
                        <td key={to} data-testid={`cell-${from}-${to}`}>
                          <div className="chips">
                            {MOVER_ROLES.map((role) => (
                              <button
                                key={role}
                                type="button"
                                className={`chip${movers.includes(role) ? ' is-on' : ''}`}
                                data-role={role}
                                aria-pressed={movers.includes(role)}
                                aria-label={t('settings.cellRole', {
                                  role: t(`roles.${role}`),
                                  from: t(`stages.${from}`),
                                  to: t(`stages.${to}`),
                                })}
                                title={t(`roles.${role}`)}
                                onClick={() => change(toggleMover(form, key, role))}
                              >
                                {t(`roleShort.${role}`)}
                              </button>
                            ))}
                          </div>
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section className="panel" aria-labelledby="required-title">
          <h2 id="required-title">{t('settings.requiredFields')}</h2>
          <p className="muted">{t('settings.requiredHint')}</p>
          <div className="required-grid">
            {STAGES.map((stage) => (
              <fieldset key={stage} className="required-stage" data-testid={`required-${stage}`}>
                <legend>{t(`stages.${stage}`)}</legend>
                {STAGE_FIELDS.map((field) => (
                  <label key={field} className="check">
                    <input
                      type="checkbox"
                      name={`required-${stage}`}
                      value={field}
                      checked={form.requiredFields[stage].includes(field)}
                      onChange={() => change(toggleRequired(form, stage, field))}
                    />
                    {t(`fieldLabels.${field}`)}
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
        </section>

        <section className="panel" aria-labelledby="wip-title">
          <h2 id="wip-title">{t('settings.wip')}</h2>
          <p className="muted">{t('settings.wipHint')}</p>
          <div className="number-grid">
            {STAGES.map((stage) => (
              <label key={stage} className="field">
                <span>{t(`stages.${stage}`)}</span>
                <input
                  type="number"
                  min={1}
                  step={1}
                  inputMode="numeric"
                  name={`wip-${stage}`}
                  placeholder={t('settings.none')}
                  value={form.wipLimits[stage]}
                  aria-invalid={errors[`wipLimits.${stage}`] ? true : undefined}
                  onChange={(e) =>
                    change({ ...form, wipLimits: { ...form.wipLimits, [stage]: e.target.value } })
                  }
                />
                {errorOf(`wipLimits.${stage}`)}
              </label>
            ))}
            <label className="field">
              <span>{t('settings.cmWip')}</span>
              <input
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                name="cmWipLimit"
                placeholder={t('settings.none')}
                value={form.cmWipLimit}
                aria-invalid={errors['rules.cmWipLimit'] ? true : undefined}
                onChange={(e) => change({ ...form, cmWipLimit: e.target.value })}
              />
              {errorOf('rules.cmWipLimit')}
            </label>
          </div>
        </section>

        <section className="panel" aria-labelledby="sla-title">
          <h2 id="sla-title">{t('settings.sla')}</h2>
          <p className="muted">{t('settings.slaHint')}</p>
          <div className="number-grid">
            {SEVERITIES.map((severity) => (
              <div key={severity} className="field">
                <label htmlFor={`sla-${severity}`}>{t(`severities.${severity}`)}</label>
                <div className="duration">
                  <input
                    id={`sla-${severity}`}
                    type="number"
                    min={1}
                    step="any"
                    name={`sla-${severity}`}
                    value={form.sla[severity].value}
                    aria-invalid={errors[`rules.slaMinutes.${severity}`] ? true : undefined}
                    onChange={(e) =>
                      change({
                        ...form,
                        sla: {
                          ...form.sla,
                          [severity]: { ...form.sla[severity], value: e.target.value },
                        },
                      })
                    }
                  />
                  <select
                    name={`sla-unit-${severity}`}
                    aria-label={t('settings.unit')}
                    value={form.sla[severity].unit}
                    onChange={(e) =>
                      change({
                        ...form,
                        sla: {
                          ...form.sla,
                          [severity]: {
                            ...form.sla[severity],
                            unit: e.target.value as DurationUnit,
                          },
                        },
                      })
                    }
                  >
                    <option value="minutes">{t('settings.minutes')}</option>
                    <option value="hours">{t('settings.hours')}</option>
                  </select>
                </div>
                {errorOf(`rules.slaMinutes.${severity}`)}
              </div>
            ))}
          </div>
        </section>
      </fieldset>
      {Object.keys(errors).length > 0 && (
        <p className="form-error" role="alert">
          {t('settings.fixErrors')}
        </p>
      )}
      {serverErrors.length > 0 && (
        <div className="form-error" role="alert" data-testid="settings-server-errors">
          {serverErrors.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      {editable && (
        <div className="settings-actions">
          <button type="button" className="button" data-testid="reset-settings" onClick={reset}>
            {t('settings.reset')}
          </button>
          <span className="spacer" />
          {saved && (
            <output className="muted" data-testid="settings-saved">
              {t('settings.saved')}
            </output>
          )}
          <button
            type="submit"
            className="button primary"
            data-testid="save-settings"
            disabled={save.isPending}
          >
            {save.isPending ? t('settings.saving') : t('settings.save')}
          </button>
        </div>
      )}
    </form>
  )
}
