import type { Refusal, Stage } from '@pauta/domain'
import { useId, useState } from 'react'
import { focusField } from '../app/DialogField.tsx'
import { FormDialog } from '../app/FormDialog.tsx'
import { FormError } from '../app/FormError.tsx'
import { PastTimeWarning } from '../calendar/past-time/PastTimeWarning.tsx'
import { usePastCheck } from '../calendar/past-time/use-past-check.ts'
import type { TFunction } from '../i18n/translate.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { type AskField, checkMoveAnswers } from '../rules/move-plan.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { MoveFieldControl } from './move-fields/MoveFieldControl.tsx'
import { initialValues, type MoveValues, toAnswers } from './move-fields/move-answers.ts'
import type { MoveForm } from './move-fields/move-fields-kit.tsx'
import { useBoard, useCard } from './use-board.ts'
import { useCommand } from './use-command.ts'

/** A drop that waits for the fields its target stage needs. */
export interface PendingMove {
  cardId: string
  target: { stage: Stage; index: number }
  fields: AskField[]
}

/** Why a field was not accepted: empty, or a date or link that does not read. */
function problemKey(field: AskField, typed: string | undefined): string {
  if (!typed?.trim()) return 'moveFields.required'
  if (field === 'scheduledAt' || field === 'publishedAt') return 'errors.invalidDate'
  if (field === 'publishedUrl' || field === 'escalationUrl') return 'moveFields.invalidLink'
  return 'moveFields.required'
}

/** Field ids under the dialog's `useId`, and the problems in the reader's language. */
function fieldLookups(ids: string, values: MoveValues, invalid: readonly AskField[], t: TFunction) {
  return {
    idOf: (field: AskField) => `${ids}-${field}`,
    problemOf: (field: AskField) =>
      invalid.includes(field) ? t(problemKey(field, values[field])) : null,
  }
}

/**
 * Asks for exactly what a move needs (a calendar slot, a publication time, an escalation's
 * reason and severity, a resolution note) and writes the move with them in one transaction.
 * Cancel or Escape writes nothing: the card goes back where it was.
 */
export function MoveFieldsDialog({ move, onDone }: { move: PendingMove; onDone: () => void }) {
  const { t, i18n } = useTranslation()
  const run = useCommand()
  const { actor, rules, timeZone } = useBoard()
  const card = useCard(move.cardId)
  const [values, setValues] = useState<MoveValues>(() => initialValues(move.fields, timeZone))
  const [invalid, setInvalid] = useState<AskField[]>([])
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const ids = useId()
  const past = usePastCheck()
  const stage = move.target.stage
  const leaving = card?.stage === 'escalated' && move.fields.includes('resolutionNote')

  const set = (field: AskField, value: string) => setValues((v) => ({ ...v, [field]: value }))

  const confirm = (form: HTMLFormElement) => {
    if (!card) return onDone()
    const { answers, badDates } = toAnswers(values, timeZone)
    const checked = checkMoveAnswers(actor, card, stage, rules, move.fields, answers)
    const wrong = checked.ok ? badDates : [...new Set([...badDates, ...checked.missing])]
    setInvalid(wrong)
    setRefusal(checked.ok ? null : checked.refusal)
    if (!checked.ok || wrong.length > 0) {
      focusField(form, wrong)
      return
    }
    const { fields, extra } = checked
    if (!past.mayWrite(fields.scheduledAt)) return
    // one command: the server judges the move together with the fields it needs
    const moved = run({
      type: 'move',
      cardId: card.id,
      stage: move.target.stage,
      index: move.target.index,
      fields: { ...extra, ...fields },
    })
    if (!moved.ok) return setRefusal(moved.refusal)
    onDone()
  }

  const form: MoveForm = { values, set, ...fieldLookups(ids, values, invalid, t) }

  return (
    <FormDialog
      className="move-fields-dialog"
      testId="move-fields"
      title={t('moveFields.title', { stage: t(`stages.${stage}`) })}
      description={{
        className: 'muted move-fields-intro',
        content: (
          <>
            {card && <strong>{card.title}</strong>}{' '}
            {t(leaving ? 'moveFields.leaving' : 'moveFields.intro', {
              stage: t(`stages.${stage}`),
            })}
          </>
        ),
      }}
      cancel={{ label: t('moveFields.cancel'), testId: 'move-fields-cancel' }}
      submit={{
        label: t(past.warned ? 'pastTime.anyway' : 'moveFields.confirm'),
        testId: 'move-fields-confirm',
      }}
      onSubmit={confirm}
      onClose={onDone}
    >
      {move.fields.map((field) => (
        <MoveFieldControl key={field} form={form} field={field} />
      ))}
      <PastTimeWarning at={past.warned} />
      <FormError message={refusal && refusalMessage(refusal, t, i18n.language, rules)} />
    </FormDialog>
  )
}
