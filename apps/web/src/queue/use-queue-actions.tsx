import type { Card } from '@pauta/domain'
import { type ReactNode, type RefObject, useCallback, useEffect, useRef, useState } from 'react'
import { useBoard } from '../board/use-board.ts'
import { useCommand } from '../board/use-command.ts'
import { EscalateDialog, NoteDialog, type PendingAction, PublishDialog } from './QueueDialogs.tsx'
import type { QueueAction } from './queue-actions.ts'

/**
 * The queue's buttons, for "My posts" and "Team posts" alike: take and monitor in one click,
 * the rest through their dialog. A post that moved to another section takes its buttons with
 * it, so focus follows the post (looked up under `container`).
 */
export function useQueueActions(container: RefObject<HTMLElement | null>): {
  onAction: (action: QueueAction, card: Card) => void
  dialogs: ReactNode
} {
  const { refuse } = useBoard()
  const run = useCommand()
  const [pending, setPending] = useState<PendingAction | null>(null)
  const focusNext = useRef<string | null>(null)

  useEffect(() => {
    const id = focusNext.current
    if (!id) return
    focusNext.current = null
    container.current
      ?.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(id)}"] .queue-item-title`)
      ?.focus()
  })

  const onAction = useCallback(
    (action: QueueAction, card: Card) => {
      if (action === 'take' || action === 'monitor') {
        // one click: taken, or appended to monitored; a refusal says why, nothing is written
        const done = run({ type: action, cardId: card.id })
        if (!done.ok) return refuse(done.refusal)
        focusNext.current = card.id
        return
      }
      setPending({ kind: action, cardId: card.id })
    },
    [run, refuse],
  )

  const done = useCallback(
    (moved: boolean) => {
      if (moved && pending) focusNext.current = pending.cardId
      setPending(null)
    },
    [pending],
  )

  const dialogs = (
    <>
      {pending?.kind === 'publish' && (
        <PublishDialog key={pending.cardId} action={pending} onDone={done} />
      )}
      {pending?.kind === 'note' && (
        <NoteDialog key={pending.cardId} action={pending} onDone={done} />
      )}
      {pending?.kind === 'escalate' && (
        <EscalateDialog key={pending.cardId} action={pending} onDone={done} />
      )}
    </>
  )
  return { onAction, dialogs }
}
