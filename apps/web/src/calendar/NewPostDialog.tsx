import type { DayKey, Refusal, StageField } from '@pauta/domain'
import { useId, useState } from 'react'
import { focusField } from '../app/DialogField.tsx'
import { FormDialog } from '../app/FormDialog.tsx'
import { FormError } from '../app/FormError.tsx'
import { useBoard } from '../board/use-board.ts'
import { useCommand } from '../board/use-command.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { useWorkspaceClock } from '../time/use-workspace-clock.ts'
import { DEFAULT_NEW_POST_TIME, type NewPostValues, parseNewPost } from './new-post.ts'
import { CmField, NetworkField } from './new-post-dialog/ChannelFields.tsx'
import type { NewPostField as Field, NewPostForm } from './new-post-dialog/new-post-kit.tsx'
import { CampaignField, ObjectiveField, TitleField } from './new-post-dialog/PlanFields.tsx'
import { DateField, TimeField } from './new-post-dialog/ScheduleFields.tsx'
import { PastTimeWarning } from './past-time/PastTimeWarning.tsx'
import { usePastCheck } from './past-time/use-past-check.ts'

/** Where the new post starts: the day, and the slot's time when it came from one. */
export interface NewPostAt {
  day: DayKey
  time: string | null
}

/** An empty post on the day (and at the slot's time) it was started from. */
function blankPost(at: NewPostAt): NewPostValues {
  return {
    title: '',
    date: at.day,
    time: at.time ?? DEFAULT_NEW_POST_TIME,
    network: '',
    assigneeId: '',
    campaign: '',
    objective: '',
  }
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
  const clock = useWorkspaceClock()
  const { rules, timeZone } = useBoard()
  const run = useCommand()
  const ids = useId()
  const [values, setValues] = useState<NewPostValues>(() => blankPost(at))
  const [invalid, setInvalid] = useState<Field[]>([])
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const parsed = parseNewPost(values, timeZone)
  const past = usePastCheck()

  const submit = (form: HTMLFormElement) => {
    if (!parsed.ok) {
      setInvalid(parsed.invalid)
      setRefusal(null)
      focusField(form, parsed.invalid)
      return
    }
    if (!past.mayWrite(parsed.input.scheduledAt)) return
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
        when: clock.text(parsed.input.scheduledAt, 'full'),
      }),
    )
    onClose()
  }

  const form: NewPostForm = {
    values,
    set: (field, value) => setValues((v) => ({ ...v, [field]: value })),
    idOf: (field) => `${ids}-${field}`,
    problemOf: (field) => (invalid.includes(field) ? t('calendar.dialog.required') : null),
  }

  return (
    <FormDialog
      className="cal-new-post"
      testId="calendar-dialog"
      title={t('calendar.dialog.title')}
      description={{ className: 'muted', content: t('calendar.dialog.intro') }}
      cancel={{ label: t('calendar.dialog.cancel'), testId: 'calendar-dialog-cancel' }}
      submit={{
        label: t(past.warned ? 'pastTime.createAnyway' : 'calendar.dialog.submit'),
        testId: 'calendar-dialog-submit',
      }}
      onSubmit={submit}
      onClose={onClose}
    >
      <TitleField form={form} />
      <div className="field-row">
        <DateField form={form} />
        <TimeField form={form} scheduledAt={parsed.ok ? parsed.input.scheduledAt : null} />
      </div>
      <div className="field-row">
        <NetworkField form={form} />
        <CmField form={form} />
      </div>
      <CampaignField form={form} campaigns={campaigns} listId={`${ids}-campaigns`} />
      <ObjectiveField form={form} />
      <PastTimeWarning at={past.warned} />
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
