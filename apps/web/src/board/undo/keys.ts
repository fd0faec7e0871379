import { isTyping } from '../../app/keyboard.ts'
import type { UndoKind } from './board-undo.ts'

/** What a key press asks of undo: Ctrl/Cmd+Z undoes; Shift+Ctrl/Cmd+Z and Ctrl+Y redo. */
export function undoKindOf(event: {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}): UndoKind | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null
  const key = event.key.toLowerCase()
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo'
  if (key === 'y' && event.ctrlKey && !event.shiftKey) return 'redo'
  return null
}

/**
 * A field being typed in keeps the browser's own undo of its text; an open dialog (a card
 * being edited) keeps the keys to itself too.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (isTyping(target)) return true
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false
  return target.closest('dialog[open]') !== null
}
