import type { Stage } from '@pauta/domain'
import { type ReactNode, useState } from 'react'
import { useTranslation } from '../../i18n/use-translation.ts'
import { MoveToDialog } from '../board-dialogs.tsx'
import { useBoard } from '../use-board.ts'
import { MoveToContext } from './move-to-context.ts'

/**
 * Brings the moved card into view and gives it focus again, in its new column. It went to the
 * end of that column, which draws only the cards in view: the column scrolls to its end first.
 */
export function focusCard(cardId: string, stage: Stage): void {
  const find = () =>
    document.querySelector<HTMLElement>(
      `[data-testid="card"][data-card-id="${CSS.escape(cardId)}"]`,
    )
  const show = (card: HTMLElement) => {
    card.scrollIntoView({ block: 'nearest', inline: 'nearest' })
    card.focus()
  }
  requestAnimationFrame(() => {
    const card = find()
    if (card) return show(card)
    const body = document.querySelector<HTMLElement>(`[data-testid="column-${stage}"] .column-body`)
    if (!body) return
    body.scrollIntoView({ block: 'nearest', inline: 'nearest' })
    body.scrollTop = body.scrollHeight
    // the column draws its last cards on the next frames
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const drawn = find()
        if (drawn) show(drawn)
      }),
    )
  })
}

/**
 * Holds the board's "Move to…" dialog for the cards' `m` key, and says what moved in a live
 * region once it has.
 */
export function MoveToHost({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const { session, canEdit } = useBoard()
  const [cardId, setCardId] = useState<string | null>(null)
  const [said, setSaid] = useState('')

  const moved = (id: string, stage: Stage) => {
    setCardId(null)
    const title = session.store.getCard(id)?.title ?? ''
    setSaid(t('moveTo.moved', { title, stage: t(`stages.${stage}`) }))
    focusCard(id, stage)
  }

  return (
    <MoveToContext value={canEdit ? setCardId : null}>
      {children}
      {cardId && (
        <MoveToDialog
          key={cardId}
          cardId={cardId}
          onClose={() => setCardId(null)}
          onMoved={(stage) => moved(cardId, stage)}
        />
      )}
      <p className="visually-hidden" role="status" data-testid="move-to-status">
        {said}
      </p>
    </MoveToContext>
  )
}
