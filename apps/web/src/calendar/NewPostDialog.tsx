import { type DayKey, LIMITS, NETWORKS, type Refusal, type StageField } from '@pauta/domain'
import { type ReactNode, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { controlProps, DialogField, focusField } from '../app/DialogField.tsx'
import { FormDialog } from '../app/FormDialog.tsx'
import { FormError } from '../app/FormError.tsx'
import { useBoard } from '../board/use-board.ts'
import { useCommand } from '../board/use-command.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { formatMoment, formatWhen, viewerTimeZone, zoneName } from './calendar-format.ts'
import { DEFAULT_NEW_POST_TIME, type NewPostValues, parseNewPost } from './new-post.ts'

type Field = keyof NewPostValues

/** Where the new post starts: the day, and the slot's time when it came from one. */
export interface NewPostAt {
  day: DayKey
  time: string | null
}

/**
 * A post created straight into Calendar on a day: title, network, community manager, time
 * (in the workspace's zone, with the viewer's own time beside it when they differ) and
 * campaign. Judged by the board's rules before it is written, as the server will judge it.
 */
export function NewPostDialog({
  at,
  campaigns,
  onClose,
  onCreated,
}: {
  at: NewPostAt
  /** the campaigns already on the board, offered as suggestions */
  campaigns: readonly string[]
  onClose: () => void
  /** told what was created, for the screen-reader announcement */
  onCreated: (text: string) => void
}) {
  const { t, i18n } = useTranslation()
  const { members, rules, timeZone, objectives, campaigns: kept } = useBoard()
  const run = useCommand()
  // the workspace's list first, then names already used on the board
  const suggestions = [...new Set([...kept, ...campaigns])]
  const ids = useId()
  const [values, setValues] = useState<NewPostValues>(() => ({
    title: '',
    date: at.day,
    time: at.time ?? DEFAULT_NEW_POST_TIME,
    network: '',
    assigneeId: '',
    campaign: '',
    objective: '',
  }))
  const [invalid, setInvalid] = useState<Field[]>([])
  const [refusal, setRefusal] = useState<Refusal | null>(null)

  const cms = useMemo(
    () =>
      [...members.values()]
        .filter((member) => member.roles.includes('cm'))
        .sort((a, b) => a.name.localeCompare(b.name, i18n.language)),
    [members, i18n.language],
  )
  const viewer = viewerTimeZone()
  const parsed = parseNewPost(values, timeZone)
  const scheduledAt = parsed.ok ? parsed.input.scheduledAt : null

  const set = (field: Field, value: string) => setValues((v) => ({ ...v, [field]: value }))

  const submit = (form: HTMLFormElement) => {
    if (!parsed.ok) {
      setInvalid(parsed.invalid)
      setRefusal(null)
      focusField(form, parsed.invalid)
      return
    }
    const created = run({ type: 'create', card: parsed.input })
    if (!created.ok) {
      const missing =
        created.refusal.code === 'missing-fields' ? formFields(created.refusal.fields) : []
      setInvalid(missing)
      setRefusal(created.refusal)
      focusField(form, missing)
      return
    }
    onCreated(
      t('calendar.dialog.added', {
        title: created.change.after.title,
        when: formatWhen(parsed.input.scheduledAt, timeZone, i18n.language),
      }),
    )
    onClose()
  }

  const fieldId = (field: Field) => `${ids}-${field}`
  const problem = (field: Field) => (invalid.includes(field) ? t('calendar.dialog.required') : null)
  const row = (field: Field, label: string, control: ReactNode, hint?: ReactNode) => (
    <DialogField
      id={fieldId(field)}
      className={`field-${field}`}
      label={label}
      problem={problem(field)}
    >
      {control}
      {hint}
    </DialogField>
  )
  const common = (field: Field) => ({
    ...controlProps(fieldId(field), field, problem(field)),
    value: values[field],
  })

  return (
    <FormDialog
      className="cal-new-post"
      testId="calendar-dialog"
      title={t('calendar.dialog.title')}
      description={{ className: 'muted', content: t('calendar.dialog.intro') }}
      cancel={{ label: t('calendar.dialog.cancel'), testId: 'calendar-dialog-cancel' }}
      submit={{ label: t('calendar.dialog.submit'), testId: 'calendar-dialog-submit' }}
      onSubmit={submit}
      onClose={onClose}
    >
      {row(
        'title',
        t('calendar.dialog.postTitle'),
        <input
          {...common('title')}
          // biome-ignore lint/a11y/noAutofocus: inside FormDialog's modal <dialog>, which is where biome allows it
          autoFocus
          autoComplete="off"
          maxLength={LIMITS.title}
          required
          data-testid="calendar-dialog-title"
          onChange={(e) => set('title', e.target.value)}
        />,
      )}
      <div className="field-row">
        {row(
          'date',
          t('calendar.dialog.date'),
          <input
            {...common('date')}
            type="date"
            required
            data-testid="calendar-dialog-date"
            onChange={(e) => set('date', e.target.value)}
          />,
        )}
        {row(
          'time',
          t('calendar.dialog.time', { zone: zoneName(timeZone) }),
          <input
            {...common('time')}
            type="time"
            step={300}
            required
            data-testid="calendar-dialog-time"
            onChange={(e) => set('time', e.target.value)}
          />,
          viewer !== timeZone && scheduledAt ? (
            <p className="hint" data-testid="calendar-dialog-viewer-time" aria-live="polite">
              {t('calendar.dialog.viewerTime', {
                zone: zoneName(viewer),
                time: formatMoment(scheduledAt, viewer, i18n.language),
              })}
            </p>
          ) : null,
        )}
      </div>
      <div className="field-row">
        {row(
          'network',
          t('calendar.dialog.network'),
          <select
            {...common('network')}
            data-testid="calendar-dialog-network"
            onChange={(e) => set('network', e.target.value)}
          >
            <option value="">{t('calendar.dialog.choose')}</option>
            {NETWORKS.map((network) => (
              <option key={network} value={network}>
                {t(`networks.${network}`)}
              </option>
            ))}
          </select>,
        )}
        {row(
          'assigneeId',
          t('calendar.dialog.cm'),
          <select
            {...common('assigneeId')}
            data-testid="calendar-dialog-cm"
            onChange={(e) => set('assigneeId', e.target.value)}
          >
            <option value="">{t('calendar.dialog.noCm')}</option>
            {cms.map((cm) => (
              <option key={cm.id} value={cm.id}>
                {cm.name}
              </option>
            ))}
          </select>,
          cms.length === 0 ? <p className="hint">{t('calendar.dialog.noCms')}</p> : null,
        )}
      </div>
      {row(
        'campaign',
        t('calendar.dialog.campaign'),
        <>
          <input
            {...common('campaign')}
            autoComplete="off"
            maxLength={LIMITS.title}
            list={`${ids}-campaigns`}
            data-testid="calendar-dialog-campaign"
            onChange={(e) => set('campaign', e.target.value)}
          />
          <datalist id={`${ids}-campaigns`}>
            {suggestions.map((campaign) => (
              <option key={campaign} value={campaign} />
            ))}
          </datalist>
        </>,
      )}
      {objectives.length > 0 &&
        row(
          'objective',
          t('card.objective'),
          <select
            {...common('objective')}
            data-testid="calendar-dialog-objective"
            onChange={(e) => set('objective', e.target.value)}
          >
            <option value="">{t('card.noObjective')}</option>
            {objectives.map((objective) => (
              <option key={objective} value={objective}>
                {objective}
              </option>
            ))}
          </select>,
        )}
      <FormError message={refusal && refusalMessage(refusal, t, i18n.language, rules)} />
    </FormDialog>
  )
}

/** The dialog's fields among those a stage demands (the board may require more). */
function formFields(fields: readonly StageField[]): Field[] {
  const map: Partial<Record<StageField, Field>> = {
    title: 'title',
    network: 'network',
    assigneeId: 'assigneeId',
    scheduledAt: 'time',
    campaign: 'campaign',
  }
  return fields.flatMap((field) => {
    const mapped = map[field]
    return mapped ? [mapped] : []
  })
}
