import type { Refusal, Stage, StageField } from '@pauta/domain'
import { useId, useState } from 'react'
import { focusField } from '../../app/DialogField.tsx'
import { FormDialog } from '../../app/FormDialog.tsx'
import { FormError } from '../../app/FormError.tsx'
import { PastTimeWarning } from '../../calendar/past-time/PastTimeWarning.tsx'
import { usePastCheck } from '../../calendar/past-time/use-past-check.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { refusalMessage } from '../../rules/refusal-message.ts'
import { MoveFieldControl } from '../move-fields/MoveFieldControl.tsx'
import { initialValues, type MoveValues, toAnswers } from '../move-fields/move-answers.ts'
import type { MoveForm } from '../move-fields/move-fields-kit.tsx'
import { useBoard } from '../use-board.ts'
import { useCommand } from '../use-command.ts'
import { fieldsAtFault, newCardInput } from './create-plan.ts'

/** Why a field was not accepted: empty, or a date or link that does not read. */
function problemKey(field: StageField, typed: string | undefined): string {
  if (!typed?.trim()) return 'moveFields.required'
  if (field === 'scheduledAt' || field === 'publishedAt') return 'errors.invalidDate'
  if (field === 'publishedUrl' || field === 'escalationUrl') return 'moveFields.invalidLink'
  return 'errors.invalid'
}

/**
 * A column's "+" where the stage needs more than a title (a calendar slot, a publication
 * time, an escalation's reason and severity…): the title and exactly those fields, then the
 * create command, judged as the server will judge it.
 */
export function NewCardDialog({
  stage,
  fields,
  onClose,
  onCreated,
}: {
  stage: Stage
  fields: readonly StageField[]
  onClose: () => void
  onCreated: (id: string) => void
}) {
  const { t, i18n } = useTranslation()
  const { rules, timeZone } = useBoard()
  const run = useCommand()
  const ids = useId()
  const past = usePastCheck()
  const asked: StageField[] = ['title', ...fields]
  const [values, setValues] = useState<MoveValues>(() => initialValues(asked, timeZone))
  const [invalid, setInvalid] = useState<StageField[]>([])
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const stageName = t(`stages.${stage}`)

  const submit = (form: HTMLFormElement) => {
    const { answers, badDates } = toAnswers(values, timeZone)
    const title = values.title?.trim() ?? ''
    // the only dates asked here are stage fields (a resolution note is never asked)
    const dates = badDates.filter((field): field is StageField => field !== 'resolutionNote')
    const wrong: StageField[] = [...(title ? [] : ['title' as const]), ...dates]
    let refused: Refusal | null = null
    if (wrong.length === 0) {
      if (!past.mayWrite(answers.scheduledAt)) return
      const created = run({ type: 'create', card: newCardInput(title, stage, fields, answers) })
      if (created.ok) {
        onCreated(created.change.cardId)
        onClose()
        return
      }
      wrong.push(...fieldsAtFault(created.refusal, asked))
      if (wrong.length === 0) refused = created.refusal
    }
    setInvalid(wrong)
    setRefusal(refused)
    focusField(form, wrong)
  }

  const form: MoveForm = {
    values,
    set: (field, value) => setValues((v) => ({ ...v, [field]: value })),
    idOf: (field) => `${ids}-${field}`,
    problemOf: (field) =>
      invalid.includes(field as StageField)
        ? t(problemKey(field as StageField, values[field]))
        : null,
  }

  return (
    <FormDialog
      className="new-card-dialog"
      testId="new-card-dialog"
      title={t('newCard.title', { stage: stageName })}
      description={{
        className: 'muted move-fields-intro',
        content: t('newCard.intro', { stage: stageName }),
      }}
      cancel={{ label: t('newCard.cancel'), testId: 'new-card-cancel' }}
      submit={{
        label: t(past.warned ? 'pastTime.createAnyway' : 'newCard.submit'),
        testId: 'new-card-submit',
      }}
      onSubmit={submit}
      onClose={onClose}
    >
      {asked.map((field) => (
        <MoveFieldControl key={field} form={form} field={field} />
      ))}
      <PastTimeWarning at={past.warned} />
      <FormError message={refusal && refusalMessage(refusal, t, i18n.language, rules)} />
    </FormDialog>
  )
}
