import type { CommandResult } from '@pauta/board'
import { useCallback } from 'react'
import { useTranslation } from '../../i18n/use-translation.ts'
import { useBoard } from '../use-board.ts'
import { useCommand } from '../use-command.ts'
import { useUndo } from './use-undo.ts'

/**
 * Archives a card and says so: "Archived: title" with Undo, which restores it where it was
 * (the `restore` command, judged by the rules like any other).
 */
export function useArchive(): (cardId: string) => CommandResult {
  const { t } = useTranslation()
  const { notify } = useUndo()
  const { session, refuse } = useBoard()
  const run = useCommand()
  return useCallback(
    (cardId: string) => {
      const card = session.store.getCard(cardId)
      const index = card ? session.store.getColumn(card.stage).indexOf(cardId) : -1
      const archived = run({ type: 'archive', cardId })
      if (!archived.ok) return archived
      const restore = () => {
        const restored = run({ type: 'restore', cardId, ...(index >= 0 ? { index } : {}) })
        if (!restored.ok) refuse(restored.refusal)
      }
      notify({
        text: t('undo.archived', { title: archived.change.after.title }),
        tone: 'status',
        action: { label: t('undo.undo'), run: restore },
      })
      return archived
    },
    [t, notify, refuse, run, session],
  )
}
