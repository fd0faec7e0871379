import { listCards } from '@pauta/board'
import { LIMITS, NETWORKS, type Refusal, SEVERITIES, type Stage } from '@pauta/domain'
import { type ReactNode, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { controlProps, DialogField, focusField } from '../app/DialogField.tsx'
import { FormDialog } from '../app/FormDialog.tsx'
import { FormError } from '../app/FormError.tsx'
import {
  type AskField,
  activeLoad,
  checkMoveAnswers,
  type MoveAnswers,
} from '../rules/move-plan.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { isoToLocalInput, localInputToIso, parseTags } from './card-form.ts'
import { useBoard, useCard } from './use-board.ts'
import { useCommand } from './use-command.ts'

function cmLoadKey(count: number, limit: number): string {
  if (count > limit) return 'moveFields.cmLoadOver'
  return count === limit ? 'moveFields.cmLoadFull' : 'moveFields.cmLoadLimit'
}

/** A drop that waits for the fields its target stage needs. */
export interface PendingMove {
  cardId: string
  target: { stage: Stage; index: number }
  fields: AskField[]
}

type Values = Partial<Record<AskField, string>>

function initialValues(fields: readonly AskField[]): Values {
  const values: Values = {}
  for (const field of fields) values[field] = ''
  // a publication usually goes out as it is moved: now, editable
  if (fields.includes('publishedAt')) values.publishedAt = isoToLocalInput(new Date().toISOString())
  return values
}

/** The dialog's strings as the fields a move writes; an unreadable date stays `undefined`-free. */
function toAnswers(values: Values): { answers: MoveAnswers; badDates: AskField[] } {
  const answers: MoveAnswers = {}
  const badDates: AskField[] = []
  for (const [field, raw] of Object.entries(values) as [AskField, string][]) {
    const value = raw.trim()
    switch (field) {
      case 'scheduledAt':
      case 'publishedAt': {
        const iso = localInputToIso(value)
        if (iso === undefined) badDates.push(field)
        else answers[field] = iso
        break
      }
      case 'network':
        answers.network = (NETWORKS as readonly string[]).includes(value)
          ? (value as MoveAnswers['network'])
          : null
        break
      case 'severity':
        answers.severity = (SEVERITIES as readonly string[]).includes(value)
          ? (value as MoveAnswers['severity'])
          : null
        break
      case 'assigneeId':
        answers.assigneeId = value || null
        break
      case 'escalationReason':
      case 'resolutionNote':
        answers[field] = value || null
        break
      case 'description':
        answers.description = value
        break
      case 'campaign':
        answers.campaign = value
        break
      case 'tags':
        answers.tags = parseTags(value)
        break
      case 'title':
        break
    }
  }
  return { answers, badDates }
}

/**
 * Asks for exactly what a move needs (a calendar slot, a publication time, an escalation's
 * reason and severity, a resolution note) and writes the move with them in one transaction.
 * Cancel or Escape writes nothing: the card goes back where it was.
 */
export function MoveFieldsDialog({ move, onDone }: { move: PendingMove; onDone: () => void }) {
  const { t, i18n } = useTranslation()
  const run = useCommand()
  const { session, members, actor, rules } = useBoard()
  const card = useCard(move.cardId)
  const [values, setValues] = useState<Values>(() => initialValues(move.fields))
  const [invalid, setInvalid] = useState<AskField[]>([])
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const ids = useId()
  const stage = move.target.stage
  const leaving = card?.stage === 'escalated' && move.fields.includes('resolutionNote')

  const cms = useMemo(
    () => [...members.values()].filter((member) => member.roles.includes('cm')),
    [members],
  )
  const load = useMemo(
    () => (move.fields.includes('assigneeId') ? activeLoad(listCards(session.doc)) : new Map()),
    [move.fields, session.doc],
  )

  const set = (field: AskField, value: string) => setValues((v) => ({ ...v, [field]: value }))

  const confirm = (form: HTMLFormElement) => {
    if (!card) return onDone()
    const { answers, badDates } = toAnswers(values)
    const checked = checkMoveAnswers(actor, card, stage, rules, move.fields, answers)
    const wrong = checked.ok ? badDates : [...new Set([...badDates, ...checked.missing])]
    setInvalid(wrong)
    setRefusal(checked.ok ? null : checked.refusal)
    if (!checked.ok || wrong.length > 0) {
      focusField(form, wrong)
      return
    }
    const { fields, extra } = checked
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

  const fieldId = (field: AskField) => `${ids}-${field}`
  const problem = (field: AskField) =>
    invalid.includes(field)
      ? t(
          (field === 'scheduledAt' || field === 'publishedAt') && values[field]?.trim()
            ? 'errors.invalidDate'
            : 'moveFields.required',
        )
      : null
  const common = (field: AskField) => ({
    ...controlProps(fieldId(field), field, problem(field)),
    value: values[field] ?? '',
    required: true,
  })
  const row = (field: AskField, label: string, control: ReactNode) => (
    <DialogField
      key={field}
      id={fieldId(field)}
      className={`field-${field}`}
      label={label}
      problem={problem(field)}
    >
      {control}
    </DialogField>
  )

  const control = (field: AskField): ReactNode => {
    switch (field) {
      case 'scheduledAt':
      case 'publishedAt':
        return row(
          field,
          t(`moveFields.${field}`),
          <input
            {...common(field)}
            type="datetime-local"
            onChange={(e) => set(field, e.target.value)}
          />,
        )
      case 'network':
        return row(
          field,
          t('card.network'),
          <select {...common(field)} onChange={(e) => set(field, e.target.value)}>
            <option value="">{t('moveFields.choose')}</option>
            {NETWORKS.map((network) => (
              <option key={network} value={network}>
                {t(`networks.${network}`)}
              </option>
            ))}
          </select>,
        )
      case 'assigneeId':
        return row(
          field,
          t('moveFields.assigneeId'),
          <>
            <select {...common(field)} onChange={(e) => set(field, e.target.value)}>
              <option value="">{t('moveFields.choose')}</option>
              {cms.map((cm) => {
                const count = load.get(cm.id) ?? 0
                const limit = rules.cmWipLimit
                return (
                  <option key={cm.id} value={cm.id}>
                    {limit === null
                      ? t('moveFields.cmLoad', { name: cm.name, count })
                      : t(cmLoadKey(count, limit), {
                          name: cm.name,
                          count,
                          limit,
                        })}
                  </option>
                )
              })}
            </select>
            {cms.length === 0 && <p className="hint">{t('moveFields.noCms')}</p>}
          </>,
        )
      case 'severity':
        return row(
          field,
          t('card.severity'),
          <select {...common(field)} onChange={(e) => set(field, e.target.value)}>
            <option value="">{t('moveFields.choose')}</option>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {t(`severities.${severity}`)}
              </option>
            ))}
          </select>,
        )
      case 'escalationReason':
      case 'resolutionNote':
      case 'description':
        return row(
          field,
          t(`moveFields.${field}`),
          <textarea
            {...common(field)}
            rows={3}
            maxLength={LIMITS.description}
            onChange={(e) => set(field, e.target.value)}
          />,
        )
      case 'campaign':
      case 'tags':
      case 'title':
        return row(
          field,
          t(`card.${field}`),
          <input
            {...common(field)}
            maxLength={LIMITS.title}
            onChange={(e) => set(field, e.target.value)}
          />,
        )
    }
  }

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
      submit={{ label: t('moveFields.confirm'), testId: 'move-fields-confirm' }}
      onSubmit={confirm}
      onClose={onDone}
    >
      {move.fields.map(control)}
      <FormError message={refusal && refusalMessage(refusal, t, i18n.language, rules)} />
    </FormDialog>
  )
}
