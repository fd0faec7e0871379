import type { Refusal } from '@pauta/domain'
import { useTranslation } from '../../i18n/use-translation.ts'
import { refusalMessage } from '../../rules/refusal-message.ts'
import { useBoard } from '../use-board.ts'

/** Why the last save or archive was refused, in the reader's words. */
export function CardRefusal({ refusal }: { refusal: Refusal }) {
  const { t, i18n } = useTranslation()
  const { rules } = useBoard()
  return (
    <p className="form-error" role="alert" data-testid="card-refusal">
      {refusalMessage(refusal, t, i18n.language, rules)}
    </p>
  )
}

/**
 * The dialog's actions: archive (a manager or strategist, `lead`), "Move to…" (when a stage
 * takes the card from this person), cancel or close, and save, which submits the form. Only
 * close when the card is only shown. On a phone they wrap onto two rows.
 */
export function CardDialogFooter({
  canEdit,
  lead,
  onArchive,
  onMoveTo,
  onClose,
}: {
  canEdit: boolean
  lead: boolean
  onArchive: () => void
  /** null where the board is read-only for this person */
  onMoveTo: (() => void) | null
  onClose: () => void
}) {
  const { t } = useTranslation()
  return (
    <footer className="card-dialog-footer">
      {canEdit && lead && (
        <button
          type="button"
          className="button danger subtle"
          data-testid="archive-card"
          onClick={onArchive}
        >
          {t('card.archive')}
        </button>
      )}
      {onMoveTo && (
        <button
          type="button"
          className="button"
          data-testid="move-to-open"
          aria-haspopup="dialog"
          onClick={onMoveTo}
        >
          {t('moveTo.action')}
        </button>
      )}
      <span className="spacer" />
      <button type="button" className="button" onClick={onClose}>
        {t(canEdit ? 'card.cancel' : 'card.close')}
      </button>
      {canEdit && (
        <button type="submit" className="button primary" data-testid="save-card">
          {t('card.save')}
        </button>
      )}
    </footer>
  )
}
