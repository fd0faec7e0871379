import { createContext, useContext } from 'react'
import type { UndoKind, UndoState } from './board-undo.ts'

/** A short message at the bottom of the board, with at most one action ("Undo"). */
export interface UndoNotice {
  text: string
  action?: { label: string; run: () => void }
  /** `alert` for a refusal, `status` for news */
  tone: 'alert' | 'status'
  seq: number
}

/** What the board's parts use of undo: the buttons' state, the steps, and the notice. */
export interface UndoApi {
  state: UndoState
  /** Undoes or redoes this person's last step, if the rules allow it now; says why not. */
  step(kind: UndoKind): void
  notice: UndoNotice | null
  notify(notice: Omit<UndoNotice, 'seq'>): void
  dismiss(): void
}

export const UndoContext = createContext<UndoApi | null>(null)

/** Undo of the open board (created once per board session by `UndoProvider`). */
export function useUndo(): UndoApi {
  const value = useContext(UndoContext)
  if (!value) throw new Error('useUndo outside an UndoProvider')
  return value
}
