import { type Card, canTakeCard, type Refusal } from '@pauta/domain'
import { useTranslation } from '../../i18n/use-translation.ts'
import { refusalMessage } from '../../rules/refusal-message.ts'
import { TakeButton } from '../TakeButton.tsx'
import { useBoard } from '../use-board.ts'

/**
 * Why the card is only shown, not editable; with "Take" when a community manager may take it
 * (possible only while the board is live).
 */
export function ViewOnlyNotice({ reason, card }: { reason: Refusal; card: Card }) {
  const { t, i18n } = useTranslation()
  const { canEdit: live, actor, rules } = useBoard()
  return (
    <p className="notice info view-only" data-testid="view-only">
      {refusalMessage(reason, t, i18n.language, rules)}
      {live && canTakeCard(actor, card) && (
        <>
          {' '}
          <TakeButton card={card} />
        </>
      )}
    </p>
  )
}
