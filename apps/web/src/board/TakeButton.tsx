import type { Card } from '@pauta/domain'
import type { CSSProperties } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'
import { useBoard } from './use-board.ts'
import { useCommand } from './use-command.ts'

/** A community manager takes an unassigned calendar post: the assignment, nothing else. */
export function TakeButton({
  card,
  onTaken,
  style,
}: {
  card: Card
  onTaken?: () => void
  style?: CSSProperties
}) {
  const { t } = useTranslation()
  const { refuse } = useBoard()
  const run = useCommand()
  const take = () => {
    const taken = run({ type: 'take', cardId: card.id })
    if (!taken.ok) return refuse(taken.refusal)
    onTaken?.()
  }
  return (
    <button
      type="button"
      className="button small-button take-button"
      data-testid="take-card"
      data-card-id={card.id}
      style={style}
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
