import type { Stage } from '@pauta/domain'
import { useTranslation } from '../../i18n/use-translation.ts'

/** The dialog's title (which labels it, by `titleId`), the card's stage, and a close button. */
export function CardDialogHeader({
  titleId,
  canEdit,
  stage,
  onClose,
}: {
  titleId: string
  canEdit: boolean
  /** absent while there is no card to show */
  stage: Stage | undefined
  onClose: () => void
}) {
  const { t } = useTranslation()
  return (
    <header className="card-dialog-header">
      <h2 id={titleId}>{t(canEdit ? 'card.dialogTitle' : 'card.viewTitle')}</h2>
      {stage && <span className={`stage-pill stage-${stage}`}>{t(`stages.${stage}`)}</span>}
      <button type="button" className="icon-button" aria-label={t('card.close')} onClick={onClose}>
        ×
      </button>
    </header>
  )
}
