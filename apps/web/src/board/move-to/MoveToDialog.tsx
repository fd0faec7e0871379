import { type Refusal, STAGES, type Stage } from '@pauta/domain'
import { type FormEvent, useId, useMemo, useState } from 'react'
import { FormError } from '../../app/FormError.tsx'
import { ModalDialog } from '../../app/ModalDialog.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'
import { refusalMessage } from '../../rules/refusal-message.ts'
import { MoveFieldsDialog } from '../MoveFieldsDialog.tsx'
import { useBoard, useCard } from '../use-board.ts'
import { useCommand } from '../use-command.ts'
import {
  blockedTargets,
  END_OF_STAGE,
  firstChoice,
  type MoveTarget,
  moveTargets,
} from './move-targets.ts'
import { StageChoices } from './StageChoices.tsx'
import '../../styles/move-to.css'

/**
 * "Move to…": the stages this person may move the card to, then the fields the chosen stage
 * needs (the same dialog a drop opens), then the `move` command, to the end of that stage.
 * For phones, where dragging across six columns is slow, and for the keyboard (`m`).
 */
export function MoveToDialog({
  cardId,
  onClose,
  onMoved,
}: {
  cardId: string
  onClose: () => void
  /** the card is in `stage` now */
  onMoved: (stage: Stage) => void
}) {
  const { t, i18n } = useTranslation()
  const { actor, rules, session } = useBoard()
  const run = useCommand()
  const card = useCard(cardId)
  const ids = useId()
  const targets = useMemo(
    () => (card ? moveTargets(actor, card, rules, STAGES) : []),
    [card, actor, rules],
  )
  const blocked = useMemo(
    () => (card ? blockedTargets(actor, card, rules, STAGES) : []),
    [card, actor, rules],
  )
  const [choice, setChoice] = useState<Stage | null>(() =>
    card ? firstChoice(card, targets) : null,
  )
  const [asking, setAsking] = useState<MoveTarget | null>(null)
  const [refusal, setRefusal] = useState<Refusal | null>(null)

  if (asking) {
    return (
      <MoveFieldsDialog
        move={{
          cardId,
          target: { stage: asking.stage, index: END_OF_STAGE },
          fields: asking.fields,
        }}
        onDone={() => {
          // confirmed (the card is there now) or cancelled (back to the choice of stage)
          if (session.store.getCard(cardId)?.stage === asking.stage) onMoved(asking.stage)
          else setAsking(null)
        }}
      />
    )
  }

  const chosen = targets.find((target) => target.stage === choice) ?? null
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!chosen) return onClose()
    if (chosen.fields.length > 0) return setAsking(chosen)
    const moved = run({ type: 'move', cardId, stage: chosen.stage, index: END_OF_STAGE })
    if (!moved.ok) return setRefusal(moved.refusal)
    onMoved(chosen.stage)
  }

  return (
    <ModalDialog
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-intro`}
      className="card-dialog move-to-dialog"
      data-testid="move-to"
      onClose={onClose}
    >
      <form className="card-dialog-body" onSubmit={submit} noValidate>
        <header className="card-dialog-header">
          <h2 id={`${ids}-title`}>{t('moveTo.title', { title: card?.title ?? '' })}</h2>
        </header>
        <p id={`${ids}-intro`} className="muted">
          {card && t('moveTo.current', { stage: t(`stages.${card.stage}`) })}
          {'. '}
          {t(targets.length > 0 ? 'moveTo.intro' : 'moveTo.none')}
        </p>
        {targets.length > 0 && (
          <StageChoices targets={targets} choice={choice} onChoose={setChoice} />
        )}
        {blocked.length > 0 && (
          <ul className="move-to-blocked" data-testid="move-to-blocked">
            {blocked.map(({ stage, refusal: why }) => (
              <li key={stage}>
                <strong>{t(`stages.${stage}`)}</strong>:{' '}
                {refusalMessage(why, t, i18n.language, rules)}
              </li>
            ))}
          </ul>
        )}
        <FormError message={refusal && refusalMessage(refusal, t, i18n.language, rules)} />
        <footer className="card-dialog-footer">
          <span className="spacer" />
          <button type="button" className="button" data-testid="move-to-cancel" onClick={onClose}>
            {t(targets.length > 0 ? 'moveTo.cancel' : 'moveTo.close')}
          </button>
          {chosen && (
            <button type="submit" className="button primary" data-testid="move-to-confirm">
              {t(chosen.fields.length > 0 ? 'moveTo.next' : 'moveTo.confirm')}
            </button>
          )}
        </footer>
      </form>
    </ModalDialog>
  )
}
