import { useState } from 'react'
import { useTranslation } from '../../i18n/use-translation.ts'
import { ArchivedDialog } from '../board-dialogs.tsx'
import { useBoard } from '../use-board.ts'
import { useUndo } from './use-undo.ts'
import '../../styles/undo.css'

/**
 * Undo and redo of this person's own changes, and the board's archived cards. A button with
 * nothing to do says so in its tooltip and does nothing.
 */
export function UndoBar() {
  const { t } = useTranslation()
  const { state, step } = useUndo()
  const { canEdit } = useBoard()
  const [archivedOpen, setArchivedOpen] = useState(false)
  return (
    <div className="undo-bar" role="toolbar" aria-label={t('undo.toolbar')}>
      {canEdit && (
        <>
          <button
            type="button"
            className="button subtle undo-button"
            aria-disabled={!state.canUndo}
            title={t(state.canUndo ? 'undo.undoHint' : 'undo.nothingToUndo')}
            aria-keyshortcuts="Control+Z Meta+Z"
            data-testid="undo"
            onClick={() => state.canUndo && step('undo')}
          >
            <span aria-hidden="true">↶</span> {t('undo.undo')}
          </button>
          <button
            type="button"
            className="button subtle undo-button"
            aria-disabled={!state.canRedo}
            title={t(state.canRedo ? 'undo.redoHint' : 'undo.nothingToRedo')}
            aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
            data-testid="redo"
            onClick={() => state.canRedo && step('redo')}
          >
            <span aria-hidden="true">↷</span> {t('undo.redo')}
          </button>
        </>
      )}
      <button
        type="button"
        className="button subtle"
        title={t('archived.openHint')}
        data-testid="open-archived"
        onClick={() => setArchivedOpen(true)}
      >
        {t('archived.open')}
      </button>
      {archivedOpen && <ArchivedDialog onClose={() => setArchivedOpen(false)} />}
    </div>
  )
}
