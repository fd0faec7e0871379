import { updateCard } from '@pauta/board'
import { type Card, judgeCardChange } from '@pauta/domain'
import { useTranslation } from 'react-i18next'
import { useBoard } from './use-board.ts'

/** A community manager takes an unassigned calendar post: the assignment, nothing else. */
export function TakeButton({ card, onTaken }: { card: Card; onTaken?: () => void }) {
  const { t } = useTranslation()
  const { session, actor, rules, refuse } = useBoard()
  const take = () => {
    const verdict = judgeCardChange(actor, card, { ...card, assigneeId: actor.id }, rules)
    if (!verdict.ok) {
      refuse(verdict.refusal)
      return
    }
    updateCard(session.doc, card.id, { assigneeId: actor.id })
    onTaken?.()
  }
  return (
    <button
      type="button"
      className="button small-button take-button"
      data-testid="take-card"
      title={t('card.takeHint')}
      // the card around it opens on click and starts a drag on Space: this button does neither
      onClick={(event) => {
        event.stopPropagation()
        take()
      }}
      onKeyDown={(event) => event.stopPropagation()}
      onPointerDown={(event) => event.stopPropagation()}
    >
      {t('card.take')}
    </button>
  )
}
