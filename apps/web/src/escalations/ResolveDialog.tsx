import { LIMITS, type Refusal } from '@pauta/domain'
import { useId, useState } from 'react'
import { controlProps, DialogField, focusField } from '../app/DialogField.tsx'
import { useBoard, useCard } from '../board/use-board.ts'
import { useCommand } from '../board/use-command.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { ActionDialog } from '../queue/ActionDialog.tsx'
import { refusalMessage } from '../rules/refusal-message.ts'
import { checkResolve, type ResolveProblem, resolveTargets } from './resolve.ts'

/**
 * Resolve an escalation: how it was resolved (required) and where the post goes, back to
 * monitored or to plan for corrective content; only the ways the rules allow are offered.
 */
export function ResolveDialog({ cardId, onDone }: { cardId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation()
  const { actor, rules } = useBoard()
  const run = useCommand()
  const card = useCard(cardId)
  const targets = card ? resolveTargets(actor, card, rules) : []
  const [to, setTo] = useState<string>(() => targets[0] ?? '')
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<Partial<Record<'to' | 'resolutionNote', ResolveProblem>>>({})
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const ids = useId()
  const gone =
    !card || card.archived || card.stage !== 'escalated' ? t('escalations.resolve.gone') : null

  const submit = (form: HTMLFormElement) => {
    if (!card || gone) return
    const checked = checkResolve(actor, card, rules, { to, resolutionNote: note })
    if (!checked.ok) {
      setErrors(checked.errors)
      setRefusal(checked.refusal)
      focusField(form, Object.keys(checked.errors))
      return
    }
    const resolved = run({
      type: 'resolve',
      cardId: card.id,
      stage: checked.to,
      resolutionNote: note,
    })
    if (!resolved.ok) return setRefusal(resolved.refusal)
    onDone()
  }

  const problem = (field: 'to' | 'resolutionNote') => {
    const found = errors[field]
    return found ? t(`queue.problems.${found}`, { max: LIMITS.description }) : null
  }

  return (
    <ActionDialog
      title={t('escalations.resolve.title')}
      subject={card?.title}
      submitLabel={t('escalations.resolve.submit')}
      submitTestId="escalation-dialog-submit"
      error={gone ?? (refusal ? refusalMessage(refusal, t, i18n.language, rules) : null)}
      onSubmit={submit}
      onClose={onDone}
    >
      <fieldset
        className="resolve-targets"
        aria-invalid={errors.to ? true : undefined}
        aria-describedby={errors.to ? `${ids}-to-error` : undefined}
      >
        <legend>{t('escalations.resolve.to')}</legend>
        {targets.map((target) => (
          <label key={target} className="resolve-target">
            <input
              type="radio"
              name="to"
              value={target}
              checked={to === target}
              data-testid={`escalation-resolve-${target}`}
              onChange={() => setTo(target)}
            />
            <span>
              <strong>{t(`escalations.resolve.targets.${target}`)}</strong>
              <span className="muted small"> {t(`escalations.resolve.targetHints.${target}`)}</span>
            </span>
          </label>
        ))}
        {errors.to && (
          <p className="field-error" id={`${ids}-to-error`}>
            {problem('to')}
          </p>
        )}
      </fieldset>
      <DialogField
        id={`${ids}-note`}
        label={t('escalations.resolve.note')}
        hint={t('escalations.resolve.noteHint')}
        problem={problem('resolutionNote')}
      >
        <textarea
          {...controlProps(`${ids}-note`, 'resolutionNote', problem('resolutionNote'), true)}
          rows={4}
          required
          maxLength={LIMITS.description}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </DialogField>
    </ActionDialog>
  )
}
