import {
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react'
import type * as Y from 'yjs'
import { useTranslation } from '../../i18n/use-translation.ts'
import { refusalMessage } from '../../rules/refusal-message.ts'
import { useBoard } from '../use-board.ts'
import { BoardUndo, type UndoKind, type UndoState } from './board-undo.ts'
import type { StepRefusal } from './card-steps.ts'
import { isTypingTarget, undoKindOf } from './keys.ts'
import { type UndoApi, UndoContext, type UndoNotice } from './use-undo.ts'

const NOTHING: UndoState = { canUndo: false, canRedo: false }
const noSubscription = () => () => {}

/** One BoardUndo per board document, destroyed with it. */
function useBoardUndo(doc: Y.Doc): BoardUndo | null {
  const [undo, setUndo] = useState<BoardUndo | null>(null)
  useEffect(() => {
    const created = new BoardUndo(doc)
    setUndo(created)
    return () => {
      created.destroy()
      setUndo(null)
    }
  }, [doc])
  return undo
}

function useNotice() {
  const [notice, setNotice] = useState<UndoNotice | null>(null)
  const notify = useCallback(
    (next: Omit<UndoNotice, 'seq'>) =>
      setNotice((previous) => ({ ...next, seq: (previous?.seq ?? 0) + 1 })),
    [],
  )
  const dismiss = useCallback(() => setNotice(null), [])
  return { notice, notify, dismiss }
}

/**
 * Undo and redo for the open board, once per session: the steps, the keyboard shortcuts
 * (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z and Ctrl+Y, never while typing in a field) and the notice
 * that says why a step cannot be taken back.
 */
export function UndoProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation()
  const { session, actor, rules, canEdit } = useBoard()
  const undo = useBoardUndo(session.doc)
  const state = useSyncExternalStore(
    undo?.subscribe ?? noSubscription,
    undo?.getState ?? (() => NOTHING),
  )
  const { notice, notify, dismiss } = useNotice()

  const why = useCallback(
    (kind: UndoKind, refusal: StepRefusal): string => {
      if (refusal.kind === 'new-card') return t('undo.newCard')
      const reason = refusalMessage(refusal.refusal, t, i18n.language, rules)
      if (refusal.refusal.code === 'take-back-late') return reason
      return t(kind === 'undo' ? 'undo.refused' : 'undo.refusedRedo', { reason })
    },
    [t, i18n.language, rules],
  )

  const step = useCallback(
    (kind: UndoKind) => {
      if (!undo || !canEdit) return
      const outcome = undo.run(kind, { actor, rules, now: new Date() })
      if (outcome.ok) return dismiss()
      if (outcome.refusal) notify({ text: why(kind, outcome.refusal), tone: 'alert' })
    },
    [undo, canEdit, actor, rules, notify, dismiss, why],
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const kind = undoKindOf(event)
      if (!kind || event.defaultPrevented || isTypingTarget(event.target)) return
      event.preventDefault()
      step(kind)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [step])

  const value = useMemo<UndoApi>(
    () => ({ state: canEdit ? state : NOTHING, step, notice, notify, dismiss }),
    [canEdit, state, step, notice, notify, dismiss],
  )
  return <UndoContext value={value}>{children}</UndoContext>
}
